//! Reading at every size. Reading mode (`z`) gives the document the whole screen, its
//! text centred at the reading width. Below `STACK_BELOW_WIDTH` columns the library is a
//! list of its own: opening a document shows it full-screen, and `Esc`, `Backspace` or
//! `h` come back to the library at the row it was opened from (glow's stack); wider
//! terminals keep the panes side by side.

use super::layout::STACK_BELOW_WIDTH;
use super::navigate::select_row;
use super::{Action, App, Focus};

/// Where a narrow screen's reading began: the library row, and how deep the history was
/// (`Backspace` past that depth returns to the library instead of an older document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stack {
    row: usize,
    depth: usize,
}

impl App {
    /// Reading mode is on (`z`).
    pub fn reading(&self) -> bool {
        self.reading
    }

    /// The document has the whole screen: in reading mode, or read on a narrow screen.
    pub fn full_document(&self) -> bool {
        self.reading || self.stacked()
    }

    /// A narrow screen shows the document it opened, with the library a step back.
    pub fn stacked(&self) -> bool {
        !self.reading && self.width < STACK_BELOW_WIDTH && self.focus != Focus::Library
    }
}

/// What `after_update` compares against.
pub(super) struct Before {
    focus: Focus,
    row: usize,
    depth: usize,
}

pub(super) fn before_update(app: &App) -> Before {
    Before {
        focus: app.focus,
        row: app.list.selected,
        depth: app.history.depth(),
    }
}

/// Notes where a narrow screen's reading began, and forgets it back in the library.
pub(super) fn after_update(app: &mut App, before: Before) {
    if app.focus == Focus::Library {
        app.stack = None;
    } else if before.focus == Focus::Library && app.stack.is_none() {
        app.stack = Some(Stack {
            row: before.row,
            depth: before.depth,
        });
    }
}

/// The actions reading mode and the stack answer before the panes: `z`, and the ways
/// back to the library. `true` when `action` was taken.
pub(super) fn intercept(app: &mut App, action: &Action) -> bool {
    match action {
        Action::ToggleReading => {
            app.reading = !app.reading;
            if app.reading {
                app.focus = Focus::Document;
                app.status = Some(back_hint(app, "panes"));
            }
            true
        }
        // The first Esc clears a selected link; the next one leaves.
        Action::Escape if app.selected_link.is_some() => false,
        Action::Escape | Action::FocusPrev if app.reading && app.focus == Focus::Document => {
            app.reading = false;
            if matches!(action, Action::FocusPrev) {
                app.focus = Focus::Library;
            }
            true
        }
        Action::Escape | Action::FocusPrev if app.stacked() && app.focus == Focus::Document => {
            to_library(app);
            true
        }
        Action::Back if app.stacked() => {
            let depth = app.stack.map_or(0, |s| s.depth);
            if app.history.depth() > depth {
                return false;
            }
            to_library(app);
            true
        }
        _ => false,
    }
}

/// Back to the library of a narrow screen, at the row the reading began from.
fn to_library(app: &mut App) {
    let row = app.stack.take().map_or(app.list.selected, |s| s.row);
    app.focus = Focus::Library;
    app.selected_link = None;
    select_row(app, row);
}

/// "z: back to the panes" with the keys the key map has for it.
pub(super) fn back_hint(app: &App, to: &str) -> String {
    let keys = app.keys_named(&Action::ToggleReading);
    format!("Reading mode: {keys} or Esc brings back the {to}.")
}
