package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"gatehouse/internal/wasmbench"
)

// pieceIterations is how often each piece runs per sample; the best of
// pieceSamples samples is reported (the least disturbed by the machine).
var pieceIterations = map[string]int{"verify": 200, "rsa_stdlib": 200, "redact_1k": 5000, "gjson_valid_users_1k": 5000,
	"schema_1k": 2000, "gjson_valid_1k": 2000, "schema_64k": 30, "gjson_valid_64k": 30}

const (
	defaultPieceIterations = 20000
	pieceSamples           = 5
)

// measurePieces times the pieces of internal/wasmbench inside wasm and returns
// them by name.
func measurePieces(ctx context.Context) (map[string]time.Duration, error) {
	g, err := wasmbench.Load(ctx)
	if err != nil {
		return nil, err
	}
	defer g.Close(ctx)
	out := map[string]time.Duration{}
	for _, piece := range wasmbench.Pieces {
		n := pieceIterations[piece]
		if n == 0 {
			n = defaultPieceIterations
		}
		best := time.Duration(1 << 62)
		for s := 0; s < pieceSamples; s++ {
			d, err := g.Run(ctx, piece, n)
			if err != nil {
				return nil, err
			}
			best = min(best, d)
		}
		out[piece] = best
	}
	return out, nil
}

// printPieces prints the pieces table.
func printPieces(p map[string]time.Duration) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "piece inside wasm (hot loop)\tns/op\t")
	for _, piece := range wasmbench.Pieces {
		fmt.Fprintf(tw, "%s\t%d\t\n", piece, p[piece].Nanoseconds())
	}
	tw.Flush()
}

// pieceRatio times piece a against piece b alternately by thread CPU time
// (wall time on a loaded machine swings more than the budgets' margins):
// samples of n runs of each, in a guest of its own (wasmbench.CPURatio).
func pieceRatio(ctx context.Context, a, b string, n, samples int) (wasmbench.Ratio, error) {
	g, err := wasmbench.Load(ctx)
	if err != nil {
		return wasmbench.Ratio{}, err
	}
	defer g.Close(ctx)
	return g.CPURatio(ctx, a, b, n, samples)
}
