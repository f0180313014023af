//! What paap remembers between runs, and how two versions of it are merged.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// How many recently read documents are kept.
pub const RECENT_CAP: usize = 50;

/// The largest line number kept: a larger one read from the file (even `u64::MAX`, or one
/// past `usize` on a 32-bit system) is read as this. No document has as many lines, and
/// adding a screen's height to it cannot overflow anywhere.
pub const MAX_LINE: usize = i32::MAX as usize;

fn clamp_line(line: u64) -> usize {
    usize::try_from(line).map_or(MAX_LINE, |line| line.min(MAX_LINE))
}

fn line_from_file<'de, D: Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    u64::deserialize(deserializer).map(clamp_line)
}

fn lines_from_file<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, usize>, D::Error> {
    let lines = BTreeMap::<String, u64>::deserialize(deserializer)?;
    Ok(lines
        .into_iter()
        .map(|(doc_id, line)| (doc_id, clamp_line(line)))
        .collect())
}

/// A bookmark: a document and a line in it. One per (document, line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub doc_id: String,
    #[serde(deserialize_with = "line_from_file")]
    pub line: usize,
    pub title: String,
    /// Unix time in seconds.
    pub added: i64,
    /// Fields this version does not know (written by a newer paap), kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// A recently read document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recent {
    pub doc_id: String,
    /// Unix time in seconds.
    pub opened: i64,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// Everything stored in `state.json`. Missing fields read as empty, so older and
/// newer files load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Oldest first.
    pub bookmarks: Vec<Bookmark>,
    /// Document id → last scroll line.
    #[serde(deserialize_with = "lines_from_file")]
    pub positions: BTreeMap<String, usize>,
    /// Most recent first, one entry per document, at most [`RECENT_CAP`].
    pub recent: Vec<Recent>,
    /// Fields this version does not know (written by a newer paap), kept as they were so
    /// that saving here loses nothing the newer version stored.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl State {
    /// Whether `doc_id` has a bookmark at `line`.
    pub fn has_bookmark(&self, doc_id: &str, line: usize) -> bool {
        self.bookmarks
            .iter()
            .any(|b| b.doc_id == doc_id && b.line == line)
    }

    /// Adds a bookmark at `doc_id`/`line` (newest last), added at unix time `added`.
    pub fn add_bookmark(&mut self, doc_id: &str, line: usize, title: &str, added: i64) {
        self.bookmarks.push(Bookmark {
            doc_id: doc_id.to_string(),
            line,
            title: title.to_string(),
            added,
            unknown: Map::new(),
        });
    }

    /// Removes the bookmark at `doc_id`/`line`; whether there was one.
    pub fn remove_bookmark(&mut self, doc_id: &str, line: usize) -> bool {
        let before = self.bookmarks.len();
        self.bookmarks
            .retain(|b| !(b.doc_id == doc_id && b.line == line));
        self.bookmarks.len() != before
    }

    /// Moves `doc_id` to the front of the recent list, opened at unix time `opened`.
    pub fn touch_recent(&mut self, doc_id: &str, opened: i64) {
        let previous = self.recent.iter().position(|r| r.doc_id == doc_id);
        // What a newer paap stored with the entry stays with it.
        let unknown = previous.map_or_else(Map::new, |at| self.recent.remove(at).unknown);
        self.recent.insert(
            0,
            Recent {
                doc_id: doc_id.to_string(),
                opened,
                unknown,
            },
        );
        self.recent.truncate(RECENT_CAP);
    }
}

/// Merges this process's changes into what is on disk.
///
/// `base` is what this process last read or wrote, `local` is its current state and
/// `disk` is what is in the file now (perhaps written by another paap since). Only
/// the changes from `base` to `local` are applied to `disk`, so another window's
/// changes survive: bookmarks added or removed here are added or removed there,
/// positions changed here win, and recent lists are united (newest opening wins).
pub fn three_way_merge(base: &State, local: &State, disk: State) -> State {
    State {
        bookmarks: merge_bookmarks(base, local, disk.bookmarks),
        positions: merge_positions(&base.positions, &local.positions, disk.positions),
        recent: merge_recent(&local.recent, disk.recent),
        // This version never changes them, so the file's are the newest.
        unknown: disk.unknown,
    }
}

type BookmarkKey<'a> = (&'a str, usize);

fn bookmark_key(b: &Bookmark) -> BookmarkKey<'_> {
    (b.doc_id.as_str(), b.line)
}

fn merge_bookmarks(base: &State, local: &State, disk: Vec<Bookmark>) -> Vec<Bookmark> {
    let in_base: BTreeSet<_> = base.bookmarks.iter().map(bookmark_key).collect();
    let in_local: BTreeSet<_> = local.bookmarks.iter().map(bookmark_key).collect();
    let removed_here: BTreeSet<_> = in_base.difference(&in_local).copied().collect();

    let mut merged: Vec<Bookmark> = disk
        .into_iter()
        .filter(|b| !removed_here.contains(&bookmark_key(b)))
        .collect();
    let on_disk: BTreeSet<(String, usize)> =
        merged.iter().map(|b| (b.doc_id.clone(), b.line)).collect();
    for bookmark in &local.bookmarks {
        let key = bookmark_key(bookmark);
        let added_here = !in_base.contains(&key);
        if added_here && !on_disk.contains(&(key.0.to_string(), key.1)) {
            merged.push(bookmark.clone());
        }
    }
    merged.sort_by_key(|b| b.added);
    merged
}

fn merge_positions(
    base: &BTreeMap<String, usize>,
    local: &BTreeMap<String, usize>,
    mut disk: BTreeMap<String, usize>,
) -> BTreeMap<String, usize> {
    for (doc_id, line) in local {
        if base.get(doc_id) != Some(line) {
            disk.insert(doc_id.clone(), *line);
        }
    }
    for doc_id in base.keys() {
        if !local.contains_key(doc_id) {
            disk.remove(doc_id);
        }
    }
    disk
}

fn merge_recent(local: &[Recent], disk: Vec<Recent>) -> Vec<Recent> {
    // What a newer paap stored with an entry is newest on disk: it goes with the entry kept.
    let mut unknown_on_disk: BTreeMap<String, Map<String, Value>> = disk
        .iter()
        .filter(|r| !r.unknown.is_empty())
        .map(|r| (r.doc_id.clone(), r.unknown.clone()))
        .collect();
    // Local entries first so that, among equal times, this window's order stands.
    let mut all: Vec<Recent> = local.iter().cloned().chain(disk).collect();
    all.sort_by_key(|r| std::cmp::Reverse(r.opened));
    let mut seen = BTreeSet::new();
    all.retain(|r| seen.insert(r.doc_id.clone()));
    all.truncate(RECENT_CAP);
    for recent in &mut all {
        if let Some(unknown) = unknown_on_disk.remove(&recent.doc_id) {
            recent.unknown = unknown;
        }
    }
    all
}
