//! A small in-memory cache whose entries expire after a fixed time to live.
//!
//! Variant (valid): entries are `(value, stored_at)` tuples stamped on the injected clock, and
//! one `expired` predicate (`checked_duration_since(stored_at) >= ttl`) serves `get`,
//! `remove` and `purge_expired`.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

use kata_toolkit::clock::Clock;

/// A value and when it was stored, on the cache's clock.
type Entry<V> = (V, Instant);

/// A map whose entries expire `ttl` after they were last stored.
#[derive(Debug)]
pub struct TtlCache<K, V, C> {
    ttl: Duration,
    clock: C,
    entries: HashMap<K, Entry<V>>,
}

impl<K: Eq + Hash, V, C: Clock> TtlCache<K, V, C> {
    /// An empty cache whose entries live for `ttl`, read on `clock`.
    pub fn new(ttl: Duration, clock: C) -> Self {
        Self {
            ttl,
            clock,
            entries: HashMap::new(),
        }
    }

    /// How long an entry lives after it is stored.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Store `value` under `key`, replacing any previous value; its time to live starts
    /// now.
    pub fn insert(&mut self, key: K, value: V) {
        let now = self.clock.now();
        self.entries.insert(key, (value, now));
    }

    /// The value stored under `key`, unless it has expired.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let now = self.clock.now();
        self.entries
            .get(key)
            .filter(|(_, stored_at)| !expired(*stored_at, now, self.ttl))
            .map(|(value, _)| value)
    }

    /// Remove the entry under `key`, returning its value if it had not expired.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let now = self.clock.now();
        let (value, stored_at) = self.entries.remove(key)?;
        (!expired(stored_at, now, self.ttl)).then_some(value)
    }

    /// Drop every expired entry; returns how many were dropped.
    pub fn purge_expired(&mut self) -> usize {
        let now = self.clock.now();
        let before = self.entries.len();
        let ttl = self.ttl;
        self.entries
            .retain(|_, (_, stored_at)| !expired(*stored_at, now, ttl));
        before - self.entries.len()
    }

    /// Entries held, expired ones not yet purged included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds no entry at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Expired once its age reaches the ttl. A clock read earlier than the stamp (a test
/// that moved it back) gives no age: the entry counts as fresh.
fn expired(stored_at: Instant, now: Instant, ttl: Duration) -> bool {
    now.checked_duration_since(stored_at)
        .is_some_and(|age| age >= ttl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kata_toolkit::clock::ManualClock;

    #[test]
    fn serves_an_entry_before_it_expires() {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(Duration::from_secs(3600), clock.clone());
        cache.insert("EUR/USD", 1.08);
        clock.advance(Duration::from_secs(3599));
        assert_eq!(cache.get("EUR/USD"), Some(&1.08));
    }

    #[test]
    fn forgets_an_entry_once_it_expires() {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(Duration::from_millis(300), clock.clone());
        cache.insert("EUR/USD", 1.08);
        clock.advance(Duration::from_millis(300));
        assert_eq!(cache.get("EUR/USD"), None);
        assert_eq!(cache.purge_expired(), 1);
        assert!(clock.sleeps().is_empty(), "a cache never waits");
    }
}
