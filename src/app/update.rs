//! `update`: the only place the TUI state changes. Returns what the event loop must do.

use super::bookmarks;
use super::layout::SIDE_BESIDE_MIN_WIDTH;
use super::{Action, App, Effect, Focus, Hints, Position, SideItem, SideMode};
use crate::content::Target;
use crate::markdown;

/// The letters hint labels are made of: the home row first.
const HINT_LETTERS: &[u8] = b"asdfghjkl";

/// Applies `action` to `app` and returns the effects for the event loop to run.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if !matches!(action, Action::Resize(..)) {
        app.status = None;
    }
    let before = bookmarks::before_update(app);
    let mut effects = dispatch(app, action);
    app.prepare();
    bookmarks::after_update(app, before, &mut effects);
    effects
}

fn dispatch(app: &mut App, action: Action) -> Vec<Effect> {
    if let Action::Resize(width, height) = action {
        app.width = width;
        app.height = height;
        return Vec::new();
    }
    if action == Action::ForceQuit {
        return vec![Effect::Quit];
    }
    if app.help.is_some() {
        help_action(app, action);
        return Vec::new();
    }
    // The bookmarks overlay takes the keys; help opens over it and search results
    // arriving from the worker still land.
    if app.memory_overlay().is_some() && !matches!(action, Action::Help | Action::SearchResults(_))
    {
        return bookmarks::overlay_action(app, action);
    }
    if app.hints.is_some() {
        match action {
            Action::HintKey(c) => return hint_key(app, c),
            // Any other key cancels the hints; Esc and q do nothing more.
            Action::Escape | Action::Quit | Action::Hints => {
                app.hints = None;
                return Vec::new();
            }
            _ => app.hints = None,
        }
    }
    if let Some(effects) =
        super::search::box_action(app, &action).or_else(|| super::find::prompt_action(app, &action))
    {
        return effects;
    }
    if super::find::clear_on_escape(app, &action) {
        return Vec::new();
    }
    match action {
        Action::Quit => {
            if side_is_overlay(app) && app.focus == Focus::Side {
                app.focus = Focus::Document;
                Vec::new()
            } else {
                vec![Effect::Quit]
            }
        }
        Action::Help => {
            app.help = Some(0);
            Vec::new()
        }
        Action::Escape => {
            if side_is_overlay(app) && app.focus == Focus::Side {
                app.focus = Focus::Document;
            } else {
                app.selected_link = None;
            }
            Vec::new()
        }
        Action::FocusPrev => {
            app.focus = match app.focus {
                Focus::Library | Focus::Document => Focus::Library,
                Focus::Side => Focus::Document,
            };
            Vec::new()
        }
        Action::FocusNext => {
            app.focus = match app.focus {
                Focus::Library => Focus::Document,
                Focus::Document | Focus::Side if app.side_mode != SideMode::Hidden => Focus::Side,
                other => other,
            };
            Vec::new()
        }
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::HalfPageDown => move_by(app, page(app) / 2),
        Action::HalfPageUp => move_by(app, -(page(app) / 2)),
        Action::PageDown => move_by(app, page(app)),
        Action::PageUp => move_by(app, -page(app)),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::ShowTab(tab) => {
            app.tab = tab;
            app.rows = app.rows_for(tab);
            app.focus = Focus::Library;
            let keep = app
                .current
                .and_then(|d| app.rows.iter().position(|&r| r == d));
            match keep {
                Some(row) => app.selected_row = row,
                None => select_row(app, 0),
            }
            app.list_offset = 0;
            Vec::new()
        }
        Action::Activate => activate(app),
        Action::Search => super::search::open(app),
        Action::Find => super::find::open(app),
        Action::FindNext => super::find::step(app, true),
        Action::FindPrev => super::find::step(app, false),
        // Only the search box and the find prompt take typing; they handled it above.
        Action::Input(_) | Action::InputBackspace | Action::SearchResults(_) => Vec::new(),
        Action::NextLink => step_link(app, true),
        Action::PrevLink => step_link(app, false),
        Action::Hints => {
            show_hints(app);
            Vec::new()
        }
        Action::HintKey(_) => Vec::new(),
        Action::Back => {
            let here = app.position();
            match here.and_then(|pos| app.history.back(pos)) {
                Some(to) => restore(app, to),
                None => app.status = Some("Nothing to go back to.".into()),
            }
            Vec::new()
        }
        Action::Forward => {
            let here = app.position();
            match here.and_then(|pos| app.history.forward(pos)) {
                Some(to) => restore(app, to),
                None => app.status = Some("Nothing to go forward to.".into()),
            }
            Vec::new()
        }
        Action::OpenInBrowser => open_in_browser(app),
        Action::CopyLink => match selected_href(app) {
            Some(href) => {
                app.status = Some(format!("Copied {}", markdown::sanitize(&href)));
                vec![Effect::Copy(href)]
            }
            None => {
                app.status = Some("No link selected: Tab selects one.".into());
                Vec::new()
            }
        },
        Action::CycleSidePane => {
            app.side_mode = app.side_mode.next();
            app.side_selected = 0;
            app.side_offset = 0;
            if app.side_mode == SideMode::Hidden {
                if app.focus == Focus::Side {
                    app.focus = Focus::Document;
                }
            } else if app.width < SIDE_BESIDE_MIN_WIDTH {
                // A narrow screen shows the side pane only while it has focus.
                app.focus = Focus::Side;
            }
            Vec::new()
        }
        Action::ToggleMouse => {
            app.mouse_captured = !app.mouse_captured;
            app.status = Some(if app.mouse_captured {
                "Mouse on: wheel scrolls, click selects (M turns it off to select text).".into()
            } else {
                "Mouse off: the terminal can select text (M turns it back on).".into()
            });
            vec![Effect::SetMouseCapture(app.mouse_captured)]
        }
        Action::ToggleBookmark => {
            bookmarks::toggle_bookmark(app);
            Vec::new()
        }
        Action::ShowBookmarks => {
            bookmarks::open_overlay(app);
            Vec::new()
        }
        Action::DeleteBookmark => {
            bookmarks::delete_outside_overlay(app);
            Vec::new()
        }
        Action::ScrollAt { column, row, lines } => {
            if let Some(focus) = pane_at(app, column, row) {
                let saved = app.focus;
                app.focus = focus;
                move_by(app, lines as isize);
                app.focus = saved;
            }
            Vec::new()
        }
        Action::ClickAt { column, row } => {
            click(app, column, row);
            Vec::new()
        }
        Action::DoubleClickAt { column, row } => {
            if click(app, column, row) {
                activate(app)
            } else {
                Vec::new()
            }
        }
        Action::Resize(..) | Action::ForceQuit => Vec::new(),
    }
}

fn help_action(app: &mut App, action: Action) {
    let scroll = app.help.unwrap_or(0) as isize;
    let page = app.help_page() as isize;
    let to = match action {
        Action::Quit | Action::Escape | Action::Help => {
            app.help = None;
            return;
        }
        Action::Down => scroll + 1,
        Action::Up => scroll - 1,
        Action::PageDown | Action::HalfPageDown => scroll + page.max(1),
        Action::PageUp | Action::HalfPageUp => scroll - page.max(1),
        Action::Top => 0,
        Action::Bottom => isize::MAX / 2,
        Action::ScrollAt { lines, .. } => scroll + lines as isize,
        _ => scroll,
    };
    app.help = Some(to.max(0) as usize);
}

fn side_is_overlay(app: &App) -> bool {
    app.width < SIDE_BESIDE_MIN_WIDTH
}

/// Rows in a page of the focused pane.
fn page(app: &App) -> isize {
    let layout = app.layout();
    let rows = match app.focus {
        Focus::Library => layout.list.height,
        Focus::Document => layout.doc_body.height,
        Focus::Side => layout.side_list.height,
    };
    rows.max(1) as isize
}

fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.focus {
        Focus::Library => select_row(app, offset(app.selected_row, delta)),
        Focus::Document => app.scroll = offset(app.scroll, delta).min(app.max_scroll()),
        Focus::Side => app.side_selected = offset(app.side_selected, delta),
    }
    Vec::new()
}

fn offset(from: usize, delta: isize) -> usize {
    from.saturating_add_signed(delta)
}

/// Selects a library row and previews its document (without a history entry).
fn select_row(app: &mut App, row: usize) {
    if app.rows.is_empty() {
        app.selected_row = 0;
        return;
    }
    app.selected_row = row.min(app.rows.len() - 1);
    let doc = app.rows[app.selected_row];
    if app.current != Some(doc) {
        app.current = Some(doc);
        app.scroll = bookmarks::resume_line(app, doc);
        app.selected_link = None;
    }
}

fn activate(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Focus::Library => {
            if let Some(&doc) = app.rows.get(app.selected_row) {
                if app.current == Some(doc) {
                    app.focus = Focus::Document;
                } else {
                    visit(app, doc, None);
                }
            }
            Vec::new()
        }
        Focus::Document => match app.selected_link {
            Some(link) => follow_link(app, link),
            None => {
                app.status = Some("No link selected: Tab selects the next link.".into());
                Vec::new()
            }
        },
        Focus::Side => match app.side_items().into_iter().nth(app.side_selected) {
            Some(SideItem::Heading { line, .. }) => {
                app.scroll = line.min(app.max_scroll());
                app.focus = Focus::Document;
                Vec::new()
            }
            Some(SideItem::Link { index, .. }) => follow_link(app, index),
            Some(SideItem::Backlink { doc }) => {
                visit(app, doc, None);
                Vec::new()
            }
            None => Vec::new(),
        },
    }
}

fn follow_link(app: &mut App, link: usize) -> Vec<Effect> {
    let Some(target) = app.rendered().and_then(|r| r.targets.get(link)).cloned() else {
        return Vec::new();
    };
    app.selected_link = Some(link);
    match target {
        Target::Doc { index, anchor } => {
            visit(app, index, anchor.as_deref());
            Vec::new()
        }
        Target::External(url) => vec![Effect::OpenUrl(url)],
        Target::Missing(why) => {
            app.status = Some(format!("Broken link: {}", markdown::sanitize(&why)));
            Vec::new()
        }
    }
}

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
        app.selected_row = row;
    }
    app.prepare();
    // Without an anchor, a document read before reopens where it was left.
    if anchor.is_none() {
        app.scroll = bookmarks::resume_line(app, doc).min(app.max_scroll());
    }
    if let Some(anchor) = anchor {
        let line = app.rendered().and_then(|r| r.rendered.anchor_line(anchor));
        match line {
            Some(line) => app.scroll = line.min(app.max_scroll()),
            None => {
                app.status = Some(format!(
                    "No heading #{} in this document.",
                    markdown::sanitize(anchor)
                ))
            }
        }
    }
}

fn restore(app: &mut App, to: Position) {
    app.current = Some(to.doc);
    app.focus = Focus::Document;
    if let Some(row) = app.rows.iter().position(|&r| r == to.doc) {
        app.selected_row = row;
    }
    app.prepare();
    app.scroll = to.scroll.min(app.max_scroll());
    app.selected_link = to.link;
}

/// The rendered line each link starts on.
fn link_lines(app: &App) -> Vec<usize> {
    app.rendered()
        .map(|r| {
            r.rendered
                .links
                .iter()
                .map(|l| l.segments.first().map_or(usize::MAX, |s| s.0))
                .collect()
        })
        .unwrap_or_default()
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

fn step_link(app: &mut App, forward: bool) -> Vec<Effect> {
    let lines = link_lines(app);
    if lines.is_empty() {
        app.status = Some("This document has no links.".into());
        return Vec::new();
    }
    app.focus = Focus::Document;
    let next = step_through(app, &lines, app.selected_link, forward);
    app.selected_link = Some(next);
    let line = lines[next];
    let height = app.body_height().max(1);
    if line < app.scroll {
        app.scroll = line;
    } else if line >= app.scroll + height {
        app.scroll = line + 1 - height;
    }
    app.scroll = app.scroll.min(app.max_scroll());
    if let Some(target) = app.rendered().and_then(|r| r.targets.get(next)) {
        app.status = Some(app.describe_target(target));
    }
    Vec::new()
}

fn selected_href(app: &App) -> Option<String> {
    let link = app.selected_link?;
    app.rendered()?
        .rendered
        .links
        .get(link)
        .map(|l| l.href.clone())
}

fn open_in_browser(app: &mut App) -> Vec<Effect> {
    if let Some(link) = app.selected_link {
        return match app.rendered().and_then(|r| r.targets.get(link)) {
            Some(Target::External(url)) => vec![Effect::OpenUrl(url.clone())],
            Some(_) => {
                app.status = Some("The selected link is not a web link: Enter follows it.".into());
                Vec::new()
            }
            None => Vec::new(),
        };
    }
    match app.current_doc().and_then(|d| d.source.clone()) {
        Some(source) => vec![Effect::OpenUrl(source)],
        None => {
            app.status = Some("This document has no source page.".into());
            Vec::new()
        }
    }
}

/// Labels of equal length over `HINT_LETTERS`, as many as `count` needs.
pub(super) fn hint_labels(count: usize) -> Vec<String> {
    let base = HINT_LETTERS.len();
    let mut len = 1;
    while base.pow(len as u32) < count {
        len += 1;
    }
    (0..count)
        .map(|mut n| {
            let mut label = vec![0u8; len];
            for slot in label.iter_mut().rev() {
                *slot = HINT_LETTERS[n % base];
                n /= base;
            }
            String::from_utf8(label).unwrap_or_default()
        })
        .collect()
}

fn show_hints(app: &mut App) {
    let top = app.scroll;
    let bottom = top + app.body_height();
    let visible: Vec<usize> = app
        .rendered()
        .map(|r| {
            r.rendered
                .links
                .iter()
                .filter(|l| l.segments.iter().any(|s| s.0 >= top && s.0 < bottom))
                .map(|l| l.index)
                .collect()
        })
        .unwrap_or_default();
    if visible.is_empty() {
        app.status = Some("No links on screen.".into());
        return;
    }
    app.focus = Focus::Document;
    let labels = hint_labels(visible.len())
        .into_iter()
        .zip(visible)
        .collect();
    app.hints = Some(Hints {
        labels,
        typed: String::new(),
    });
    app.status = Some("Type a hint to follow its link; Esc cancels.".into());
}

fn hint_key(app: &mut App, c: char) -> Vec<Effect> {
    let Some(hints) = app.hints.as_mut() else {
        return Vec::new();
    };
    hints.typed.push(c);
    let typed = hints.typed.clone();
    if let Some(&(_, link)) = hints.labels.iter().find(|(l, _)| *l == typed) {
        app.hints = None;
        return follow_link(app, link);
    }
    if !hints.labels.iter().any(|(l, _)| l.starts_with(&typed)) {
        app.hints = None;
        app.status = Some(format!("No link has the hint {typed}."));
    } else {
        app.status = Some(format!("Hint: {typed}"));
    }
    Vec::new()
}

/// The tab whose label is drawn at `column` (labels start at `x`, one space apart,
/// as `ui::library` draws them).
fn tab_at(x: u16, column: u16) -> Option<super::Tab> {
    let mut start = x;
    for tab in super::Tab::ALL {
        let end = start + tab.label().len() as u16;
        if (start..end).contains(&column) {
            return Some(tab);
        }
        start = end + 1;
    }
    None
}

/// Which pane is under a screen cell (the side overlay wins over the document).
fn pane_at(app: &App, column: u16, row: u16) -> Option<Focus> {
    let layout = app.layout();
    if layout.too_small {
        return None;
    }
    let inside = |r: ratatui::layout::Rect| r.contains(ratatui::layout::Position::new(column, row));
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
fn click(app: &mut App, column: u16, row: u16) -> bool {
    let layout = app.layout();
    let Some(pane) = pane_at(app, column, row) else {
        return false;
    };
    app.focus = pane;
    let at = ratatui::layout::Position::new(column, row);
    match pane {
        Focus::Library => {
            if layout.tabs.contains(at) {
                if let Some(tab) = tab_at(layout.tabs.x, column) {
                    dispatch(app, Action::ShowTab(tab));
                }
                return false;
            }
            if !layout.list.contains(at) {
                return false;
            }
            let index = app.list_offset + (row - layout.list.y) as usize;
            if index >= app.rows.len() {
                return false;
            }
            select_row(app, index);
            true
        }
        Focus::Side => {
            if !layout.side_list.contains(at) {
                return false;
            }
            let index = app.side_offset + (row - layout.side_list.y) as usize;
            if index >= app.side_items().len() {
                return false;
            }
            app.side_selected = index;
            true
        }
        Focus::Document => {
            if !layout.doc_body.contains(at) {
                return false;
            }
            let line = app.scroll + (row - layout.doc_body.y) as usize;
            let col = column - layout.doc_body.x;
            let hit = app.rendered().and_then(|r| {
                r.rendered.links.iter().position(|l| {
                    l.segments
                        .iter()
                        .any(|&(ln, start, end)| ln == line && col >= start && col < end)
                })
            });
            match hit {
                Some(link) => {
                    app.selected_link = Some(link);
                    if let Some(target) = app.rendered().and_then(|r| r.targets.get(link)) {
                        app.status = Some(app.describe_target(target));
                    }
                    true
                }
                None => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_labels_grow_past_nine_links() {
        assert_eq!(hint_labels(3), ["a", "s", "d"]);
        let many = hint_labels(12);
        assert_eq!(many.len(), 12);
        assert!(many.iter().all(|l| l.len() == 2));
        let unique: std::collections::HashSet<_> = many.iter().collect();
        assert_eq!(unique.len(), 12);
    }
}
