package main

import (
	"math/rand/v2"
	"strconv"
	"time"

	"gatehouse/abi"
	"gatehouse/filters"
	"gatehouse/filters/jwks"
	"gatehouse/filters/jwt"
	"gatehouse/plugin/proxywasm"
)

// tickPeriod is how often a root with remote key sets looks at them: picks up
// sets other workers fetched, starts due fetches, and ends waits.
const tickPeriod = time.Second

// remoteKeys runs the remote JWKS of one root context: it keeps each provider's
// keys in step with the shared record (one fetch per Envoy process per refresh
// interval, through a lease in shared data), and holds the streams that wait for
// keys. All of its methods run on the VM's thread.
type remoteKeys struct {
	root    *root
	holder  uint64 // this VM's lease id
	sources []*remoteSource
	calls   map[uint32]*remoteSource // http_call token → source
	waiting []waiter
}

type remoteSource struct {
	_ [0]func() // not comparable: no generated equality function
	jwks.Source
	provider          *jwt.Provider
	fetchOK, fetchBad uint32 // counter ids
	age               uint32 // gauge id: seconds since the installed set was fetched
}

// waiter is a stream paused until its provider's keys arrive or until.
type waiter struct {
	_        [0]func() // not comparable: no generated equality function
	s        *stream
	id       uint32
	provider string
	until    time.Time
}

// newRemoteKeys sets up the remote sources of the root's providers; nil when
// there are none. It defines the metrics and arms the tick.
func newRemoteKeys(r *root, providers []*jwt.Provider) (*remoteKeys, error) {
	k := &remoteKeys{root: r, holder: rand.Uint64() | 1, calls: map[uint32]*remoteSource{}}
	for _, p := range providers {
		rem := p.Remote()
		if rem == nil {
			continue
		}
		src := &remoteSource{provider: p, Source: jwks.Source{Provider: p.Name(), Cluster: rem.Cluster, Path: rem.Path,
			Refresh: rem.RefreshInterval(), Timeout: rem.FetchTimeout()}}
		prefix := "gatehouse.jwks." + p.Name() + "."
		var err error
		if src.fetchOK, err = proxywasm.DefineMetric(abi.MetricCounter, prefix+"fetch_ok"); err != nil {
			return nil, err
		}
		if src.fetchBad, err = proxywasm.DefineMetric(abi.MetricCounter, prefix+"fetch_failed"); err != nil {
			return nil, err
		}
		if src.age, err = proxywasm.DefineMetric(abi.MetricGauge, prefix+"age_seconds"); err != nil {
			return nil, err
		}
		// Create the lease key if no VM has yet: a missing key is written
		// whatever the CAS, so only an existing lease can be taken exclusively.
		if _, _, err := proxywasm.GetSharedData(src.LeaseKey()); err == abi.StatusNotFound {
			_ = proxywasm.SetSharedData(src.LeaseKey(), jwks.EncodeLease(0, time.Unix(0, 0)), 0)
		}
		k.sources = append(k.sources, src)
	}
	if len(k.sources) == 0 {
		return nil, nil
	}
	if err := proxywasm.SetTickPeriod(tickPeriod); err != nil {
		return nil, err
	}
	return k, nil
}

func (k *remoteKeys) source(provider string) *remoteSource {
	for _, s := range k.sources {
		if s.Provider == provider {
			return s
		}
	}
	return nil
}

// tick is the root's OnTick: sync every source, start due fetches, record the
// keys' age, and end the waits that ran out.
func (k *remoteKeys) tick(now time.Time) {
	for _, src := range k.sources {
		k.sync(src)
		k.maybeFetch(src, now)
		if cas, at := src.Installed(); cas != 0 {
			_ = proxywasm.RecordMetric(src.age, uint64(now.Sub(at)/time.Second))
		}
	}
	k.resume("", now)
}

// sync installs the shared record when it is newer than the VM's keys.
func (k *remoteKeys) sync(src *remoteSource) bool {
	b, cas, err := proxywasm.GetSharedData(src.Key())
	if err != nil {
		return false
	}
	if installed, _ := src.Installed(); cas == installed {
		return false
	}
	at, body, err := jwks.DecodeRecord(b)
	if err != nil {
		logError("gatehouse: jwks " + src.Provider + ": " + err.Error())
		return false
	}
	ks, _, err := jwt.ParseJWKS(body)
	if err != nil {
		return false // the fetching VM logged why; keep the keys we have
	}
	src.provider.SetKeys(ks)
	src.Install(cas, at)
	return true
}

// maybeFetch takes the lease and sends the request when the source is due.
func (k *remoteKeys) maybeFetch(src *remoteSource, now time.Time) {
	if !src.Due(now) {
		return
	}
	lease, cas, err := proxywasm.GetSharedData(src.LeaseKey())
	if err != nil && err != abi.StatusNotFound {
		return
	}
	if !jwks.LeaseFree(lease, k.holder, now) {
		src.Busy(now)
		return
	}
	if err := proxywasm.SetSharedData(src.LeaseKey(), jwks.EncodeLease(k.holder, now.Add(src.Timeout)), cas); err != nil {
		src.Busy(now) // another VM took it first (CAS mismatch)
		return
	}
	headers := []abi.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: src.Path},
		{Key: ":authority", Value: src.Cluster}, {Key: "accept", Value: "application/json"}}
	token, err := proxywasm.HTTPCall(src.Cluster, headers, nil, nil, src.Timeout)
	if err != nil {
		logError("gatehouse: jwks " + src.Provider + ": fetch from cluster " + src.Cluster + ": " + err.Error())
		_ = proxywasm.IncrementMetric(src.fetchBad, 1)
		src.Busy(now)
		k.release(src)
		return
	}
	src.Started(now)
	k.calls[token] = src
}

// release ends this VM's lease early, so another VM may fetch at once.
func (k *remoteKeys) release(src *remoteSource) {
	lease, cas, err := proxywasm.GetSharedData(src.LeaseKey())
	if err != nil {
		return
	}
	if h, _, err := jwks.DecodeLease(lease); err == nil && h == k.holder {
		_ = proxywasm.SetSharedData(src.LeaseKey(), jwks.EncodeLease(0, time.Unix(0, 0)), cas)
	}
}

// response is the root's OnHTTPCallResponse for a JWKS fetch. A failed or
// invalid fetch keeps the keys the VM has.
func (k *remoteKeys) response(token uint32, numHeaders, bodySize int, now time.Time) bool {
	src, ok := k.calls[token]
	if !ok {
		return false
	}
	delete(k.calls, token)
	src.Finished()
	defer k.release(src)
	fail := func(why string) {
		logError("gatehouse: jwks " + src.Provider + ": fetch failed, keeping the last good keys: " + why)
		_ = proxywasm.IncrementMetric(src.fetchBad, 1)
		k.resume(src.Provider, now)
	}
	if numHeaders == 0 {
		// proxy_get_status would say more, but proxytest (our second host) lacks
		// it, and the module must load there.
		fail("no response (the call failed or was reset)")
		return true
	}
	status, _ := proxywasm.GetHeader(abi.MapHTTPCallResponseHeaders, ":status")
	if status != "200" {
		fail("HTTP status " + status)
		return true
	}
	body, err := proxywasm.GetBuffer(abi.BufferHTTPCallResponseBody, 0, bodySize)
	if err != nil {
		fail("reading the body: " + err.Error())
		return true
	}
	ks, skipped, err := jwt.ParseJWKS(body)
	for _, sk := range skipped {
		logError("gatehouse: jwks " + src.Provider + ": skipped a key: " + sk.String())
	}
	if err != nil {
		fail(err.Error())
		return true
	}
	if err := proxywasm.SetSharedData(src.Key(), jwks.EncodeRecord(now, body), 0); err != nil {
		fail("storing the set: " + err.Error())
		return true
	}
	src.provider.SetKeys(ks)
	if _, cas, err := proxywasm.GetSharedData(src.Key()); err == nil {
		src.Install(cas, now)
	}
	_ = proxywasm.IncrementMetric(src.fetchOK, 1)
	_ = proxywasm.Log(abi.LogInfo, "gatehouse: jwks "+src.Provider+": "+strconv.Itoa(ks.Len())+" keys installed")
	k.resume(src.Provider, now)
	return true
}

// awaitOutcome is what a stream refused for want of keys should do.
type awaitOutcome uint8

const (
	awaitRefuse  awaitOutcome = iota // answer with the refusal now
	awaitRetry                       // newer keys were just installed: decide again
	awaitWaiting                     // the stream waits; resume will decide
)

// await decides whether a stream refused for want of keys should wait: it syncs
// the shared record first (another worker may have the keys), then asks for a
// fetch; an unknown kid asks at most once per jwks.MinUrgentInterval. The wait
// ends at src.WaitUntil.
func (k *remoteKeys) await(s *stream, provider string, reason filters.Reason) awaitOutcome {
	src := k.source(provider)
	if src == nil {
		return awaitRefuse
	}
	if k.sync(src) {
		return awaitRetry
	}
	now := time.Now()
	if reason == filters.ReasonKidUnknown && !src.Urgent(now) {
		return awaitRefuse
	}
	k.maybeFetch(src, now)
	k.waiting = append(k.waiting, waiter{s: s, id: s.id, provider: provider, until: src.WaitUntil(now)})
	return awaitWaiting
}

// resume decides again for the streams waiting on provider ("" for all) once
// its keys arrived or a fetch failed, and for any stream whose wait ran out.
func (k *remoteKeys) resume(provider string, now time.Time) {
	kept := k.waiting[:0]
	var ready []waiter
	for _, w := range k.waiting {
		if (provider != "" && w.provider == provider) || !now.Before(w.until) {
			ready = append(ready, w)
		} else {
			kept = append(kept, w)
		}
	}
	clear(k.waiting[len(kept):])
	k.waiting = kept
	for _, w := range ready {
		if w.s.id != w.id {
			continue // the stream ended and its object was reused
		}
		if err := proxywasm.SetEffectiveContext(w.id); err != nil {
			continue
		}
		w.s.req.Time = now
		if w.s.decide(false) == abi.ActionContinue {
			_ = proxywasm.ContinueStream(abi.StreamRequest)
		}
	}
}

// forget drops a deleted stream from the waiting list.
func (k *remoteKeys) forget(s *stream) {
	for i, w := range k.waiting {
		if w.s == s {
			k.waiting = append(k.waiting[:i], k.waiting[i+1:]...)
			return
		}
	}
}
