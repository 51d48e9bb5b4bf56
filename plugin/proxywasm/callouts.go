package proxywasm

import (
	"time"

	"gatehouse/abi"
)

// Callouts are issued on the root context of the caller, and their answers
// arrive on that root context (RootContext.OnHTTPCallResponse, OnGrpc*), possibly
// after the originating stream is gone. Errors here are wrapped with the call and
// its target; they are off the hot path.

// HTTPCall sends an HTTP request to the Envoy cluster named cluster and returns
// the token that OnHTTPCallResponse will carry. headers must contain :method,
// :path and :authority. timeout 0 means none; a positive timeout below 1ms is
// rounded up to 1ms.
func HTTPCall(cluster string, headers []abi.Pair, body []byte, trailers []abi.Pair, timeout time.Duration) (uint32, error) {
	const fn = "HTTPCall"
	if cluster == "" {
		return 0, badArgument(fn, "empty cluster name")
	}
	for _, name := range [...]string{":method", ":path", ":authority"} {
		if !hasKey(headers, name) {
			return 0, badArgument(fn, "headers lack %s", name)
		}
	}
	ms, err := durationMillis(fn, "timeout", timeout)
	if err != nil {
		return 0, err
	}
	cn, err := len32(fn, "cluster", len(cluster))
	if err != nil {
		return 0, err
	}
	h, err := encodePairs(fn, "headers", headers)
	if err != nil {
		return 0, err
	}
	t, err := encodePairs(fn, "trailers", trailers)
	if err != nil {
		return 0, err
	}
	hn, err := len32(fn, "headers", len(h))
	if err != nil {
		return 0, err
	}
	bn, err := len32(fn, "body", len(body))
	if err != nil {
		return 0, err
	}
	tn, err := len32(fn, "trailers", len(t))
	if err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyHTTPCall(stringPtr(cluster), cn, bytesPtr(h), hn, bytesPtr(body), bn, bytesPtr(t), tn, ms, &f.u32)
	token := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, hostError(fn, st, "cluster %q", cluster)
	}
	return token, nil
}

// GrpcCall starts a unary gRPC call. service is a cluster name or a serialized
// envoy.config.core.v3.GrpcService; serviceName and method name the RPC
// (e.g. "envoy.service.auth.v3.Authorization", "Check"). The answer arrives via
// the RootContext OnGrpc* callbacks with the returned token. Not provided by
// proxytest.
func GrpcCall(service, serviceName, method string, metadata []abi.Pair, message []byte, timeout time.Duration) (uint32, error) {
	const fn = "GrpcCall"
	sn, nn, mn, md, mdn, err := grpcArgs(fn, service, serviceName, method, metadata)
	if err != nil {
		return 0, err
	}
	ms, err := durationMillis(fn, "timeout", timeout)
	if err != nil {
		return 0, err
	}
	msgn, err := len32(fn, "message", len(message))
	if err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyGrpcCall(stringPtr(service), sn, stringPtr(serviceName), nn, stringPtr(method), mn, bytesPtr(md), mdn, bytesPtr(message), msgn, ms, &f.u32)
	token := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, hostError(fn, st, "%s/%s", serviceName, method)
	}
	return token, nil
}

// GrpcStream opens a gRPC stream; send with GrpcSend. Not provided by proxytest.
func GrpcStream(service, serviceName, method string, metadata []abi.Pair) (uint32, error) {
	const fn = "GrpcStream"
	sn, nn, mn, md, mdn, err := grpcArgs(fn, service, serviceName, method, metadata)
	if err != nil {
		return 0, err
	}
	f := acquireFrame()
	st := proxyGrpcStream(stringPtr(service), sn, stringPtr(serviceName), nn, stringPtr(method), mn, bytesPtr(md), mdn, &f.u32)
	token := f.u32
	f.release()
	if st != abi.StatusOK {
		return 0, hostError(fn, st, "%s/%s", serviceName, method)
	}
	return token, nil
}

// GrpcSend sends a message on a stream opened with GrpcStream.
func GrpcSend(token uint32, message []byte, endStream bool) error {
	n, err := len32("GrpcSend", "message", len(message))
	if err != nil {
		return err
	}
	return hostError("GrpcSend", proxyGrpcSend(token, bytesPtr(message), n, endStream), "token %d", token)
}

// GrpcCancel cancels a gRPC call or stream; no further callbacks arrive for it.
func GrpcCancel(token uint32) error {
	return hostError("GrpcCancel", proxyGrpcCancel(token), "token %d", token)
}

// GrpcClose half-closes a gRPC stream.
func GrpcClose(token uint32) error {
	return hostError("GrpcClose", proxyGrpcClose(token), "token %d", token)
}

// GetStatus returns the status of the last HTTP or gRPC callout as the host
// recorded it on the root context (for a failed HTTP call Envoy reports code 11
// and message "reset"). Call it from the callout callbacks. Not provided by
// proxytest.
func GetStatus() (code uint32, message string, err error) {
	f := acquireFrame()
	st := proxyGetStatus(&f.u32, f.ptrSlot(), &f.n)
	code = f.u32
	b, err := f.take()
	if st != abi.StatusOK {
		return 0, "", st
	}
	if err != nil {
		return 0, "", err
	}
	return code, ownedString(b), nil
}

func grpcArgs(fn, service, serviceName, method string, metadata []abi.Pair) (sn, nn, mn uint32, md []byte, mdn uint32, err error) {
	if service == "" {
		return 0, 0, 0, nil, 0, badArgument(fn, "empty service")
	}
	if sn, err = len32(fn, "service", len(service)); err != nil {
		return
	}
	if nn, err = len32(fn, "service name", len(serviceName)); err != nil {
		return
	}
	if mn, err = len32(fn, "method", len(method)); err != nil {
		return
	}
	if md, err = encodePairs(fn, "metadata", metadata); err != nil {
		return
	}
	mdn, err = len32(fn, "metadata", len(md))
	return
}

func hasKey(pairs []abi.Pair, key string) bool {
	for _, p := range pairs {
		if p.Key == key {
			return true
		}
	}
	return false
}
