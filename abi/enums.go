package abi

import "strconv"

// LogLevel is the level argument of proxy_log and the result of proxy_get_log_level.
type LogLevel uint32

// Log levels, lowest first.
const (
	LogTrace    LogLevel = 0
	LogDebug    LogLevel = 1
	LogInfo     LogLevel = 2
	LogWarn     LogLevel = 3
	LogError    LogLevel = 4
	LogCritical LogLevel = 5
)

var logLevelNames = [...]string{"trace", "debug", "info", "warn", "error", "critical"}

// String names the level, e.g. "info".
func (l LogLevel) String() string { return name(logLevelNames[:], uint32(l), "level") }

// Action is what a stream callback returns. The numbering is shared by the header,
// body and trailer callbacks, but the host reads values above 1 differently per
// callback (shared/PROXY_WASM.md §1.3).
type Action uint32

// The two actions the spec defines.
const (
	ActionContinue Action = 0
	// ActionPause is StopIteration for headers and trailers and
	// StopIterationAndBuffer for bodies.
	ActionPause Action = 1
)

// String names the action.
func (a Action) String() string { return name([]string{"continue", "pause"}, uint32(a), "action") }

// MapType selects a header map in the proxy_*_header_map_* calls.
type MapType uint32

// Header maps.
const (
	MapRequestHeaders           MapType = 0
	MapRequestTrailers          MapType = 1
	MapResponseHeaders          MapType = 2
	MapResponseTrailers         MapType = 3
	MapGrpcInitialMetadata      MapType = 4
	MapGrpcTrailingMetadata     MapType = 5
	MapHTTPCallResponseHeaders  MapType = 6
	MapHTTPCallResponseTrailers MapType = 7
)

var mapTypeNames = [...]string{"request headers", "request trailers", "response headers", "response trailers",
	"grpc initial metadata", "grpc trailing metadata", "http call response headers", "http call response trailers"}

// String names the map, e.g. "request headers".
func (m MapType) String() string { return name(mapTypeNames[:], uint32(m), "map") }

// BufferType selects a buffer in the proxy_*_buffer_* calls.
type BufferType uint32

// Buffers.
const (
	BufferRequestBody          BufferType = 0
	BufferResponseBody         BufferType = 1
	BufferDownstreamData       BufferType = 2
	BufferUpstreamData         BufferType = 3
	BufferHTTPCallResponseBody BufferType = 4
	BufferGrpcReceive          BufferType = 5
	BufferVMConfiguration      BufferType = 6
	BufferPluginConfiguration  BufferType = 7
	BufferCallData             BufferType = 8
)

var bufferTypeNames = [...]string{"request body", "response body", "downstream data", "upstream data",
	"http call response body", "grpc message", "vm configuration", "plugin configuration", "foreign function arguments"}

// String names the buffer, e.g. "plugin configuration".
func (b BufferType) String() string { return name(bufferTypeNames[:], uint32(b), "buffer") }

// StreamType selects the direction in proxy_continue_stream and proxy_close_stream.
type StreamType uint32

// Streams.
const (
	StreamRequest    StreamType = 0
	StreamResponse   StreamType = 1
	StreamDownstream StreamType = 2
	StreamUpstream   StreamType = 3
)

// String names the stream, e.g. "request".
func (s StreamType) String() string {
	return name([]string{"request", "response", "downstream", "upstream"}, uint32(s), "stream")
}

// MetricType is the kind of metric in proxy_define_metric.
type MetricType uint32

// Metric kinds.
const (
	MetricCounter   MetricType = 0
	MetricGauge     MetricType = 1
	MetricHistogram MetricType = 2
)

// String names the kind, e.g. "counter".
func (m MetricType) String() string {
	return name([]string{"counter", "gauge", "histogram"}, uint32(m), "metric type")
}

// GrpcStatusNone, passed as the grpc_status of proxy_send_local_response, asks for
// no grpc-status header (Envoy uses the value only when it is 0..16).
const GrpcStatusNone int32 = -1

func name(names []string, v uint32, kind string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return kind + " " + strconv.FormatUint(uint64(v), 10)
}
