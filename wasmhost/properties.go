package wasmhost

import (
	"encoding/binary"
	"net"
	"strconv"
	"strings"
	"time"

	"gatehouse/abi"
)

// Property values before encoding: string, []byte, int64, uint64, bool,
// time.Time, time.Duration, or propMap.
type propMap []propEntry

type propEntry struct {
	key   string
	value any
}

// encodeProperty serializes a value the way Envoy's serializeValue does: strings
// raw, integers 8-byte little-endian, bools one byte, timestamps and durations as
// int64 nanoseconds, maps as serialized pairs.
func encodeProperty(v any) ([]byte, abi.Status) {
	switch x := v.(type) {
	case string:
		return []byte(x), abi.StatusOK
	case []byte:
		return x, abi.StatusOK
	case int64:
		return binary.LittleEndian.AppendUint64(nil, uint64(x)), abi.StatusOK
	case uint64:
		return binary.LittleEndian.AppendUint64(nil, x), abi.StatusOK
	case bool:
		if x {
			return []byte{1}, abi.StatusOK
		}
		return []byte{0}, abi.StatusOK
	case time.Time:
		return binary.LittleEndian.AppendUint64(nil, uint64(x.UnixNano())), abi.StatusOK
	case time.Duration:
		return binary.LittleEndian.AppendUint64(nil, uint64(x)), abi.StatusOK
	case propMap:
		pairs := make([]abi.Pair, 0, len(x))
		for _, e := range x {
			b, st := encodeProperty(e.value)
			if st != abi.StatusOK {
				return nil, st
			}
			pairs = append(pairs, abi.Pair{Key: e.key, Value: string(b)})
		}
		return abi.EncodePairs(pairs), abi.StatusOK
	}
	return nil, abi.StatusSerializationFailure
}

func headersProp(m *headerMap) propMap {
	if m == nil {
		return nil
	}
	var out propMap
	for _, p := range m.joined() {
		out = append(out, propEntry{p.Key, p.Value})
	}
	return out
}

func splitHostPort(addr string) (string, int64) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, 0
	}
	_ = host
	p, _ := strconv.ParseInt(port, 10, 64)
	return addr, p
}

// lookupProperty resolves a NUL-separated path for context c.
func (w *worker) lookupProperty(c *vmCtx, path string) ([]byte, abi.Status) {
	// The peer addresses are read on every request by most filters; answer them
	// without building the attribute maps.
	if c != nil && c.stream != nil {
		switch path {
		case propSourceAddress:
			return []byte(c.stream.src), abi.StatusOK
		case propDestinationAddress:
			return []byte(c.stream.dst), abi.StatusOK
		}
	}
	segs := abi.SplitPropertyPath(path)
	var v any
	found := false
	h := w.h
	switch segs[0] {
	case "plugin_name":
		v, found = h.cfg.PluginName, true
	case "plugin_root_id":
		v, found = h.cfg.RootID, true
	case "plugin_vm_id":
		v, found = h.cfg.VMID, true
	}
	if !found {
		if c == nil || c.stream == nil {
			return nil, abi.StatusNotFound
		}
		v, found = c.stream.property(segs[0])
		if !found {
			return nil, abi.StatusNotFound
		}
	}
	for _, seg := range segs[1:] {
		m, ok := v.(propMap)
		if !ok {
			return nil, abi.StatusNotFound
		}
		found = false
		for _, e := range m {
			if e.key == seg {
				v, found = e.value, true
				break
			}
		}
		if !found {
			return nil, abi.StatusNotFound
		}
	}
	return encodeProperty(v)
}

var (
	propSourceAddress      = abi.PropertyPath("source", "address")
	propDestinationAddress = abi.PropertyPath("destination", "address")
)

// property returns the top-level attribute name for this stream.
func (s *stream) property(name string) (any, bool) {
	switch name {
	case "request":
		return s.requestProps(), true
	case "response":
		if !s.resp.haveHeaders {
			return nil, false
		}
		return s.responseProps(), true
	case "source":
		a, p := splitHostPort(s.src)
		return propMap{{"address", a}, {"port", p}}, true
	case "destination":
		a, p := splitHostPort(s.dst)
		return propMap{{"address", a}, {"port", p}}, true
	case "connection":
		return propMap{{"id", s.connID}, {"mtls", false}, {"requested_server_name", ""}}, true
	case "connection_id":
		return s.connID, true
	}
	if v, ok := s.filter[name]; ok {
		return v, true
	}
	return nil, false
}

func (s *stream) requestProps() propMap {
	hm := s.req.headers
	get := func(k string) string { v, _ := hm.get(k); return v }
	path := get(":path")
	urlPath, query := path, ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		urlPath, query = path[:i], path[i+1:]
	}
	m := propMap{
		{"path", path}, {"url_path", urlPath}, {"host", get(":authority")}, {"scheme", get(":scheme")},
		{"method", get(":method")}, {"headers", headersProp(hm)}, {"id", get("x-request-id")},
		{"protocol", "HTTP/1.1"}, {"query", query}, {"time", s.start},
		{"headers_bytes", int64(hm.byteSize())},
	}
	if v, ok := hm.get("referer"); ok {
		m = append(m, propEntry{"referer", v})
	}
	if v, ok := hm.get("user-agent"); ok {
		m = append(m, propEntry{"useragent", v})
	}
	return m
}

func (s *stream) responseProps() propMap {
	code, _ := s.resp.headers.get(":status")
	c, _ := strconv.ParseInt(code, 10, 64)
	m := propMap{{"code", c}, {"code_details", s.details}, {"headers", headersProp(s.resp.headers)},
		{"flags", uint64(0)}}
	if s.resp.trailers != nil {
		m = append(m, propEntry{"trailers", headersProp(s.resp.trailers)})
	}
	return m
}
