package wasmbench

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"gatehouse/internal/wasmbuild"
)

// Pieces are the measured exports of the guest, bench_<name>, in report order.
var Pieces = []string{"event", "decode_pairs", "decide", "edge_headers", "time_now", "verify", "rsa_stdlib", "parse_token", "cached_token", "authorised",
	"decide_10", "decide_1000", "redact_1k", "gjson_valid_users_1k", "schema_1k", "gjson_valid_1k", "body_check_1k", "byte_loop_1k", "schema_64k",
	"gjson_valid_64k", "ratelimit"}

// guestNow is the clock of the guest's pieces (fixed, so tokens stay valid).
var guestNow = time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)

// Guest is the measurement module, instantiated with wazero's own WASI (the
// pieces make no proxy-wasm calls) and set up with a development token.
type Guest struct {
	rt  wazero.Runtime
	mod api.Module
}

// Load builds and instantiates testdata/guest, and hands it an RS256 token
// signed with envoy/dev's key and the JWKS that verifies it.
func Load(ctx context.Context) (*Guest, error) {
	wasm, err := wasmbuild.Module("./internal/wasmbench/testdata/guest")
	if err != nil {
		return nil, err
	}
	g := &Guest{rt: wazero.NewRuntime(ctx)}
	wasi_snapshot_preview1.MustInstantiate(ctx, g.rt)
	g.mod, err = g.rt.InstantiateWithConfig(ctx, wasm,
		wazero.NewModuleConfig().WithStartFunctions("_initialize").WithSysWalltime().WithSysNanotime())
	if err != nil {
		g.Close(ctx)
		return nil, err
	}
	if err := g.setup(ctx); err != nil {
		g.Close(ctx)
		return nil, err
	}
	return g, nil
}

func (g *Guest) setup(ctx context.Context) error {
	for _, f := range []string{"setup", "setup_routes", "setup_edge", "setup_schema", "setup_body"} {
		if _, err := g.mod.ExportedFunction(f).Call(ctx); err != nil {
			return err
		}
	}
	jwks, err := DevJWKS()
	if err != nil {
		return err
	}
	tok, err := DevToken(guestNow)
	if err != nil {
		return err
	}
	for kind, in := range []string{tok, string(jwks)} {
		res, err := g.mod.ExportedFunction("input_buffer").Call(ctx)
		if err != nil {
			return err
		}
		if !g.mod.Memory().Write(uint32(res[0]), []byte(in)) {
			return fmt.Errorf("wasmbench: input of %d bytes does not fit", len(in))
		}
		if _, err := g.mod.ExportedFunction("set_input").Call(ctx, uint64(kind), uint64(len(in))); err != nil {
			return err
		}
	}
	res, err := g.mod.ExportedFunction("setup_verify").Call(ctx)
	if err != nil {
		return err
	}
	if res[0] != 0 {
		return fmt.Errorf("wasmbench: setup_verify failed at step %d", res[0])
	}
	return nil
}

// DevJWKS is envoy/dev/jwks.json, the public keys of the development keys.
func DevJWKS() ([]byte, error) {
	return os.ReadFile(filepath.Join(wasmbuild.Root(), "envoy", "dev", "jwks.json"))
}

// DevToken signs an RS256 token (kid dev-rsa-1, iss https://dev.local/, aud
// orders-api, sub bench) valid from a minute before at to an hour after, with
// the development RSA key.
func DevToken(at time.Time) (string, error) { return DevTokenFor("bench", at) }

// DevTokenFor is DevToken for another subject.
func DevTokenFor(sub string, at time.Time) (string, error) {
	keyFile := filepath.Join(wasmbuild.Root(), "envoy", "dev", "rsa-private.pem")
	b, err := os.ReadFile(keyFile)
	if err != nil {
		return "", err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return "", fmt.Errorf("wasmbench: %s is not PEM", keyFile)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithHeader("kid", "dev-rsa-1").WithType("JWT"))
	if err != nil {
		return "", err
	}
	payload, _ := json.Marshal(map[string]any{"iss": "https://dev.local/", "aud": "orders-api", "sub": sub,
		"iat": at.Add(-time.Minute).Unix(), "exp": at.Add(time.Hour).Unix()})
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// Run calls bench_<piece> with n iterations in one call and returns the time
// per iteration.
func (g *Guest) Run(ctx context.Context, piece string, n int) (time.Duration, error) {
	f := g.mod.ExportedFunction("bench_" + piece)
	if f == nil {
		return 0, fmt.Errorf("wasmbench: no piece %q", piece)
	}
	start := time.Now()
	if _, err := f.Call(ctx, uint64(n)); err != nil {
		return 0, err
	}
	return time.Since(start) / time.Duration(n), nil
}

// Ratio is what CPURatio measured: the median over the samples of a's time
// per run divided by b's in the same sample, and each side's best time per run.
type Ratio struct {
	Median       float64
	BestA, BestB time.Duration
}

// CPURatio times pieces a and b alternately, samples × n runs each, by the
// calling thread's CPU time (Linux RUSAGE_THREAD; robust on a loaded machine,
// where wall time swings). Each sample runs a and b back to back (in turn
// first), so both halves of a sample's ratio share the machine's load of the
// moment; the median of the
// samples' ratios is the figure to check (the best times alone came from
// different moments and swung by ±10 % between runs of the same code).
func (g *Guest) CPURatio(ctx context.Context, a, b string, n, samples int) (Ratio, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var r Ratio
	ratios := make([]float64, 0, samples)
	for s := 0; s < samples; s++ {
		var d [2]time.Duration
		for i := range 2 {
			k := i ^ s&1 // a first in even samples, b first in odd ones: no side always runs second
			piece := [2]string{a, b}[k]
			f := g.mod.ExportedFunction("bench_" + piece)
			if f == nil {
				return Ratio{}, fmt.Errorf("wasmbench: no piece %q", piece)
			}
			c0 := threadCPU()
			if _, err := f.Call(ctx, uint64(n)); err != nil {
				return Ratio{}, err
			}
			d[k] = (threadCPU() - c0) / time.Duration(n)
		}
		if r.BestA == 0 || d[0] < r.BestA {
			r.BestA = d[0]
		}
		if r.BestB == 0 || d[1] < r.BestB {
			r.BestB = d[1]
		}
		if d[1] > 0 {
			ratios = append(ratios, float64(d[0])/float64(d[1]))
		}
	}
	if len(ratios) == 0 {
		return Ratio{}, fmt.Errorf("wasmbench: %s vs %s: no measurable sample", a, b)
	}
	slices.Sort(ratios)
	r.Median = ratios[len(ratios)/2]
	return r, nil
}

// Close releases the runtime.
func (g *Guest) Close(ctx context.Context) { g.rt.Close(ctx) }
