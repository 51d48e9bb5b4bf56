package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"syscall"
	"time"
)

// loadResult is the outcome of one load test of `gatehouse run`.
type loadResult struct {
	requests, connections int
	elapsed               time.Duration
	p50, p99              time.Duration
	errors                int
}

// loadPolicy is a policy with one public route, so every request goes through
// the filter to the built-in echo upstream.
const loadPolicy = `{"routes":[{"id":"orders","match":{"path":"/v1/orders/{id}","methods":["GET"]},"public":true}]}`

var listenLine = regexp.MustCompile(`on http://(127\.0\.0\.1:\d+)`)

// loadTest starts the real CLI (cli, with the wasm module) on loopback ports the
// kernel picks, sends requests over conns keep-alive connections from this
// process, and stops the CLI with SIGINT. Traffic never leaves 127.0.0.1, and
// the loop is bounded by the request count.
func loadTest(cli, wasm string, requests, conns int) (loadResult, error) {
	res := loadResult{requests: requests, connections: conns}
	dir, err := os.MkdirTemp("", "gatehouse-load-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	policy := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(policy, []byte(loadPolicy), 0o644); err != nil {
		return res, err
	}
	cmd := exec.Command(cli, "run", "--policy", policy, "--wasm", wasm,
		"--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return res, err
	}
	cmd.Stderr = io.Discard // the per-request security events
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGINT)
		cmd.Wait()
	}()
	addr := ""
	sc := bufio.NewScanner(stdout)
	for addr == "" && sc.Scan() {
		if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		return res, fmt.Errorf("gatehouse run did not print its address")
	}
	go io.Copy(io.Discard, stdout)

	url := "http://" + addr + "/v1/orders/42"
	latencies := make([]time.Duration, 0, requests)
	var mu sync.Mutex
	var wg sync.WaitGroup
	per := requests / conns
	start := time.Now()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1}, Timeout: 10 * time.Second}
			local := make([]time.Duration, 0, per)
			failed := 0
			for i := 0; i < per; i++ {
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					failed++
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			res.errors += failed
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.requests = per * conns
	if len(latencies) == 0 {
		return res, fmt.Errorf("no request succeeded")
	}
	slices.Sort(latencies)
	res.p50 = latencies[len(latencies)/2]
	res.p99 = latencies[len(latencies)*99/100]
	return res, nil
}
