//! Memory in the TUI: bookmarks (`m`), the bookmarks and recently read overlay (`'`),
//! and reading positions that a document reopens at.
//!
//! The app keeps a snapshot of the stored [`State`] to show and look things up in, and
//! a list of [`MemoryChange`]s made since the event loop last saved. `update` only
//! changes these and returns [`Effect::SaveState`]; the event loop applies the changes
//! to the `Store`, saves, and hands back the merged state ([`App::replace_memory`]).

use std::collections::HashMap;

use super::{Action, App, Effect, Focus, Position};
use crate::markdown;
use crate::store::State;

/// One change to what paap remembers, for the event loop to apply to the store.
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

/// The selection in the overlay: an index into [`App::memory_items`] and the first
/// overlay row drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoryOverlay {
    pub selected: usize,
    pub offset: usize,
}

/// What the app remembers between runs, as last saved plus this session's changes.
#[derive(Debug, Default)]
pub struct Memory {
    state: State,
    pending: Vec<MemoryChange>,
    overlay: Option<MemoryOverlay>,
    /// The document last recorded as read, so staying on it records nothing new.
    read: Option<usize>,
    /// Document id → library index.
    ids: HashMap<String, usize>,
}

impl Memory {
    pub fn new(library: &crate::content::Library) -> Memory {
        let mut ids = HashMap::new();
        for (index, doc) in library.docs().iter().enumerate() {
            // With two content roots holding the same id, the first loaded one wins.
            ids.entry(doc.id.clone()).or_insert(index);
        }
        Memory {
            ids,
            ..Memory::default()
        }
    }

    fn position(&self, doc_id: &str) -> Option<usize> {
        self.state.positions.get(doc_id).copied()
    }

    fn record(&mut self, change: MemoryChange) {
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
}

/// One row of the overlay that can be selected.
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
    /// Index into [`App::memory_items`].
    Item(usize),
}

impl App {
    /// What paap remembers: the stored state plus this session's changes.
    pub fn memory(&self) -> &State {
        &self.memory.state
    }

    /// Replaces the remembered state with what the store holds after saving (which
    /// includes other windows' changes). Changes recorded since are kept.
    pub fn replace_memory(&mut self, state: State) {
        self.memory.state = state;
        self.prepare();
    }

    /// Gives the app the state stored by earlier sessions, at start: the document
    /// shown first opens where it was left, like any other.
    pub fn load_memory(&mut self, state: State) {
        self.memory.state = state;
        if let Some(doc) = self.current
            && self.scroll == 0
        {
            self.prepare();
            self.scroll = resume_line(self, doc).min(self.max_scroll());
        }
        self.prepare();
    }

    /// Takes the changes made since the last call, for the event loop to apply to the
    /// store before saving.
    pub fn take_memory_changes(&mut self) -> Vec<MemoryChange> {
        std::mem::take(&mut self.memory.pending)
    }

    /// What quitting now would save: the changes not yet taken plus the position in
    /// the document on screen. The event loop keeps a copy so that a SIGTERM or
    /// SIGHUP (a closed terminal window) saves it too.
    pub fn unsaved_changes(&self) -> Vec<MemoryChange> {
        let mut changes = self.memory.pending.clone();
        if let Some(doc) = self.current {
            let doc_id = &self.library.doc(doc).id;
            if self.memory.position(doc_id).unwrap_or(0) != self.scroll {
                changes.push(MemoryChange::SetPosition {
                    doc_id: doc_id.clone(),
                    line: self.scroll,
                });
            }
        }
        changes
    }

    /// `Some` while the bookmarks and recently read overlay is open.
    pub fn memory_overlay(&self) -> Option<MemoryOverlay> {
        self.memory.overlay
    }

    /// The library index of the document with this id.
    pub fn doc_by_id(&self, doc_id: &str) -> Option<usize> {
        self.memory.ids.get(doc_id).copied()
    }

    /// The overlay's selectable rows: bookmarks, newest first, then recently read
    /// documents that are loaded, most recent first.
    pub fn memory_items(&self) -> Vec<MemoryItem> {
        let state = &self.memory.state;
        let bookmarks = state.bookmarks.iter().rev().map(|b| MemoryItem::Bookmark {
            doc: self.doc_by_id(&b.doc_id),
            doc_id: b.doc_id.clone(),
            line: b.line,
            title: b.title.clone(),
        });
        let recent = state.recent.iter().filter_map(|r| {
            self.doc_by_id(&r.doc_id).map(|doc| MemoryItem::Recent {
                doc,
                // The document on screen is where the reader is now, saved or not.
                line: if self.current == Some(doc) {
                    Some(self.scroll)
                } else {
                    self.memory.position(&r.doc_id)
                },
            })
        });
        bookmarks.chain(recent).collect()
    }

    /// Every row the overlay draws, headings included.
    pub fn memory_overlay_rows(&self) -> Vec<OverlayRow> {
        let items = self.memory_items();
        let bookmarks = items
            .iter()
            .filter(|i| matches!(i, MemoryItem::Bookmark { .. }))
            .count();
        let mut rows = vec![OverlayRow::Heading("Bookmarks")];
        if bookmarks == 0 {
            let keys = self.keys_named(&Action::ToggleBookmark);
            rows.push(OverlayRow::Note(format!(
                "None yet: {keys} in a document bookmarks the line at the top."
            )));
        }
        rows.extend((0..bookmarks).map(OverlayRow::Item));
        rows.push(OverlayRow::Heading("Recently read"));
        if bookmarks == items.len() {
            rows.push(OverlayRow::Note("Nothing read yet.".into()));
        }
        rows.extend((bookmarks..items.len()).map(OverlayRow::Item));
        rows
    }

    /// Where the overlay is drawn.
    pub fn memory_overlay_area(&self) -> ratatui::layout::Rect {
        let screen = ratatui::layout::Rect::new(0, 0, self.width, self.height);
        let width = self.width.saturating_sub(4).min(90);
        let rows = u16::try_from(self.memory_overlay_rows().len()).unwrap_or(u16::MAX);
        let height = rows.saturating_add(2).min(self.height.saturating_sub(2));
        super::layout::centered(screen, width, height)
    }

    /// The first key bound to `action`, for messages ("m", or what the config chose).
    fn keys_named(&self, action: &Action) -> String {
        self.keymap
            .keys_for(action)
            .first()
            .map_or_else(|| "(unbound)".to_string(), |k| k.to_string())
    }

    /// Keeps the overlay's selection and scroll inside its rows (called by `prepare`).
    pub(super) fn clamp_memory_overlay(&mut self) {
        let Some(mut overlay) = self.memory.overlay else {
            return;
        };
        let rows = self.memory_overlay_rows();
        overlay.selected = overlay
            .selected
            .min(self.memory_items().len().saturating_sub(1));
        let height = self.memory_overlay_area().height.saturating_sub(2) as usize;
        let selected_row = rows
            .iter()
            .position(|r| *r == OverlayRow::Item(overlay.selected))
            .unwrap_or(0);
        // The heading above the selected entry stays in view with it; the first entry
        // shows the top of the list.
        let top = if overlay.selected == 0 {
            0
        } else if selected_row > 0 && !matches!(rows[selected_row - 1], OverlayRow::Item(_)) {
            selected_row - 1
        } else {
            selected_row
        };
        let offset = overlay.offset.min(top);
        overlay.offset = super::keep_visible(offset, selected_row, height)
            .min(rows.len().saturating_sub(height));
        self.memory.overlay = Some(overlay);
    }
}

/// `m`: bookmarks the line at the top of the view, or removes the bookmark there.
pub(super) fn toggle_bookmark(app: &mut App) {
    let Some(doc) = app.current_doc() else {
        app.status = Some("No document to bookmark.".into());
        return;
    };
    let doc_id = doc.id.clone();
    let title = doc.title.clone();
    let line = app.scroll;
    let shown = markdown::sanitize(&title).into_owned();
    if app.memory.state.has_bookmark(&doc_id, line) {
        app.memory
            .record(MemoryChange::RemoveBookmark { doc_id, line });
        app.status = Some(format!("Bookmark removed: line {} of {shown}.", line + 1));
    } else {
        app.memory.record(MemoryChange::AddBookmark {
            doc_id,
            line,
            title,
        });
        let keys = app.keys_named(&Action::ShowBookmarks);
        app.status = Some(format!(
            "Bookmarked line {} of {shown} ({keys} lists bookmarks).",
            line + 1
        ));
    }
}

/// `'`: opens the overlay on its first entry.
pub(super) fn open_overlay(app: &mut App) {
    app.memory.overlay = Some(MemoryOverlay::default());
}

/// `d` outside the overlay: say where it works.
pub(super) fn delete_outside_overlay(app: &mut App) {
    let keys = app.keys_named(&Action::ShowBookmarks);
    app.status = Some(format!(
        "{} removes the selected bookmark in the bookmarks list ({keys}).",
        app.keys_named(&Action::DeleteBookmark)
    ));
}

/// An action while the overlay is open: it gets every key until it closes.
pub(super) fn overlay_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(overlay) = app.memory.overlay else {
        return Vec::new();
    };
    let page = app.memory_overlay_area().height.saturating_sub(2).max(1) as isize;
    let step = match action {
        Action::Quit | Action::Escape | Action::ShowBookmarks => {
            app.memory.overlay = None;
            return Vec::new();
        }
        Action::Activate => return open_selected(app),
        Action::DeleteBookmark => {
            delete_selected(app);
            return Vec::new();
        }
        Action::Down => 1,
        Action::Up => -1,
        Action::HalfPageDown => page / 2,
        Action::HalfPageUp => -(page / 2),
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        Action::ScrollAt { lines, .. } => lines as isize,
        Action::ClickAt { column, row } => {
            select_at(app, column, row);
            return Vec::new();
        }
        Action::DoubleClickAt { column, row } => {
            return if select_at(app, column, row) {
                open_selected(app)
            } else {
                Vec::new()
            };
        }
        _ => return Vec::new(),
    };
    app.memory.overlay = Some(MemoryOverlay {
        selected: overlay.selected.saturating_add_signed(step),
        ..overlay
    });
    Vec::new()
}

/// Selects the item drawn at a screen cell; true when there is one.
fn select_at(app: &mut App, column: u16, row: u16) -> bool {
    let area = super::layout::inner(app.memory_overlay_area());
    let Some(overlay) = app.memory.overlay else {
        return false;
    };
    if !area.contains(ratatui::layout::Position::new(column, row)) {
        return false;
    }
    let index = overlay.offset + (row - area.y) as usize;
    match app.memory_overlay_rows().get(index) {
        Some(&OverlayRow::Item(selected)) => {
            app.memory.overlay = Some(MemoryOverlay {
                selected,
                ..overlay
            });
            true
        }
        _ => false,
    }
}

fn selected_item(app: &App) -> Option<MemoryItem> {
    let overlay = app.memory.overlay?;
    app.memory_items().into_iter().nth(overlay.selected)
}

/// Opens the selected bookmark at its line, or the recent document where it was left.
fn open_selected(app: &mut App) -> Vec<Effect> {
    let (doc, line) = match selected_item(app) {
        None => return Vec::new(),
        Some(MemoryItem::Bookmark {
            doc: None,
            doc_id,
            title,
            ..
        }) => {
            app.status = Some(format!(
                "{} ({}) is not in the loaded library; d removes the bookmark.",
                markdown::sanitize(&title),
                markdown::sanitize(&doc_id)
            ));
            return Vec::new();
        }
        Some(MemoryItem::Bookmark {
            doc: Some(doc),
            line,
            ..
        }) => (doc, Some(line)),
        Some(MemoryItem::Recent { doc, line }) => (doc, line),
    };
    app.memory.overlay = None;
    if app.current != Some(doc) {
        super::update::visit(app, doc, None);
    } else {
        app.focus = Focus::Document;
    }
    if let Some(line) = line {
        app.scroll = line.min(app.max_scroll());
    }
    Vec::new()
}

fn delete_selected(app: &mut App) {
    match selected_item(app) {
        Some(MemoryItem::Bookmark {
            doc_id,
            line,
            title,
            ..
        }) => {
            app.status = Some(format!(
                "Bookmark removed: line {} of {}.",
                line + 1,
                markdown::sanitize(&title)
            ));
            app.memory
                .record(MemoryChange::RemoveBookmark { doc_id, line });
        }
        Some(MemoryItem::Recent { .. }) => {
            app.status = Some("Only bookmarks can be removed from this list.".into())
        }
        None => {}
    }
}

/// The line `doc` was left at, to reopen it there (0 when it was never read).
pub(super) fn resume_line(app: &App, doc: usize) -> usize {
    let doc_id = &app.library.doc(doc).id;
    app.memory.position(doc_id).unwrap_or(0)
}

/// What `after_update` compares against: taken before an action runs.
pub(super) struct Before {
    position: Option<Position>,
    pending: usize,
}

pub(super) fn before_update(app: &App) -> Before {
    Before {
        position: app.position(),
        pending: app.memory.pending.len(),
    }
}

/// Run after every action: remembers where the reader left a document (or quit) and
/// which documents were read. A bookmark change or a position left behind asks the
/// event loop to save now (`Effect::SaveState`); a document opened is saved with the
/// next save, and quitting saves whatever is pending (the event loop does that on
/// `Effect::Quit`).
pub(super) fn after_update(app: &mut App, before: Before, effects: &mut Vec<Effect>) {
    let quitting = effects.contains(&Effect::Quit);
    if let Some(left) = before.position
        && (app.current != Some(left.doc) || quitting)
    {
        // The line at the top of the view when the reader left (or quit).
        let doc_id = app.library.doc(left.doc).id.clone();
        if app.memory.position(&doc_id).unwrap_or(0) != left.scroll {
            app.memory.record(MemoryChange::SetPosition {
                doc_id,
                line: left.scroll,
            });
        }
    }
    if app.focus == Focus::Document
        && let Some(doc) = app.current
        && app.memory.read != Some(doc)
    {
        app.memory.read = Some(doc);
        let doc_id = app.library.doc(doc).id.clone();
        app.memory.record(MemoryChange::TouchRecent { doc_id });
    }
    let save_now = app
        .memory
        .pending
        .get(before.pending..)
        .unwrap_or_default()
        .iter()
        .any(|c| !matches!(c, MemoryChange::TouchRecent { .. }));
    if save_now && !quitting && !effects.contains(&Effect::SaveState) {
        effects.push(Effect::SaveState);
    }
}
