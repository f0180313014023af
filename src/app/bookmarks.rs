//! Memory in the TUI: bookmarks (`m`), the bookmarks and recently read overlay (`'`),
//! and reading positions that a document reopens at. The data is in `memory`; this is
//! what the keys do with it.

use super::cursor::{ListCursor, Movement};
use super::memory::{MemoryChange, MemoryItem, OverlayRow};
use super::navigate::{resume_line, visit};
use super::overlay::{Answer, Layer, Outcome};
use super::{Action, App, Effect, Focus, Position};
use crate::store::State;

/// The overlay's selection: an index into [`App::memory_items`] and the first row drawn.
pub type MemoryOverlay = ListCursor;

impl App {
    /// What paap remembers: the stored state plus this session's changes.
    pub fn memory(&self) -> &State {
        &self.memory.state
    }

    /// Changes recorded since the last save, oldest first (the runtime saves them on
    /// `Effect::SaveState` and on quitting).
    pub fn pending_changes(&self) -> &[MemoryChange] {
        &self.memory.pending
    }

    /// What quitting now would save: the pending changes plus the position in the
    /// document on screen. The runtime keeps a copy so that a signal saves it too.
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
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Bookmarks(cursor) => Some(*cursor),
            _ => None,
        })
    }

    /// The library index of the document with this id.
    pub fn doc_by_id(&self, doc_id: &str) -> Option<usize> {
        self.memory.doc_by_id(doc_id)
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
    pub(super) fn keys_named(&self, action: &Action) -> String {
        self.keymap
            .keys_for(action)
            .first()
            .map_or_else(|| "(unbound)".to_string(), |k| k.to_string())
    }

    /// The overlay's selection and scroll kept inside its rows (for `prepare`).
    pub(super) fn clamped_memory_overlay(&self, overlay: MemoryOverlay) -> MemoryOverlay {
        let rows = self.memory_overlay_rows();
        let selected = overlay
            .selected
            .min(self.memory_items().len().saturating_sub(1));
        let height = self.memory_overlay_area().height.saturating_sub(2) as usize;
        let selected_row = rows
            .iter()
            .position(|r| *r == OverlayRow::Item(selected))
            .unwrap_or(0);
        // The heading above the selected entry stays in view with it; the first entry
        // shows the top of the list.
        let top = if selected == 0 {
            0
        } else if selected_row > 0 && !matches!(rows[selected_row - 1], OverlayRow::Item(_)) {
            selected_row - 1
        } else {
            selected_row
        };
        let offset = super::cursor::keep_visible(overlay.offset.min(top), selected_row, height)
            .min(rows.len().saturating_sub(height));
        MemoryOverlay { selected, offset }
    }
}

/// The runtime opened the store at start: the document shown first opens where it was
/// left, like any other.
pub(super) fn loaded(app: &mut App, state: State) {
    app.memory.state = state;
    if let Some(doc) = app.current
        && app.scroll == 0
    {
        app.prepare();
        app.scroll = resume_line(app, doc).min(app.max_scroll());
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
    let shown = title.clone();
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
    app.layers.push(Layer::Bookmarks(MemoryOverlay::default()));
}

/// `d` outside the overlay: say where it works.
pub(super) fn delete_outside_overlay(app: &mut App) {
    let keys = app.keys_named(&Action::ShowBookmarks);
    app.status = Some(format!(
        "{} removes the selected bookmark in the bookmarks list ({keys}).",
        app.keys_named(&Action::DeleteBookmark)
    ));
}

/// The overlay's layer: it takes every key until it closes; help opens over it.
pub(super) fn on_action(app: &mut App, overlay: MemoryOverlay, action: &Action) -> Answer {
    let page = app.memory_overlay_area().height.saturating_sub(2) as usize;
    let keep = |overlay| {
        (
            Some(Layer::Bookmarks(overlay)),
            Outcome::Handled(Vec::new()),
        )
    };
    match action {
        Action::Help => (Some(Layer::Bookmarks(overlay)), Outcome::Passed),
        Action::Quit | Action::Escape | Action::ShowBookmarks => {
            (None, Outcome::Handled(Vec::new()))
        }
        Action::Activate => open_selected(app, overlay),
        Action::DeleteBookmark => {
            delete_selected(app, overlay);
            keep(overlay)
        }
        Action::ClickAt { column, row } => keep(select_at(app, overlay, *column, *row).0),
        Action::DoubleClickAt { column, row } => match select_at(app, overlay, *column, *row) {
            (overlay, true) => open_selected(app, overlay),
            (overlay, false) => keep(overlay),
        },
        _ => match Movement::of(action, page) {
            Some(movement) => keep(overlay.moved(movement, app.memory_items().len())),
            None => keep(overlay),
        },
    }
}

/// Selects the item drawn at a screen cell; true when there is one.
fn select_at(app: &App, overlay: MemoryOverlay, column: u16, row: u16) -> (MemoryOverlay, bool) {
    let area = super::layout::inner(app.memory_overlay_area());
    if !area.contains(ratatui::layout::Position::new(column, row)) {
        return (overlay, false);
    }
    let index = overlay.offset + (row - area.y) as usize;
    match app.memory_overlay_rows().get(index) {
        Some(&OverlayRow::Item(selected)) => (
            MemoryOverlay {
                selected,
                ..overlay
            },
            true,
        ),
        _ => (overlay, false),
    }
}

/// Opens the selected bookmark at its line, or the recent document where it was left.
fn open_selected(app: &mut App, overlay: MemoryOverlay) -> Answer {
    let stay = (
        Some(Layer::Bookmarks(overlay)),
        Outcome::Handled(Vec::new()),
    );
    let (doc, line) = match app.memory_items().into_iter().nth(overlay.selected) {
        None => return stay,
        Some(MemoryItem::Bookmark {
            doc: None,
            doc_id,
            title,
            ..
        }) => {
            app.status = Some(format!(
                "{} ({}) is not in the loaded library; d removes the bookmark.",
                title, doc_id
            ));
            return stay;
        }
        Some(MemoryItem::Bookmark {
            doc: Some(doc),
            line,
            ..
        }) => (doc, Some(line)),
        Some(MemoryItem::Recent { doc, line }) => (doc, line),
    };
    if app.current != Some(doc) {
        visit(app, doc, None);
    } else {
        app.focus = Focus::Document;
    }
    if let Some(line) = line {
        app.scroll = line.min(app.max_scroll());
    }
    (None, Outcome::Handled(Vec::new()))
}

fn delete_selected(app: &mut App, overlay: MemoryOverlay) {
    match app.memory_items().into_iter().nth(overlay.selected) {
        Some(MemoryItem::Bookmark {
            doc_id,
            line,
            title,
            ..
        }) => {
            app.status = Some(format!("Bookmark removed: line {} of {}.", line + 1, title));
            app.memory
                .record(MemoryChange::RemoveBookmark { doc_id, line });
        }
        Some(MemoryItem::Recent { .. }) => {
            app.status = Some("Only bookmarks can be removed from this list.".into())
        }
        None => {}
    }
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
