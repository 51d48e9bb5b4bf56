package jwks

import (
	"time"
)

// Source is the refresh schedule of one remote JWKS inside one VM. It is not safe
// for concurrent use (a VM is single threaded).
type Source struct {
	// Provider is the JWT provider's policy name.
	Provider string
	// Cluster and Path say where to fetch: an Envoy cluster and a request path.
	Cluster, Path string
	// Refresh is how old a set may get before it is fetched again.
	Refresh time.Duration
	// Timeout bounds one fetch; it is also the length of the fetch lease.
	Timeout time.Duration

	// installed is the shared-data CAS of the record this VM installed; 0 when
	// none. Every write gives a record a new CAS, so a different value means a
	// newer set.
	installed uint32
	// fetchedAt is when the installed set was fetched.
	fetchedAt time.Time
	// lastTry is when this VM last started a fetch or found the lease taken.
	lastTry time.Time
	// inFlight is set while this VM's fetch is outstanding.
	inFlight bool
	// urgent asks for a fetch before the set is stale (a kid the set lacks),
	// still at most once per MinUrgentInterval.
	urgent     bool
	lastUrgent time.Time
}

// MinRetry is how long a VM waits before trying again after a failed fetch or
// after finding another VM's lease.
const MinRetry = 2 * time.Second

// MinUrgentInterval bounds refreshes asked for by unknown kids, so a stream of
// tokens with made-up kids cannot make Gatehouse hammer the identity provider.
const MinUrgentInterval = 30 * time.Second

// Key and LeaseKey are the shared-data keys of the provider's record and lease.
func (s *Source) Key() string      { return "gatehouse.jwks." + s.Provider }
func (s *Source) LeaseKey() string { return "gatehouse.jwks." + s.Provider + ".lease" }

// Installed reports the CAS of the installed record (0: none) and its fetch time.
func (s *Source) Installed() (cas uint32, fetchedAt time.Time) { return s.installed, s.fetchedAt }

// Install records that the VM installed the shared record with this CAS.
func (s *Source) Install(cas uint32, fetchedAt time.Time) { s.installed, s.fetchedAt = cas, fetchedAt }

// Urgent asks for a refresh ahead of schedule (a token names a kid the set does
// not have). It returns false, and asks nothing, when the last urgent refresh
// was less than MinUrgentInterval ago: the caller should then refuse the token.
func (s *Source) Urgent(now time.Time) bool {
	if !s.lastUrgent.IsZero() && now.Sub(s.lastUrgent) < MinUrgentInterval {
		return false
	}
	s.urgent, s.lastUrgent = true, now
	return true
}

// Due reports whether this VM should try to fetch now: no set yet, or the set is
// stale, or an urgent refresh is pending — and no fetch of ours is outstanding,
// and the last try was at least MinRetry ago (an urgent refresh skips that wait
// once).
func (s *Source) Due(now time.Time) bool {
	if s.inFlight {
		return false
	}
	stale := s.installed == 0 || now.Sub(s.fetchedAt) >= s.Refresh
	if !stale && !s.urgent {
		return false
	}
	if s.urgent {
		return true
	}
	return s.lastTry.IsZero() || now.Sub(s.lastTry) >= MinRetry
}

// LeaseFree reports whether a lease read from shared data (nil: none) may be
// taken at now by holder: it is absent, malformed, expired, or already ours.
func LeaseFree(b []byte, holder uint64, now time.Time) bool {
	if b == nil {
		return true
	}
	h, until, err := DecodeLease(b)
	return err != nil || h == holder || !now.Before(until)
}

// WaitUntil is how long a request that needs this set may wait for it, from
// now: the fetch timeout plus a second for the answer to be installed.
func (s *Source) WaitUntil(now time.Time) time.Time { return now.Add(s.Timeout + time.Second) }

// Started records that this VM took the lease and sent the request.
func (s *Source) Started(now time.Time) {
	s.inFlight, s.urgent, s.lastTry = true, false, now
}

// Busy records that another VM holds the lease: try again after MinRetry.
func (s *Source) Busy(now time.Time) { s.lastTry, s.urgent = now, false }

// Finished records the end of this VM's fetch, whatever its outcome.
func (s *Source) Finished() { s.inFlight = false }
