package main

import (
	"context"
	"fmt"
	"time"

	"gatehouse/abi"
	"gatehouse/internal/benchcases"
	"gatehouse/internal/wasmbench"
)

// cacheTokens is the default size of the verified-token cache: the memory
// budget must hold with the cache full.
const cacheTokens = 1000

// cacheMemory fills one VM's verified-token cache with cacheTokens distinct
// tokens (then sends each once more, from the cache) and returns the VM's linear
// memory.
func cacheMemory(ctx context.Context) (uint32, error) {
	c := benchcases.Authenticated()
	h, _, err := c.Start(ctx)
	if err != nil {
		return 0, err
	}
	defer h.Close(ctx)
	tokens := make([]string, cacheTokens)
	for i := range tokens {
		if tokens[i], err = wasmbench.DevTokenFor(fmt.Sprintf("user-%04d", i), time.Now()); err != nil {
			return 0, err
		}
	}
	for round := 0; round < 2; round++ {
		for _, tok := range tokens {
			req := c.Request
			req.Headers = append(append([]abi.Pair(nil), req.Headers[:len(req.Headers)-1]...),
				abi.Pair{Key: "authorization", Value: "Bearer " + tok})
			resp, err := h.Send(ctx, req)
			if err != nil {
				return 0, err
			}
			if resp.Status != 200 {
				return 0, fmt.Errorf("token %d: status %d", round, resp.Status)
			}
		}
	}
	return h.MemorySize(1)
}
