//! A small in-memory cache whose entries expire after a fixed time to live.
//!
//! The pricing service asks a slow upstream for exchange rates. Rates may be a few seconds
//! stale, so each answer is kept in a [`TtlCache`] for a fixed `ttl`: an entry stored at
//! time `t` is served while `now - t < ttl`, and from `now - t == ttl` on it is expired
//! and the next lookup goes upstream again.
//!
//! Reference solution: every reading of the time goes through the injected [`Clock`], and
//! an entry is fresh while its age is strictly less than `ttl`. See NOTES.md.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

use kata_toolkit::clock::Clock;

#[derive(Debug)]
struct Entry<V> {
    value: V,
    stored_at: Instant,
}

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
        self.purge_expired();
        let entry = Entry {
            value,
            stored_at: self.clock.now(),
        };
        self.entries.insert(key, entry);
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
            .filter(|entry| self.is_fresh(entry, now))
            .map(|entry| &entry.value)
    }

    /// Remove the entry under `key`, returning its value if it had not expired.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let now = self.clock.now();
        let entry = self.entries.remove(key)?;
        self.is_fresh(&entry, now).then_some(entry.value)
    }

    /// Drop every expired entry; returns how many were dropped.
    pub fn purge_expired(&mut self) -> usize {
        let now = self.clock.now();
        let before = self.entries.len();
        let ttl = self.ttl;
        self.entries.retain(|_, entry| fresh(entry, now, ttl));
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

    fn is_fresh(&self, entry: &Entry<V>, now: Instant) -> bool {
        fresh(entry, now, self.ttl)
    }
}

/// Served while younger than the ttl; expired from the instant its age reaches it.
fn fresh<V>(entry: &Entry<V>, now: Instant, ttl: Duration) -> bool {
    now.saturating_duration_since(entry.stored_at) < ttl
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
