package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"gatehouse/abi"
	"gatehouse/wasmhost"
)

// runOptions are the flags of `gatehouse run`.
type runOptions struct {
	policy, envoy, listen, admin, upstream, wasm string
	workers                                      int
	clusters                                     clusterFlags
}

// clusterFlags collects repeated --cluster NAME=URL flags.
type clusterFlags map[string]string

func (c clusterFlags) String() string { return fmt.Sprint(map[string]string(c)) }

func (c clusterFlags) Set(v string) error {
	name, url, ok := strings.Cut(v, "=")
	if !ok || name == "" || !strings.HasPrefix(url, "http") {
		return fmt.Errorf("want NAME=URL (e.g. idp=http://127.0.0.1:9000), got %q", v)
	}
	c[name] = url
	return nil
}

// runRun is `gatehouse run`: the real .wasm in wasmhost behind a local HTTP
// proxy, with an admin listener for metrics and readiness, until SIGINT/SIGTERM.
func runRun(args []string, stdout, stderr io.Writer) int {
	o := runOptions{clusters: clusterFlags{}}
	fs := flag.NewFlagSet("gatehouse run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.policy, "policy", "", "policy `file` (JSON, or YAML for any other extension)")
	fs.StringVar(&o.envoy, "envoy", "", "Envoy bootstrap `file`: take the policy, callout clusters and VM environment from its Gatehouse filter (instead of --policy)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "`address` of the proxy listener")
	fs.StringVar(&o.admin, "admin", "127.0.0.1:9901", "`address` of the admin listener (/stats/prometheus, /ready)")
	fs.StringVar(&o.upstream, "upstream", "", "`URL` of the service behind the filter (default: a built-in echo service)")
	fs.StringVar(&o.wasm, "wasm", "build/gatehouse.wasm", "the filter module")
	fs.IntVar(&o.workers, "workers", 2, "number of worker VMs, like Envoy's --concurrency")
	fs.Var(o.clusters, "cluster", "a callout target `NAME=URL` (repeatable), e.g. a JWKS server")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.policy != "" && o.envoy != "" {
		fmt.Fprintln(stderr, "gatehouse run: --policy and --envoy are mutually exclusive: with --envoy the policy is the one in the bootstrap's Gatehouse filter")
		return 2
	}
	if (o.policy == "" && o.envoy == "") || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: gatehouse run --policy FILE | --envoy FILE [--upstream URL] [--listen ADDR] [--cluster NAME=URL]...")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "gatehouse run: %v\n", err)
		return 1
	}
	return 0
}

// serve loads the filter, starts both listeners and blocks until ctx ends.
func serve(ctx context.Context, o runOptions, stdout, stderr io.Writer) error {
	srv, err := startServer(ctx, o, stderr)
	if err != nil {
		return err
	}
	upstream := o.upstream
	if upstream == "" {
		upstream = "built-in echo"
	}
	fmt.Fprintf(stdout, "gatehouse: serving %s with %s (%d workers) on http://%s → %s\n",
		o.policySource(), o.wasm, o.workers, srv.proxyAddr(), upstream)
	fmt.Fprintf(stdout, "gatehouse: admin on http://%s (/stats/prometheus, /ready)\n", srv.adminAddr())
	fmt.Fprintf(stdout, "try: curl -i http://%s/healthz\n", srv.proxyAddr())
	err = srv.wait(ctx)
	fmt.Fprintln(stdout, "gatehouse: stopped")
	return err
}

// server is a running `gatehouse run`: the host with the filter, the proxy
// listener and the admin listener.
type server struct {
	host               *wasmhost.Host
	proxyLn, adminLn   net.Listener
	proxySrv, adminSrv *http.Server
	errc               chan error
}

// startServer loads the policy and the filter and starts serving; the caller
// must call wait.
func startServer(ctx context.Context, o runOptions, stderr io.Writer) (*server, error) {
	dep, err := o.deployment()
	if err != nil {
		return nil, err
	}
	wasm, err := os.ReadFile(o.wasm)
	if err != nil {
		return nil, fmt.Errorf("%w (build it with `make build`)", err)
	}
	mod, err := wasmhost.Compile(ctx, wasm, compileCache()...)
	if err != nil {
		return nil, err
	}
	var logMu sync.Mutex
	cfg := wasmhost.Config{
		Workers: o.workers, VMID: "gatehouse", RootID: "gatehouse", PluginName: "gatehouse",
		PluginConfig: dep.policy, Env: dep.env, LogLevel: abi.LogInfo,
		Clusters: map[string]wasmhost.Cluster{},
		LogSink: func(e wasmhost.LogEntry) {
			logMu.Lock()
			defer logMu.Unlock()
			fmt.Fprintf(stderr, "[worker %d] %-5s %s\n", e.Worker, e.Level, e.Message)
		},
	}
	for name, url := range dep.clusters {
		cfg.Clusters[name] = wasmhost.HTTPCluster(url)
	}
	if o.upstream != "" {
		cfg.Upstream = wasmhost.HTTPUpstream(o.upstream)
	} else {
		cfg.Upstream = echoUpstream
	}
	host, err := wasmhost.New(ctx, mod, cfg)
	if err != nil {
		return nil, err
	}
	s := &server{host: host, errc: make(chan error, 2)}
	if s.proxyLn, err = net.Listen("tcp", o.listen); err != nil {
		host.Close(context.Background())
		return nil, err
	}
	if s.adminLn, err = net.Listen("tcp", o.admin); err != nil {
		s.proxyLn.Close()
		host.Close(context.Background())
		return nil, err
	}
	s.proxySrv = &http.Server{Handler: &proxy{host: host}, ReadHeaderTimeout: 10 * time.Second}
	s.adminSrv = &http.Server{Handler: adminHandler(host), ReadHeaderTimeout: 10 * time.Second}
	go func() { s.errc <- s.proxySrv.Serve(s.proxyLn) }()
	go func() { s.errc <- s.adminSrv.Serve(s.adminLn) }()
	return s, nil
}

func (s *server) proxyAddr() string { return s.proxyLn.Addr().String() }
func (s *server) adminAddr() string { return s.adminLn.Addr().String() }

// wait serves until ctx ends or a listener fails, then shuts both listeners
// down (letting requests in flight finish, up to 5 s) and closes the host.
func (s *server) wait(ctx context.Context) error {
	var err error
	select {
	case <-ctx.Done():
	case err = <-s.errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.proxySrv.Shutdown(shutdownCtx)
	s.adminSrv.Shutdown(shutdownCtx)
	s.host.Close(context.Background())
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// adminHandler serves what Envoy's admin listener offers that matters here.
func adminHandler(h *wasmhost.Host) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats/prometheus", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("content-type", "text/plain; version=0.0.4")
		io.WriteString(w, h.Metrics())
	})
	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, r *http.Request) {
		for i := 1; i <= h.Workers(); i++ {
			if err := h.Failed(i); err != nil {
				http.Error(w, "worker failed", http.StatusServiceUnavailable)
				return
			}
		}
		io.WriteString(w, "LIVE\n")
	})
	return mux
}

// compileCache keeps wazero's machine code for the module under the user's cache
// directory, so every start after the first skips a multi-second compile. No
// cache directory: compile every time.
func compileCache() []wasmhost.CompileOption {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil
	}
	return []wasmhost.CompileOption{wasmhost.WithCacheDir(filepath.Join(dir, "gatehouse", "wazero"))}
}
