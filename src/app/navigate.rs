//! Moving the reader: the helpers every part of `update` shares (open a document, go back
//! in history, select a library row, step through links or matches, bring a line into
//! view). A leaf: it imports nothing from the update modules, so none of them imports back.

use super::{App, Focus, Position};

/// Opens `doc` (at `anchor`) and remembers where we were.
pub(super) fn visit(app: &mut App, doc: usize, anchor: Option<&str>) {
    if let Some(here) = app.position() {
        app.history.visit(here);
    }
    app.current = Some(doc);
    app.scroll = 0;
    app.selected_link = None;
    app.focus = Focus::Document;
    if let Some(row) = app.rows.iter().position(|&r| r == doc) {
        app.list.selected = row;
    }
    app.prepare();
    // Without an anchor, a document read before reopens where it was left.
    let Some(anchor) = anchor else {
        app.scroll = resume_line(app, doc).min(app.max_scroll());
        return;
    };
    let line = app.rendered().and_then(|r| r.rendered.anchor_line(anchor));
    match line {
        Some(line) => app.scroll = line.min(app.max_scroll()),
        None => app.status = Some(format!("No heading #{anchor} in this document.")),
    }
}

/// Goes back (or forward) to a position from the history.
pub(super) fn restore(app: &mut App, to: Position) {
    app.current = Some(to.doc);
    app.focus = Focus::Document;
    if let Some(row) = app.rows.iter().position(|&r| r == to.doc) {
        app.list.selected = row;
    }
    app.prepare();
    app.scroll = to.scroll.min(app.max_scroll());
    app.selected_link = to.link;
}

/// Selects a library row and previews its document (without a history entry).
pub(super) fn select_row(app: &mut App, row: usize) {
    if app.rows.is_empty() {
        app.list.selected = 0;
        return;
    }
    app.list.selected = row.min(app.rows.len() - 1);
    let doc = app.rows[app.list.selected];
    if app.current != Some(doc) {
        app.current = Some(doc);
        app.scroll = resume_line(app, doc);
        app.selected_link = None;
    }
}

/// The line `doc` was left at, to reopen it there (0 when it was never read).
pub(super) fn resume_line(app: &App, doc: usize) -> usize {
    let doc = app.library.doc(doc);
    // Standard input holds a different text each time: it always opens at its top.
    if doc.from_standard_input() {
        return 0;
    }
    app.memory.position(&doc.id).unwrap_or(0)
}

/// The next (`forward`) or previous item of a document's links or matches, given the line
/// each starts on: from `current` while it is on screen, wrapping around; else the first
/// item at or below the view's top (the last above its bottom, going back), so stepping
/// continues from what the reader is looking at. `lines` must not be empty.
pub(super) fn step_through(
    app: &App,
    lines: &[usize],
    current: Option<usize>,
    forward: bool,
) -> usize {
    let top = app.scroll;
    let bottom = top + app.body_height();
    let last = lines.len() - 1;
    match current.filter(|&i| i <= last) {
        Some(i) if (top..bottom).contains(&lines[i]) => match (forward, i) {
            (true, i) if i == last => 0,
            (true, i) => i + 1,
            (false, 0) => last,
            (false, i) => i - 1,
        },
        _ if forward => lines.iter().position(|&l| l >= top).unwrap_or(0),
        _ => lines.iter().rposition(|&l| l < bottom).unwrap_or(last),
    }
}

/// Scrolls so that `line` is on screen, a few lines below the top when it was not.
pub(super) fn reveal(app: &mut App, line: usize) {
    let height = app.body_height().max(1);
    if line < app.scroll || line >= app.scroll + height {
        app.scroll = line.saturating_sub(height / 4);
    }
    app.scroll = app.scroll.min(app.max_scroll());
}

/// Scrolls the least so that `line` is on screen (for a selected link).
pub(super) fn scroll_into_view(app: &mut App, line: usize) {
    let height = app.body_height().max(1);
    if line < app.scroll {
        app.scroll = line;
    } else if line >= app.scroll + height {
        app.scroll = line + 1 - height;
    }
    app.scroll = app.scroll.min(app.max_scroll());
}

/// Shows a library tab, keeping the document on screen selected when the tab lists it.
pub(super) fn show_tab(app: &mut App, tab: super::Tab) {
    app.tab = tab;
    app.rows = app.rows_for(tab);
    app.focus = Focus::Library;
    let keep = app
        .current
        .and_then(|d| app.rows.iter().position(|&r| r == d));
    match keep {
        Some(row) => app.list.selected = row,
        None => select_row(app, 0),
    }
    app.list.offset = 0;
}
