package wasmhost

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gatehouse/abi"
)

func hexs(s string) string { return hex.EncodeToString([]byte(s)) }
func hexu(v uint64) string { return hex.EncodeToString(binary.LittleEndian.AppendUint64(nil, v)) }

// TestHostCalls drives single host calls from the request-headers callback (and
// other phases) and checks Envoy's statuses and values.
func TestHostCalls(t *testing.T) {
	tests := []struct {
		phase, cmd, want string
	}{
		{"reqh", "get 0 :path", "st=0 /a?b=1"},
		{"reqh", "get 0 X-Dup", "st=0 one"},
		{"reqh", "get 0 missing", "st=1 "},
		{"reqh", "get 9 x", "st=2 "},
		{"reqh", "size 0", "st=0 135"},
		{"reqh", "get 6 :status", "st=2 "},
		{"resph", "get 0 :path", "st=2 "},
		{"resph", "add 0 x-late 1", "st=2"},
		{"resph", "get 2 :status", "st=0 200"},
		{"log", "get 0 :path", "st=0 /a?b=1"},
		{"log", "get 1 x", "st=1 "},
		{"log", "add 2 a b", "st=2"},
		{"reqh", "body 7 0 10", "st=1 "},
		{"reqh", "body 0 0 10", "st=1 "},
		{"reqh", "body 6 0 100", "st=0 vmcfg"},
		{"reqh", "body 6 1 4294967295", "st=2 "},
		{"reqh", "body 6 2 2", "st=0 cf"},
		{"reqh", "body 6 50 2", "st=0 "},
		{"reqh", "body 99 0 1", "st=2 "},
		{"reqh", "bstat 6", "st=0 5"},
		{"reqh", "setbody 6 0 0 x", "st=2"},
		{"reqh", "prop source~address", "st=0 " + hexs("10.0.0.7:5555")},
		{"reqh", "prop source~port", "st=0 " + hexu(5555)},
		{"reqh", "prop destination~port", "st=0 " + hexu(10000)},
		{"reqh", "prop request~path", "st=0 " + hexs("/a?b=1")},
		{"reqh", "prop request~url_path", "st=0 " + hexs("/a")},
		{"reqh", "prop request~method", "st=0 " + hexs("GET")},
		{"reqh", "prop request~headers~x-dup", "st=0 " + hexs("one,two")},
		{"reqh", "prop request.path", "st=1 "},
		{"reqh", "prop plugin_root_id", "st=0 " + hexs("root-a")},
		{"reqh", "prop plugin_name", "st=0 " + hexs("probe-plugin")},
		{"reqh", "prop plugin_vm_id", "st=0 " + hexs("vm-a")},
		{"reqh", "prop nope", "st=1 "},
		{"reqh", "setprop my.key v1;prop my.key", "st=0 " + hexs("v1")},
		{"reqh", "eff 999", "st=2"},
		{"reqh", "cont 3", "st=12"},
		{"reqh", "cont 2", "st=12"},
		{"reqh", "cont 9", "st=2"},
		{"reqh", "loglevel", "st=0 0"},
		{"reqh", "log 9 x", "st=2"},
		{"reqh", "foreign nothing", "st=1"},
		{"reqh", "foreign clear_route_cache", "st=0"},
		{"reqh", "sdget never-set", "st=1  cas=0"},
		{"reqh", "qres - nosuch", "st=1 id=0"},
		{"reqh", "qdeq 12345", "st=1 "},
		{"reqh", "qenq 12345 x", "st=1"},
		{"reqh", "mdef 3 bad", "st=2"},
		{"reqh", "time", "st=0 1700000000000000000"},
	}
	h := newHost(t, "probe", Config{VMConfig: []byte("vmcfg"), RootID: "root-a", PluginName: "probe-plugin", VMID: "vm-a",
		Clock: NewManualClock(time.Unix(1700000000, 0))})
	for _, tc := range tests {
		t.Run(tc.phase+" "+tc.cmd, func(t *testing.T) {
			req := get("/a?b=1", tc.phase, tc.cmd)
			req.Headers = append(req.Headers, abi.Pair{Key: "X-Dup", Value: "one"}, abi.Pair{Key: "x-dup", Value: "two"})
			req.SourceAddress = "10.0.0.7:5555"
			send(t, h, req)
			last := tc.cmd[strings.LastIndex(tc.cmd, ";")+1:]
			if got := result(t, h, last); got != tc.want {
				t.Fatalf("%s in %s: got %q, want %q", tc.cmd, tc.phase, got, tc.want)
			}
		})
	}
}

func TestRootContextCalls(t *testing.T) {
	h := newHost(t, "probe", Config{RootID: "r", PluginConfig: []byte(
		"prop plugin_root_id;prop request~path;setprop a b;body 7 0 3;body 0 0 1;get 0 :path;pairs 0;loglevel")})
	for cmd, want := range map[string]string{
		"prop plugin_root_id": "st=0 " + hexs("r"),
		"prop request~path":   "st=1 ",
		"setprop a b":         "st=1",
		"body 7 0 3":          "st=0 pro",
		"body 0 0 1":          "st=1 ",
		"get 0 :path":         "st=2 ",
		"pairs 0":             "st=0 n=0 ",
	} {
		if got := result(t, h, cmd); got != want {
			t.Errorf("%s: got %q want %q", cmd, got, want)
		}
	}
}

func TestHeaderMutation(t *testing.T) {
	h := newHost(t, "probe", Config{})
	r := send(t, h, get("/p", "reqh", "add 0 X-New a;add 0 x-new b;rep 0 x-rep r;del 0 x-gone;get 0 x-new;setpairs 2 a=b",
		"resph", "rep 2 server gatehouse;add 2 x-resp 1"))
	if got := result(t, h, "get 0 x-new"); got != "st=0 a" {
		t.Fatalf("first value: %q", got)
	}
	if got := result(t, h, "setpairs 2 a=b"); got != "st=2" {
		t.Fatalf("response map during request headers: %q", got)
	}
	up := r.Upstream
	if up == nil {
		t.Fatal("not forwarded")
	}
	var news []string
	for _, p := range up.Headers {
		if p.Key == "x-new" {
			news = append(news, p.Value)
		}
	}
	if strings.Join(news, ",") != "a,b" {
		t.Fatalf("x-new = %v", news)
	}
	if v, _ := up.Header("x-rep"); v != "r" {
		t.Fatalf("x-rep = %q", v)
	}
	if id, _ := up.Header("x-request-id"); len(id) != 36 || id[14] != '4' {
		t.Fatalf("x-request-id = %q", id)
	}
	if v, _ := r.Header("server"); v != "gatehouse" {
		t.Fatalf("response headers %v", r.Headers)
	}
	// A malformed pairs buffer wipes the map and still returns OK.
	r = send(t, h, get("/p", "reqh", "badpairs 0;pairs 0"))
	if got := result(t, h, "badpairs 0"); got != "st=0" {
		t.Fatalf("badpairs: %q", got)
	}
	if got := result(t, h, "pairs 0"); got != "st=0 n=0 " {
		t.Fatalf("after badpairs: %q", got)
	}
	if len(r.Upstream.Headers) != 0 {
		t.Fatalf("upstream headers %v", r.Upstream.Headers)
	}
}

func TestLocalReply(t *testing.T) {
	h := newHost(t, "probe", Config{Upstream: func(context.Context, *UpstreamRequest) (*UpstreamResponse, error) {
		return &UpstreamResponse{Body: [][]byte{[]byte("up")}}, nil
	}})
	r := send(t, h, get("/", "reqh", "local 403 access+denied - x-a=1,x-b=2;ret 0", "resph", "get 2 :status;add 2 x-plugin yes"))
	if r.Status != 403 || !r.LocalReply || r.Details != "access_denied" || string(r.Body) != "" || r.Upstream != nil {
		t.Fatalf("%+v", r)
	}
	for k, v := range map[string]string{"x-a": "1", "x-b": "2", "x-plugin": "yes"} {
		if got, _ := r.Header(k); got != v {
			t.Errorf("header %s = %q want %q (%v)", k, got, v, r.Headers)
		}
	}
	// Envoy's prepareLocalReply removes content-length and content-type from a
	// reply without body (its HTTP/1 codec then writes content-length: 0).
	for _, k := range []string{"content-length", "content-type"} {
		if got, ok := r.Header(k); ok {
			t.Errorf("bodyless local reply has %s: %q", k, got)
		}
	}
	if got := result(t, h, "get 2 :status"); got != "st=0 403" {
		t.Fatalf("plugin saw %q for its own local reply", got)
	}
	// body of a local reply goes through on_response_body
	r = send(t, h, get("/", "reqh", "local 401 - denied-body -", "respb", "body 1 0 100"))
	if r.Status != 401 || string(r.Body) != "denied-body" || result(t, h, "body 1 0 100") != "st=0 denied-body" {
		t.Fatalf("%+v %s", r, string(r.Body))
	}
	// local reply after the response went downstream → reset
	r = send(t, h, get("/", "respb", "local 500 late - -"))
	if !r.Reset || r.Details != "late" {
		t.Fatalf("want reset, got %+v", r)
	}
	// local reply from response headers (before they went downstream): sent
	// directly, the plugin's callbacks do not run again
	r = send(t, h, get("/", "resph", "local 502 from+resph body -"))
	if r.Status != 502 || string(r.Body) != "body" || r.Details != "from_resph" {
		t.Fatalf("%+v", r)
	}
}

func TestBodyBuffering(t *testing.T) {
	h := newHost(t, "probe", Config{BufferLimit: 8})
	req := get("/", "reqb", "buffer;body 0 0 100")
	req.Headers[0].Value = "POST"
	req.Body = [][]byte{[]byte("ab"), []byte("cd"), []byte("ef")}
	r := send(t, h, req)
	if string(r.Upstream.Body) != "abcdef" {
		t.Fatalf("upstream body %q", r.Upstream.Body)
	}
	rs := results(h, "body 0 0 100")
	if strings.Join(rs, "|") != "st=0 ab|st=0 abcd|st=0 abcdef" {
		t.Fatalf("body seen: %q", rs)
	}
	life := strings.Join(lifeLines(h, 1), "|")
	if !strings.Contains(life, "reqh 6 false|reqb 2 false|reqb 4 false|reqb 6 true") {
		t.Fatalf("life %s", life)
	}

	// set_buffer_bytes semantics, on the last chunk
	for _, tc := range []struct{ cmd, st, up string }{
		{"setbody 0 0 0 X", "st=0", "Xabcdef"},
		{"setbody 0 0 6 Y", "st=0", "Y"},
		{"setbody 0 0 2 Z", "st=0", "Zcdef"},
		{"setbody 0 6 0 W", "st=0", "abcdefW"},
		{"setbody 0 3 1 V", "st=2", "abcdef"},
	} {
		req := get("/", "reqb", tc.cmd)
		req.Body = [][]byte{[]byte("abcdef")}
		r := send(t, h, req)
		if got := result(t, h, tc.cmd); got != tc.st || string(r.Upstream.Body) != tc.up {
			t.Errorf("%s: st %q upstream %q, want %q %q", tc.cmd, got, r.Upstream.Body, tc.st, tc.up)
		}
	}

	// over the limit → 413
	req = get("/", "reqb", "buffer")
	req.Body = [][]byte{[]byte("12345"), []byte("67890")}
	r = send(t, h, req)
	if r.Status != 413 || r.Details != "request_payload_too_large" || r.Upstream != nil {
		t.Fatalf("%+v", r)
	}
}

func TestHeadersStopIteration(t *testing.T) {
	body := [][]byte{[]byte("x"), []byte("y")}
	t.Run("default pauses the whole stream", func(t *testing.T) {
		clock := NewManualClock(time.Unix(0, 0))
		h := newHost(t, "probe", Config{Clock: clock})
		req := get("/", "reqh", "tick 100;park;ret 1", "reqb", "body 0 0 10")
		req.Body = body
		st, err := h.Start(testCtx(t), req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.Wait(testCtx(t))
		if !errors.Is(err, ErrStalled) || !strings.Contains(err.Error(), "request headers stopped") {
			t.Fatalf("err = %v", err)
		}
		if len(results(h, "body 0 0 10")) != 0 {
			t.Fatal("body callback ran while headers were stopped")
		}
		clock.Advance(100 * time.Millisecond)
		r, err := st.Wait(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		if string(r.Upstream.Body) != "xy" || result(t, h, "body 0 0 10") != "st=0 xy" {
			t.Fatalf("upstream %q; body seen %q", r.Upstream.Body, results(h, "body 0 0 10"))
		}
		if !strings.Contains(dumpLogs(h), "resume 2 st=0 st=0") {
			t.Fatal(dumpLogs(h))
		}
	})
	t.Run("allow_on_headers_stop_iteration", func(t *testing.T) {
		h := newHost(t, "probe", Config{AllowOnHeadersStopIteration: true})
		req := get("/", "reqh", "ret 1", "reqb", "body 0 0 10;add 0 x-from-body 1")
		req.Body = body
		r := send(t, h, req)
		if got := strings.Join(results(h, "body 0 0 10"), "|"); got != "st=0 x|st=0 y" {
			t.Fatalf("bodies %q", got)
		}
		if got := results(h, "add 0 x-from-body 1"); got[0] != "st=0" || got[1] != "st=2" {
			t.Fatalf("header writes from body: %q", got)
		}
		if v, _ := r.Upstream.Header("x-from-body"); v != "1" {
			t.Fatalf("upstream headers %v", r.Upstream.Headers)
		}
	})
}

func TestHTTPCall(t *testing.T) {
	var mu sync.Mutex
	var seen []*CalloutRequest
	release := make(chan struct{})
	clusters := map[string]Cluster{
		"auth": FuncCluster(func(ctx context.Context, req *CalloutRequest) (*CalloutResponse, error) {
			mu.Lock()
			seen = append(seen, req)
			mu.Unlock()
			return &CalloutResponse{Status: 201, Headers: []abi.Pair{{Key: "x-a", Value: "1"}}, Body: []byte("ok")}, nil
		}),
		"down": FuncCluster(func(context.Context, *CalloutRequest) (*CalloutResponse, error) {
			return nil, errors.New("connection refused")
		}),
		"slow": FuncCluster(func(ctx context.Context, req *CalloutRequest) (*CalloutResponse, error) {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return &CalloutResponse{}, nil
		}),
	}
	clock := NewManualClock(time.Unix(0, 0))
	h := newHost(t, "probe", Config{Clusters: clusters, Clock: clock})

	r := send(t, h, get("/", "reqh", "call auth POST /check auth.local 0 resume hello;ret 1"))
	if r.Status != 200 || r.Upstream == nil {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(dumpLogs(h), "callout root=1 token=1 headers=2 body=ok trailers=0 status=201 code=0 msg=") {
		t.Fatal(dumpLogs(h))
	}
	if cl, _ := findPair(seen[0].Headers, "content-length"); cl != "5" || string(seen[0].Body) != "hello" {
		t.Fatalf("callout request %+v", seen[0])
	}

	for cmd, want := range map[string]string{
		"call nosuch GET / a 0 -": "st=2 token=0",
		"call auth GET / - 0 -":   "st=2 token=0",
	} {
		send(t, h, get("/", "reqh", cmd))
		if got := result(t, h, cmd); got != want {
			t.Errorf("%s: %q want %q", cmd, got, want)
		}
	}

	// failure: num_headers 0, status 11 "reset"; deny via effective context
	r = send(t, h, get("/", "reqh", "call down GET / d 0 deny;ret 1"))
	if r.Status != 403 || r.Details != "denied_by_callout" || string(r.Body) != "nope" {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(dumpLogs(h), "headers=0 body= trailers=0 status= code=11 msg=reset") {
		t.Fatal(dumpLogs(h))
	}

	// timeout on the manual clock: Envoy's router answers 504
	st, _ := h.Start(testCtx(t), get("/", "reqh", "call slow GET / s 500 resume;ret 1"))
	time.Sleep(20 * time.Millisecond)
	clock.Advance(499 * time.Millisecond)
	select {
	case <-st.Done():
		t.Fatal("completed before the timeout")
	default:
	}
	clock.Advance(time.Millisecond)
	if _, err := st.Wait(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	close(release)
	if !strings.Contains(dumpLogs(h), "body=upstream request timeout trailers=0 status=504") {
		t.Fatal(dumpLogs(h))
	}
}

func TestGrpcCall(t *testing.T) {
	h := newHost(t, "probe", Config{Clusters: map[string]Cluster{
		"grpc": FuncCluster(func(_ context.Context, req *CalloutRequest) (*CalloutResponse, error) {
			msgs := grpcMessages(req.Body)
			path, _ := findPair(req.Headers, ":path")
			return &CalloutResponse{Headers: []abi.Pair{{Key: "content-type", Value: "application/grpc"}},
				Body: grpcFrame([]byte(path + ":" + string(msgs[0]))), Trailers: []abi.Pair{{Key: "grpc-status", Value: "0"}}}, nil
		}),
	}})
	send(t, h, get("/", "reqh", "grpc grpc pkg.Svc Do ping 0;grpc unknown pkg.Svc Do ping 0"))
	if got := result(t, h, "grpc unknown pkg.Svc Do ping 0"); got != "st=4 token=0" {
		t.Fatalf("unknown cluster: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(dumpLogs(h), "grpc_receive token=1 msg=/pkg.Svc/Do:ping") {
		if time.Now().After(deadline) {
			t.Fatal(dumpLogs(h))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSharedDataAcrossWorkers(t *testing.T) {
	h := newHost(t, "probe", Config{VMID: "ns"})
	w1, w2 := get("/", "reqh", "sdset k v1 0;sdget k"), get("/", "reqh", "sdget k;sdset k v2 999;sdset k v2 1;sdget k")
	w2.Worker = 2
	send(t, h, w1)
	if got := result(t, h, "sdget k"); got != "st=0 v1 cas=1" {
		t.Fatalf("%q", got)
	}
	send(t, h, w2)
	if got := results(h, "sdget k"); got[1] != "st=0 v1 cas=1" || got[2] != "st=0 v2 cas=2" {
		t.Fatalf("%q", got)
	}
	if got := result(t, h, "sdset k v2 999"); got != "st=8" {
		t.Fatalf("cas mismatch: %q", got)
	}
	if string(h.SharedData()["k"]) != "v2" || h.SharedDataLen() != 1 {
		t.Fatalf("%q, len %d", h.SharedData(), h.SharedDataLen())
	}
}

func TestSharedQueue(t *testing.T) {
	// Registered in on_configure: canary, worker 1, worker 2 — worker 2 is the most
	// recent registrant and receives on_queue_ready.
	h := newHost(t, "probe", Config{PluginConfig: []byte("qreg q")})
	// The stream runs on worker 2 too, so on_queue_ready (posted to worker 2 by
	// the enqueue) cannot run between the stream's enqueue and its dequeue; on
	// another worker the two raced and the notification sometimes took the item.
	req := get("/", "reqh", "qres - q;qenq 1 hello;qdeq 1")
	req.Worker = 2
	send(t, h, req)
	if got := result(t, h, "qres - q"); got != "st=0 id=1" {
		t.Fatalf("%q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ready *LogEntry
		for _, e := range h.Logs() {
			if strings.HasPrefix(e.Message, "queue_ready") {
				e := e
				ready = &e
			}
		}
		if ready != nil {
			if ready.Worker != 2 || ready.Message != "queue_ready root=1 q=1 st=7 " {
				t.Fatalf("%+v", *ready)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(dumpLogs(h))
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := result(t, h, "qdeq 1"); got != "st=0 hello" {
		t.Fatalf("%q", got)
	}
}

func TestMetrics(t *testing.T) {
	h := newHost(t, "probe", Config{})
	send(t, h, get("/", "reqh", "mdef 0 reqs.total;minc reqs.total 5;minc reqs.total 0;mget reqs.total;mdef 1 g;minc g -3;mrec g 7;mdef 2 lat;mrec lat 12;mget lat"))
	for cmd, want := range map[string]string{
		"minc reqs.total 0": "st=2", "mget reqs.total": "st=0 5", "minc g -3": "st=0", "mget lat": "st=2 0",
	} {
		if got := result(t, h, cmd); got != want {
			t.Errorf("%s: %q want %q", cmd, got, want)
		}
	}
	if v, typ, ok := h.Metric("reqs.total"); !ok || v != 5 || typ != abi.MetricCounter {
		t.Fatalf("%d %v %v", v, typ, ok)
	}
	if v, _, _ := h.Metric("g"); v != 7 {
		t.Fatalf("gauge %d", v)
	}
	if s := h.HistogramSamples("lat"); len(s) != 1 || s[0] != 12 {
		t.Fatalf("%v", s)
	}
	if !strings.Contains(h.Metrics(), "# TYPE reqs_total counter\nreqs_total 5\n") {
		t.Fatal(h.Metrics())
	}
}

func TestCloseStream(t *testing.T) {
	h := newHost(t, "probe", Config{})
	r := send(t, h, get("/", "reqh", "close 0;ret 1"))
	if !r.Reset || r.Details != "wasm_close_stream" || r.Upstream != nil {
		t.Fatalf("%+v", r)
	}
}

func TestStreamingBodyAndSink(t *testing.T) {
	h := newHost(t, "probe", Config{Upstream: func(_ context.Context, req *UpstreamRequest) (*UpstreamResponse, error) {
		return &UpstreamResponse{Status: 202, Body: [][]byte{[]byte("echo:"), req.Body}}, nil
	}})
	req := get("/")
	req.BodyReader = strings.NewReader("streamed")
	sink := &recSink{}
	req.Sink = sink
	r := send(t, h, req)
	if r.Status != 202 || sink.status != 202 || sink.body.String() != "echo:streamed" {
		t.Fatalf("%+v sink %+v", r, sink)
	}
}

type recSink struct {
	status int
	body   strings.Builder
}

func (s *recSink) WriteHeaders(status int, _ []abi.Pair) { s.status = status }
func (s *recSink) WriteBody(b []byte)                    { s.body.Write(b) }
func (s *recSink) WriteTrailers([]abi.Pair)              {}

func TestConcurrentSends(t *testing.T) {
	h := newHost(t, "floor", Config{Workers: 4})
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				r, err := h.Send(testCtx(t), Request{Headers: []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: fmt.Sprint("/", i)}}})
				if err != nil || r.Status != 200 {
					errs <- fmt.Errorf("%v %+v", err, r)
					return
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n, err := h.MemorySize(1); err != nil || n == 0 {
		t.Fatal(n, err)
	}
}

func BenchmarkFloor(b *testing.B) {
	h := newHost(b, "floor", Config{Workers: 1})
	ctx := context.Background()
	req := Request{Headers: []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/"}}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.Send(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLocalReplyHeadersLikeEnvoy(t *testing.T) {
	tests := []struct {
		name string
		lr   localReply
		want []abi.Pair
	}{
		{"body, no content-type from the plugin", localReply{status: 403, body: []byte("no"), headers: []abi.Pair{{Key: "x-a", Value: "1"}}},
			[]abi.Pair{{Key: ":status", Value: "403"}, {Key: "x-a", Value: "1"}, {Key: "content-length", Value: "2"},
				{Key: "content-type", Value: "text/plain"}}},
		{"plugin's content-type kept, its content-length replaced", localReply{status: 404, body: []byte("{}"), headers: []abi.Pair{
			{Key: "content-type", Value: "application/json"}, {Key: "content-length", Value: "99"}}},
			[]abi.Pair{{Key: ":status", Value: "404"}, {Key: "content-type", Value: "application/json"}, {Key: "content-length", Value: "2"}}},
		{"no body: neither header", localReply{status: 204, headers: []abi.Pair{{Key: "content-type", Value: "x/y"}}},
			[]abi.Pair{{Key: ":status", Value: "204"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := localReplyHeaders(tt.lr); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
