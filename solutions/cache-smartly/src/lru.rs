//! A bounded map from SKU to value that evicts the least recently used entry.
//!
//! A `HashMap` from key to slot, and the slots in a `Vec` threaded on a doubly linked
//! list by index (most recently used at the head). Every operation is O(1); memory is
//! bounded by the capacity, fixed when the cache is made.

use std::collections::HashMap;

const NONE: usize = usize::MAX;

#[derive(Debug)]
struct Slot<V> {
    key: Box<str>,
    value: V,
    prev: usize,
    next: usize,
}

#[derive(Debug)]
pub(crate) struct Lru<V> {
    index: HashMap<Box<str>, usize>,
    slots: Vec<Slot<V>>,
    head: usize,
    tail: usize,
    capacity: usize,
}

impl<V> Lru<V> {
    pub(crate) fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Lru {
            index: HashMap::with_capacity(capacity),
            slots: Vec::with_capacity(capacity),
            head: NONE,
            tail: NONE,
            capacity,
        }
    }

    /// The value for `key`, which becomes the most recently used.
    pub(crate) fn get(&mut self, key: &str) -> Option<&V> {
        let slot = *self.index.get(key)?;
        self.move_to_front(slot);
        Some(&self.slots[slot].value)
    }

    /// Set `key` to `value`, evicting the least recently used entry if full.
    pub(crate) fn insert(&mut self, key: &str, value: V) {
        if let Some(&slot) = self.index.get(key) {
            self.slots[slot].value = value;
            self.move_to_front(slot);
            return;
        }
        let slot = if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key: key.into(),
                value,
                prev: NONE,
                next: NONE,
            });
            self.slots.len() - 1
        } else {
            // Reuse the least recently used slot.
            let slot = self.tail;
            self.unlink(slot);
            let old = std::mem::replace(&mut self.slots[slot].key, key.into());
            self.index.remove(&old);
            self.slots[slot].value = value;
            slot
        };
        self.index.insert(self.slots[slot].key.clone(), slot);
        self.push_front(slot);
    }

    fn move_to_front(&mut self, slot: usize) {
        if self.head != slot {
            self.unlink(slot);
            self.push_front(slot);
        }
    }

    fn unlink(&mut self, slot: usize) {
        let (prev, next) = (self.slots[slot].prev, self.slots[slot].next);
        match prev {
            NONE => self.head = next,
            p => self.slots[p].next = next,
        }
        match next {
            NONE => self.tail = prev,
            n => self.slots[n].prev = prev,
        }
    }

    fn push_front(&mut self, slot: usize) {
        self.slots[slot].prev = NONE;
        self.slots[slot].next = self.head;
        match self.head {
            NONE => self.tail = slot,
            h => self.slots[h].prev = slot,
        }
        self.head = slot;
    }
}
