package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gatehouse/internal/benchcases"
	"gatehouse/wasmhost"
)

// Paired comparisons: a budget that is a ratio of two request cases (one rate
// limit vs none, an allow rule vs none) is measured with both hosts running in
// this process at once, in rounds of one batch of each, by process CPU time;
// the figure is the median of the rounds' ratios, so both sides of a ratio
// share the machine's load of the moment. Measured one after the other, as the
// table's rows are, the two sides see different load, and on this shared
// 2-core machine that alone moved such ratios by ±25 %.
const (
	pairedBatch  = 400 // requests per batch
	pairedRounds = 21  // rounds (odd: the median is one round's ratio)
)

// pairedCPU returns the median over the rounds of case a's CPU time per
// request divided by case b's, and each side's median CPU time per request.
func pairedCPU(ctx context.Context, a, b benchcases.Case) (ratio float64, ta, tb time.Duration, err error) {
	var hosts [2]*wasmhost.Host
	cases := [2]benchcases.Case{a, b}
	for i, c := range cases {
		h, _, err := c.Start(ctx)
		if err != nil {
			return 0, 0, 0, err
		}
		defer h.Close(ctx)
		for range 1000 { // warm up: first-call costs, the token cache, GC steady state
			if err := c.Once(ctx, h); err != nil {
				return 0, 0, 0, err
			}
		}
		hosts[i] = h
	}
	var per [2][]time.Duration
	ratios := make([]float64, 0, pairedRounds)
	for range pairedRounds {
		var round [2]time.Duration
		for i, c := range cases {
			start := cpuTime()
			for range pairedBatch {
				if _, err := hosts[i].Send(ctx, c.Request); err != nil {
					return 0, 0, 0, fmt.Errorf("%s: %w", c.Name, err)
				}
			}
			round[i] = (cpuTime() - start) / pairedBatch
			per[i] = append(per[i], round[i])
		}
		ratios = append(ratios, float64(round[0])/float64(round[1]))
	}
	slices.Sort(ratios)
	slices.Sort(per[0])
	slices.Sort(per[1])
	return ratios[len(ratios)/2], per[0][len(per[0])/2], per[1][len(per[1])/2], nil
}

// pairedCheck checks that case a costs at most max times case b (pairedCPU).
func pairedCheck(ctx context.Context, check func(string, bool, string), what string, a, b benchcases.Case, max float64) {
	ratio, ta, tb, err := pairedCPU(ctx, a, b)
	if err != nil {
		check(what, false, err.Error())
		return
	}
	check(what, ratio <= max, fmt.Sprintf("%.2f× (median of %d rounds of alternating batches; CPU per request %v vs %v) ≤ %.1f×",
		ratio, pairedRounds, ta.Round(100*time.Nanosecond), tb.Round(100*time.Nanosecond), max))
}
