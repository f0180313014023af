//! What a query term matched in one index, and the index's memory of recent terms: the
//! costly part of a search, kept for reuse while the reader types (each keystroke usually
//! changes only the last term).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::words::MatchKind;

/// One place a term occurs in a body: its first word's position, and how it matched
/// (for a phrase, its weakest word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Occurrence {
    pub doc: u32,
    pub at: u32,
    pub kind: MatchKind,
}

/// What one term matches in one index.
#[derive(Debug, Default)]
pub(crate) struct TermData {
    /// For every entry of `Index::names`: its quality (0..=1000), or -1 for no match.
    pub names: Vec<i16>,
    /// Every body occurrence, ascending by (document, position).
    pub body: Vec<Occurrence>,
    /// How many documents the term matches in any field: its document frequency.
    pub docs: u32,
}

/// What a compiled term is for, which decides how it matches names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Purpose {
    /// A search term: fuzzy over names, words in bodies.
    Rank,
    /// A `tag:` or `author:` pattern: fuzzy over names only.
    Filter,
    /// A `-word`: word for word, in names and bodies.
    Exclude,
}

/// Identifies a term's `TermData`: the same text, quoting and purpose match the same things.
pub(crate) type TermKey = (String, bool, Purpose);

/// How many recent terms the index remembers.
const CACHED_TERMS: usize = 24;

/// The most recent terms' data, oldest first.
#[derive(Debug, Default)]
pub(crate) struct TermCache {
    recent: Mutex<VecDeque<(TermKey, Arc<TermData>)>>,
}

impl TermCache {
    /// The data of `key`, computed by `compute` unless a recent term had it.
    pub fn get_or_compute(
        &self,
        key: TermKey,
        compute: impl FnOnce() -> TermData,
    ) -> Arc<TermData> {
        let cached = self.recent.lock().ok().and_then(|recent| {
            recent
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, data)| Arc::clone(data))
        });
        if let Some(data) = cached {
            return data;
        }
        let data = Arc::new(compute());
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() >= CACHED_TERMS {
                recent.pop_front();
            }
            recent.push_back((key, Arc::clone(&data)));
        }
        data
    }

    pub fn clear(&self) {
        if let Ok(mut recent) = self.recent.lock() {
            recent.clear();
        }
    }
}
