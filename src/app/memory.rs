//! What the TUI remembers between runs, as data: the stored [`State`] last loaded or saved,
//! plus the [`MemoryChange`]s made since. `update` records changes here and asks for a save
//! with `Effect::SaveState`; the runtime applies them to the store and answers with
//! `Action::Saved`.

use std::collections::HashMap;

use crate::content::Library;
use crate::store::State;

/// One change to what paap remembers, for the runtime to apply to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryChange {
    AddBookmark {
        doc_id: String,
        line: usize,
        title: String,
    },
    RemoveBookmark {
        doc_id: String,
        line: usize,
    },
    /// The reader left `doc_id` with `line` at the top of the view.
    SetPosition {
        doc_id: String,
        line: usize,
    },
    /// The reader opened `doc_id` (it moves to the front of the recent list).
    TouchRecent {
        doc_id: String,
    },
}

/// One row of the bookmarks overlay that can be selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryItem {
    /// `doc` is `None` when the bookmarked document is not in the loaded library.
    Bookmark {
        doc: Option<usize>,
        doc_id: String,
        line: usize,
        title: String,
    },
    /// A recently read document that is loaded, with its remembered position.
    Recent { doc: usize, line: Option<usize> },
}

/// What the overlay draws on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverlayRow {
    Heading(&'static str),
    /// A line of explanation (e.g. how to add a bookmark when there is none).
    Note(String),
    /// Index into `App::memory_items`.
    Item(usize),
}

/// Document id → library index; with two content roots holding the same id, the first
/// loaded one wins.
fn ids_of(library: &Library) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for (index, doc) in library.docs().iter().enumerate() {
        ids.entry(doc.id.clone()).or_insert(index);
    }
    ids
}

/// The stored state plus this session's changes.
#[derive(Debug, Default)]
pub struct Memory {
    pub(super) state: State,
    /// Changes not yet applied to the store, oldest first.
    pub(super) pending: Vec<MemoryChange>,
    /// The document last recorded as read, so staying on it records nothing new.
    pub(super) read: Option<usize>,
    /// Document id → library index.
    ids: HashMap<String, usize>,
}

impl Memory {
    pub fn new(library: &Library) -> Memory {
        Memory {
            ids: ids_of(library),
            ..Memory::default()
        }
    }

    /// After the library was read again: ids lead to the new indexes.
    pub(super) fn relink(&mut self, library: &Library, new_index: impl Fn(usize) -> Option<usize>) {
        self.ids = ids_of(library);
        self.read = self.read.and_then(new_index);
    }

    /// The line `doc_id` was left at, if it was read before.
    pub fn position(&self, doc_id: &str) -> Option<usize> {
        self.state.positions.get(doc_id).copied()
    }

    /// The library index of the document with this id.
    pub fn doc_by_id(&self, doc_id: &str) -> Option<usize> {
        self.ids.get(doc_id).copied()
    }

    /// Records a change: it shows at once and waits in `pending` for the next save.
    pub(super) fn record(&mut self, change: MemoryChange) {
        match &change {
            MemoryChange::AddBookmark {
                doc_id,
                line,
                title,
            } => {
                // The store stamps the real time when the change is applied.
                self.state.add_bookmark(doc_id, *line, title, 0);
            }
            MemoryChange::RemoveBookmark { doc_id, line } => {
                self.state.remove_bookmark(doc_id, *line);
            }
            MemoryChange::SetPosition { doc_id, line } => {
                self.state.positions.insert(doc_id.clone(), *line);
            }
            MemoryChange::TouchRecent { doc_id } => self.state.touch_recent(doc_id, 0),
        }
        self.pending.push(change);
    }

    /// The store saved the first `applied` pending changes and holds `state` now (with
    /// what other paap windows saved meanwhile); later changes stay pending and shown.
    pub(super) fn saved(&mut self, applied: usize, state: Option<State>) {
        let applied = applied.min(self.pending.len());
        self.pending.drain(..applied);
        if let Some(state) = state {
            self.state = state;
            for change in std::mem::take(&mut self.pending) {
                self.record(change);
            }
        }
    }
}
