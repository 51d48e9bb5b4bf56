package ratelimit

import (
	"errors"
	"strconv"
	"time"

	"gatehouse/config"
	"gatehouse/filters"
	"gatehouse/filters/authn"
)

// KeyPrefix starts every shared-data key of the rate limits:
// gatehouse.rl.<limit>.<slot>.
const KeyPrefix = "gatehouse.rl."

// Outcome is what one limit did with one request, for the metrics.
type Outcome uint8

const (
	// Allowed: the limit had a token for the request.
	Allowed Outcome = iota
	// Limited: the limit refused the request.
	Limited
	// Errored: the bucket could not be used (a store error or contention).
	Errored
)

// Counter receives every limit's outcome per request (the plugin's metrics).
// limit is the index in Limits.Names.
type Counter interface {
	Count(limit int, o Outcome)
}

// Limits are a policy's compiled rate limits. Build them once per policy with
// Compile; Check runs per request. Not safe for concurrent use (a VM is
// single-threaded; the buckets themselves are shared through the Store).
type Limits struct {
	all     []*Limit
	global  []*Limit
	byRoute [][]*Limit // indexed like the policy's routes
	store   Store
	counter Counter
	taken   []refund        // scratch for Check
	cur     []byte          // scratch for Check: the RateLimit value
	record  [recordLen]byte // scratch for Check: a bucket record being written
}

// Limit is one compiled limit.
type Limit struct {
	index      int
	name       string
	b          bucket
	keys       []config.KeySource
	slots      uint64
	allowOnErr bool
	headers    bool
	prefix     string // KeyPrefix + name + "."
	policyItem string // `"name";q=N;w=S`
	// slotKeys caches recent slot keys, direct-mapped by slot: a busy client's
	// requests do not build the same key string again.
	slotKeys [keyCacheSize]cachedKey
}

const keyCacheSize = 64

type cachedKey struct {
	_    [0]func() // not comparable: no generated equality function
	slot uint64
	key  string
}

type refund struct {
	_   [0]func() // not comparable: no generated equality function
	l   *Limit
	key string
}

// Compile builds the limits of pol over store (nil: a new MemoryStore, for
// tools and tests). counter may be nil.
func Compile(pol *config.Policy, store Store, counter Counter) *Limits {
	if store == nil {
		store = NewMemoryStore()
	}
	ls := &Limits{store: store, counter: counter, byRoute: make([][]*Limit, len(pol.Routes))}
	for i := range pol.RateLimits {
		ls.global = append(ls.global, ls.add(&pol.RateLimits[i]))
	}
	for i := range pol.Routes {
		for j := range pol.Routes[i].RateLimits {
			ls.byRoute[i] = append(ls.byRoute[i], ls.add(&pol.Routes[i].RateLimits[j]))
		}
	}
	return ls
}

func (ls *Limits) add(c *config.RateLimit) *Limit {
	per := int64(c.Rate.Per)
	interval := (per + c.Rate.Count - 1) / c.Rate.Count
	l := &Limit{index: len(ls.all), name: c.Name, keys: c.Keys, slots: uint64(c.SlotCount()),
		b:          bucket{interval: interval, tolerance: int64(c.Burst) * interval},
		allowOnErr: c.OnError == config.OnErrorAllow, headers: c.SendHeaders(), prefix: KeyPrefix + c.Name + ".",
		policyItem: `"` + c.Name + `";q=` + strconv.FormatInt(c.Rate.Count, 10) + ";w=" + strconv.FormatInt(per/int64(time.Second), 10)}
	ls.all = append(ls.all, l)
	return l
}

// Names lists the limits' names; a limit's position is its index for Counter.
func (ls *Limits) Names() []string {
	out := make([]string, len(ls.all))
	for i, l := range ls.all {
		out[i] = l.name
	}
	return out
}

// Slots is the total number of shared-data entries the limits may use: the
// bound on their memory.
func (ls *Limits) Slots() int {
	n := 0
	for _, l := range ls.all {
		n += int(l.slots)
	}
	return n
}

// Prepare creates every slot that does not exist yet as an idle bucket, so
// that requests only ever update entries through compare-and-swap (creating a
// missing entry cannot be made atomic: Envoy writes a missing key whatever the
// CAS). Call it on configure; it writes nothing when the slots are there.
func (ls *Limits) Prepare() error {
	var buf [recordLen]byte
	idle := encodeRecord(&buf, 0, 0)
	for _, l := range ls.all {
		for slot := uint64(0); slot < l.slots; slot++ {
			key := l.slotKey(slot)
			_, _, err := ls.store.Get(key)
			if err == nil {
				continue
			}
			if !errors.Is(err, ErrNotFound) {
				return err
			}
			if err := ls.store.Set(key, idle, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *Limit) slotKey(slot uint64) string { return l.prefix + strconv.FormatUint(slot, 10) }

// slotKeyCached is slotKey through the limit's cache.
func (l *Limit) slotKeyCached(slot uint64) string {
	c := &l.slotKeys[slot%keyCacheSize]
	if c.key == "" || c.slot != slot {
		c.slot, c.key = slot, l.slotKey(slot)
	}
	return c.key
}

// Any reports whether a request on route (an index into the policy's routes,
// -1 for none) meets any limit.
func (ls *Limits) Any(route int) bool {
	return len(ls.global) > 0 || route >= 0 && route < len(ls.byRoute) && len(ls.byRoute[route]) > 0
}

// Verdict is the outcome of a request's limits.
type Verdict uint8

const (
	// Pass: every limit that applies admitted the request (or failed with
	// on_error allow: see Result.Err).
	Pass Verdict = iota
	// Refused: a limit had no token; answer 429.
	Refused
	// Failed: a limit's bucket could not be used and its on_error is deny.
	Failed
)

// Result is what Check concluded.
type Result struct {
	Verdict Verdict
	// Limit names the limit that refused or failed (or, on Pass, the last one
	// that failed with on_error allow).
	Limit string
	// Err is the bucket error behind Failed, or one let through by on_error
	// allow on Pass; nil otherwise. It holds no key material.
	Err error
	// RetryAfter is the Retry-After of a refusal, in whole seconds (≥ 1).
	RetryAfter int64
	// Headers are the RateLimit-Policy and RateLimit response headers of the
	// limits that send them (only the refusing limit's on a refusal).
	Headers []filters.Header
}

// Check takes one token from every limit that applies to the request (the
// policy-wide ones, then route's; route is the policy index of the matched
// route, -1 for none, and routeID its id) at req.Time. A refusal or a failure
// stops the check, and the tokens already taken are given back.
func (ls *Limits) Check(req *filters.Request, route int, routeID string, principal *authn.Principal) Result {
	var res Result
	now := req.Time.UnixNano()
	s := subject{req: req, route: routeID, principal: principal}
	var pol []byte
	var polOne string
	cur := ls.cur[:0]
	ls.taken = ls.taken[:0]
	limits := ls.global
	for pass := 0; pass < 2; pass++ {
		if pass == 1 {
			if route < 0 || route >= len(ls.byRoute) {
				break
			}
			limits = ls.byRoute[route]
		}
		for _, l := range limits {
			h, ok := keyHash(l.name, l.keys, s)
			if !ok {
				continue
			}
			key := l.slotKeyCached(h % l.slots)
			t, err := l.b.takeToken(ls.store, key, h, now, &ls.record)
			switch {
			case err != nil:
				ls.count(l, Errored)
				res.Limit, res.Err = l.name, err
				if l.allowOnErr {
					continue
				}
				ls.giveBack(now)
				res.Verdict, res.Headers = Failed, nil
				return res
			case !t.allowed:
				ls.count(l, Limited)
				ls.giveBack(now)
				res.Verdict, res.Limit, res.Err = Refused, l.name, nil
				res.RetryAfter = max(seconds(t.next), 1)
				res.Headers = nil
				if l.headers {
					res.Headers = headers(l.policyItem, appendItem(nil, l.name, 0, res.RetryAfter))
				}
				return res
			}
			ls.count(l, Allowed)
			ls.taken = append(ls.taken, refund{l: l, key: key})
			if l.headers {
				switch {
				case polOne == "" && pol == nil:
					polOne = l.policyItem // the usual single limit: no copy
				case pol == nil:
					pol = append(append(append(pol, polOne...), ", "...), l.policyItem...)
				default:
					pol = append(append(pol, ", "...), l.policyItem...)
				}
				if len(cur) > 0 {
					cur = append(cur, ", "...)
				}
				cur = appendItem(cur, l.name, t.remaining, seconds(t.next))
			}
		}
	}
	ls.cur = cur
	switch {
	case pol != nil:
		res.Headers = headers(string(pol), cur)
	case polOne != "":
		res.Headers = headers(polOne, cur)
	}
	return res
}

func (ls *Limits) count(l *Limit, o Outcome) {
	if ls.counter != nil {
		ls.counter.Count(l.index, o)
	}
}

func (ls *Limits) giveBack(now int64) {
	for _, r := range ls.taken {
		r.l.b.giveBack(ls.store, r.key, now)
	}
	clear(ls.taken)
	ls.taken = ls.taken[:0]
}

// Header names (lower case, as Envoy keeps them).
const (
	HeaderPolicy = "ratelimit-policy"
	HeaderLimit  = "ratelimit"
)

func headers(pol string, cur []byte) []filters.Header {
	return []filters.Header{{Name: HeaderPolicy, Value: pol}, {Name: HeaderLimit, Value: string(cur)}}
}

// appendItem appends one RateLimit item: `"name";r=R;t=T`.
func appendItem(b []byte, name string, r, t int64) []byte {
	b = append(b, '"')
	b = append(b, name...)
	b = append(b, `";r=`...)
	b = strconv.AppendInt(b, r, 10)
	b = append(b, ";t="...)
	return strconv.AppendInt(b, t, 10)
}

// seconds rounds ns up to whole seconds.
func seconds(ns int64) int64 { return (ns + int64(time.Second) - 1) / int64(time.Second) }
