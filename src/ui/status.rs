//! The status line: a message when there is one, else key hints for the focused pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::fit;
use crate::app::{Action, App, Focus, Tab};

pub fn draw(app: &App, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let width = area.width as usize;
    let right = if app.mouse_captured() {
        String::new()
    } else {
        " mouse off ".to_string()
    };
    let left_width = width.saturating_sub(right.chars().count());
    let line = match app.status() {
        Some(message) => Line::from(Span::styled(
            fit(&format!(" {message}"), left_width),
            theme.text,
        )),
        None => Line::from(Span::styled(
            fit(&format!(" {}", hints(app)), left_width),
            theme.muted,
        )),
    };
    buf.set_line(area.x, area.y, &line, area.width);
    if !right.is_empty() {
        let x = area.x + left_width as u16;
        buf.set_stringn(x, area.y, &right, right.len(), theme.highlight);
    }
}

/// "j move · Enter open · …" for the focused pane, from the key map so it cannot drift.
fn hints(app: &App) -> String {
    if app.focus() == Focus::Document && app.full_document() {
        return reading_hints(app);
    }
    let actions: &[Action] = match app.focus() {
        Focus::Library => &[
            Action::Down,
            Action::Activate,
            Action::ShowTab(Tab::All),
            Action::FocusNext,
            Action::CycleSidePane,
            Action::Help,
            Action::Quit,
        ],
        Focus::Document => &[
            Action::Down,
            Action::NextLink,
            Action::Activate,
            Action::Back,
            Action::CycleSidePane,
            Action::ToggleReading,
            Action::Help,
            Action::Quit,
        ],
        Focus::Side => &[
            Action::Down,
            Action::Activate,
            Action::CycleSidePane,
            Action::FocusPrev,
            Action::Help,
            Action::Quit,
        ],
    };
    join_hints(app, actions, Vec::new())
}

/// A full-screen document: first how to come back to the panes or the library.
fn reading_hints(app: &App) -> String {
    let (back, to) = if app.reading() {
        (Action::ToggleReading, "panes")
    } else {
        (Action::Escape, "library")
    };
    let first = app
        .keymap()
        .keys_for(&back)
        .first()
        .map(|k| vec![format!("{k} {to}")])
        .unwrap_or_default();
    let actions = [
        Action::Down,
        Action::NextLink,
        Action::Edit,
        Action::Search,
        Action::Help,
        Action::Quit,
    ];
    join_hints(app, &actions, first)
}

/// `parts`, then "KEY word" for each action that has a key, joined by " · ".
fn join_hints(app: &App, actions: &[Action], mut parts: Vec<String>) -> String {
    let keymap = app.keymap();
    for action in actions {
        let keys = if let Action::ShowTab(_) = action {
            app.tabs()
                .iter()
                .filter_map(|t| {
                    keymap
                        .keys_for(&Action::ShowTab(*t))
                        .first()
                        .map(|k| k.to_string())
                })
                .collect::<Vec<_>>()
                .join("")
        } else {
            keymap
                .keys_for(action)
                .first()
                .map(|k| k.to_string())
                .unwrap_or_default()
        };
        if !keys.is_empty() {
            parts.push(format!("{keys} {}", action.short()));
        }
    }
    parts.join(" · ")
}
