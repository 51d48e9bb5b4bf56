package wasmbench

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"time"
)

// CompileSchema compiles a JSON Schema inside the guest (jsonschema.Compile,
// no named schemas); the error carries the guest's message.
func (g *Guest) CompileSchema(ctx context.Context, schema []byte) error {
	res, err := g.call(ctx, "schema_compile", "schema_buffer", schema, 64<<10)
	if err != nil {
		return err
	}
	if res != 0 {
		return fmt.Errorf("wasmbench: %s", g.out(res))
	}
	return nil
}

// ValidateSchema validates doc inside the guest against the schema last
// compiled: ok, or the violation as "pointer keyword".
func (g *Guest) ValidateSchema(ctx context.Context, doc []byte) (ok bool, violation string, err error) {
	res, err := g.call(ctx, "schema_validate", "doc_buffer", doc, 128<<10)
	if err != nil {
		return false, "", err
	}
	if res == 0 {
		return true, "", nil
	}
	return false, g.out(res), nil
}

// call copies in into the guest buffer that export buf returns and calls fn
// with its length.
func (g *Guest) call(ctx context.Context, fn, buf string, in []byte, size int) (uint32, error) {
	if len(in) > size {
		return 0, fmt.Errorf("wasmbench: input of %d bytes does not fit in %s", len(in), buf)
	}
	res, err := g.mod.ExportedFunction(buf).Call(ctx)
	if err != nil {
		return 0, err
	}
	if !g.mod.Memory().Write(uint32(res[0]), in) {
		return 0, fmt.Errorf("wasmbench: %s out of memory", buf)
	}
	res, err = g.mod.ExportedFunction(fn).Call(ctx, uint64(len(in)))
	if err != nil {
		return 0, err
	}
	return uint32(res[0]), nil
}

// out reads the guest's answer: res-1 bytes of out_buffer.
func (g *Guest) out(res uint32) string {
	ptr, err := g.mod.ExportedFunction("out_buffer").Call(context.Background())
	if err != nil {
		return err.Error()
	}
	b, ok := g.mod.Memory().Read(uint32(ptr[0]), res-1)
	if !ok {
		return "out of memory"
	}
	return string(b)
}

// TimeSchema validates doc n times inside the guest against the schema last
// compiled, and runs gjson.Valid n times on it, and returns both times per
// iteration (best of 25 samples, in CPU time) — the ratio the issue-6
// budget bounds, for any schema and body.
func (g *Guest) TimeSchema(ctx context.Context, doc []byte, n int) (validate, gjsonValid time.Duration, err error) {
	if ok, v, err := g.ValidateSchema(ctx, doc); err != nil {
		return 0, 0, err
	} else if !ok {
		return 0, 0, fmt.Errorf("wasmbench: document refused at %s", v)
	}
	return g.timeLoops(ctx, len(doc), n)
}

// TimeBenchOrder is TimeSchema for the guest's bench order of about size
// bytes (bench_schema_1k and _64k) against its schema, or the same schema
// without its one pattern.
func (g *Guest) TimeBenchOrder(ctx context.Context, size int, noPattern bool, n int) (validate, gjsonValid time.Duration, err error) {
	np := uint64(0)
	if noPattern {
		np = 1
	}
	res, err := g.mod.ExportedFunction("load_bench").Call(ctx, uint64(size), np)
	if err != nil {
		return 0, 0, err
	}
	return g.timeLoops(ctx, int(res[0]), n)
}

// timeLoops times user_schema_loop and gjson_valid_loop on the first size
// bytes of doc_buffer.
func (g *Guest) timeLoops(ctx context.Context, size, n int) (validate, gjsonValid time.Duration, err error) {
	// Alternate the two, best of 25 samples each, timed by the thread's CPU
	// time: other processes on the machine then disturb the figures much less
	// than they disturb wall-clock time.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	validate, gjsonValid = time.Duration(1<<62), time.Duration(1<<62)
	for sample := 0; sample < 25; sample++ {
		for i, fn := range []string{"user_schema_loop", "gjson_valid_loop"} {
			start := threadCPU()
			if _, err := g.mod.ExportedFunction(fn).Call(ctx, uint64(n), uint64(size)); err != nil {
				return 0, 0, err
			}
			d := (threadCPU() - start) / time.Duration(n)
			if i == 0 {
				validate = min(validate, d)
			} else {
				gjsonValid = min(gjsonValid, d)
			}
		}
	}
	return validate, gjsonValid, nil
}

// threadCPU returns the CPU time the calling OS thread has used (Linux
// RUSAGE_THREAD); the caller locks its goroutine to the thread.
func threadCPU() time.Duration {
	const rusageThread = 1
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
