//! Mouse hit-testing: which pane, row, tab or link is under a cell. Uses the same
//! `Layout` as drawing, so a click lands on what the reader sees.

use ratatui::layout::{Position, Rect};

use super::navigate::{select_row, show_tab};
use super::{App, Focus, Tab};

/// The tab whose label is drawn at `column` (labels start at `x`, one space apart,
/// as `ui::library` draws them).
fn tab_at(tabs: &[(Tab, &str)], x: u16, column: u16) -> Option<Tab> {
    let mut start = x;
    for &(tab, label) in tabs {
        let end = start + label.len() as u16;
        if (start..end).contains(&column) {
            return Some(tab);
        }
        start = end + 1;
    }
    None
}

/// Which pane is under a screen cell (the side overlay wins over the document).
pub(super) fn pane_at(app: &App, column: u16, row: u16) -> Option<Focus> {
    let layout = app.layout();
    if layout.too_small {
        return None;
    }
    let inside = |r: Rect| r.contains(Position::new(column, row));
    if layout.side.is_some_and(inside) {
        Some(Focus::Side)
    } else if inside(layout.document) {
        Some(Focus::Document)
    } else if inside(layout.library) {
        Some(Focus::Library)
    } else {
        None
    }
}

/// Selects what is under a click; true when something was selected (a double click opens it).
pub(super) fn click(app: &mut App, column: u16, row: u16) -> bool {
    let Some(pane) = pane_at(app, column, row) else {
        return false;
    };
    app.focus = pane;
    match pane {
        Focus::Library => click_library(app, column, row),
        Focus::Side => click_side(app, column, row),
        Focus::Document => click_document(app, column, row),
    }
}

fn click_library(app: &mut App, column: u16, row: u16) -> bool {
    let layout = app.layout();
    let at = Position::new(column, row);
    if layout.tabs.contains(at) {
        if let Some(tab) = tab_at(&app.tab_labels(layout.tabs.width), layout.tabs.x, column) {
            show_tab(app, tab);
        }
        return false;
    }
    if !layout.list.contains(at) {
        return false;
    }
    match app.library_row_at((row - layout.list.y) as usize) {
        Some(index) => {
            select_row(app, index);
            true
        }
        None => false,
    }
}

fn click_side(app: &mut App, column: u16, row: u16) -> bool {
    let list = app.layout().side_list;
    if !list.contains(Position::new(column, row)) {
        return false;
    }
    match app
        .side
        .row_at((row - list.y) as usize, app.side_items().len())
    {
        Some(index) => {
            app.side.selected = index;
            true
        }
        None => false,
    }
}

fn click_document(app: &mut App, column: u16, row: u16) -> bool {
    let body = app.layout().doc_body;
    if !body.contains(Position::new(column, row)) {
        return false;
    }
    let line = app.scroll + (row - body.y) as usize;
    let col = column - body.x;
    let hit = app.rendered().and_then(|r| {
        r.rendered.links.iter().position(|l| {
            l.segments
                .iter()
                .any(|&(ln, start, end)| ln == line && col >= start && col < end)
        })
    });
    let Some(link) = hit else {
        return false;
    };
    app.selected_link = Some(link);
    if let Some(target) = app.rendered().and_then(|r| r.targets.get(link)) {
        app.status = Some(app.describe_target(target));
    }
    true
}
