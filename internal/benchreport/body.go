package main

import (
	"context"
	"slices"
	"time"

	"gatehouse/internal/benchcases"
)

// maxBodyCheck is the payload issue's budget: what a 1 KB valid JSON body adds
// to a cached-token request, at the median.
const maxBodyCheck = 20 * time.Microsecond

// bodySamples is the number of requests per case whose guest time is sampled.
const bodySamples = 3000

// bodyCheckCost is the median guest time per request of the authenticated
// case with a 1 KB body minus that of the same request without a body (both
// with the token cached): the cost of the body phase.
func bodyCheckCost(ctx context.Context) (withBody, without time.Duration, err error) {
	if withBody, err = guestMedian(ctx, benchcases.AuthenticatedBody()); err != nil {
		return 0, 0, err
	}
	if without, err = guestMedian(ctx, benchcases.Authenticated()); err != nil {
		return 0, 0, err
	}
	return withBody, without, nil
}

// guestMedian sends a case's request bodySamples times (after a warm-up) and
// returns the median guest time of one request.
func guestMedian(ctx context.Context, c benchcases.Case) (time.Duration, error) {
	h, _, err := c.Start(ctx)
	if err != nil {
		return 0, err
	}
	defer h.Close(ctx)
	for i := 0; i < 1000; i++ {
		if err := c.Once(ctx, h); err != nil {
			return 0, err
		}
	}
	samples := make([]time.Duration, bodySamples)
	for i := range samples {
		before := h.GuestTime()
		if _, err := h.Send(ctx, c.Request); err != nil {
			return 0, err
		}
		samples[i] = h.GuestTime() - before
	}
	slices.Sort(samples)
	return samples[len(samples)/2], nil
}
