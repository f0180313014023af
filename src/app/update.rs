//! `update`: the only place the TUI state changes. It takes one `Action` (from a key, the
//! mouse, the terminal or the runtime's answer to an effect) and returns the `Effect`s
//! the runtime must perform; then derived state (render cache, find matches, backlinks)
//! is brought up to date so that drawing only reads.

use std::borrow::Cow;

use super::cursor::Movement;
use super::layout::SIDE_BESIDE_MIN_WIDTH;
use super::navigate::{restore, select_row, show_tab, visit};
use super::{Action, App, Effect, Focus, Layer, SideItem, SideMode};
use super::{bookmarks, edit, find, layers, links, loading, mouse, reading, reload, search};
use crate::markdown::Theme;

/// Applies `action` to `app` and returns the effects for the runtime to perform.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = apply(app, action);
    // Messages quote what came from outside the documents (a URL as written, a file name,
    // an io error, a typed query): the status line is cleaned here, once, whoever wrote it.
    if let Some(Cow::Owned(clean)) = app.status.as_deref().map(crate::text::sanitize) {
        app.status = Some(clean);
    }
    effects
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    if action.is_from_user() {
        app.status = None;
    }
    if let Action::Reloaded(new) = action {
        // Indexes into the old library mean nothing now: the reload moves them itself.
        // A background load ends this way too; the parts it hands over before keep the
        // progress line.
        if !new.partial {
            app.loading = None;
        }
        let effects = reload::apply(app, new);
        if app.current.is_none() {
            // The first documents arrived (a load after an empty first frame): show the
            // first one, as a start with them would.
            app.current = app.rows.first().copied();
            app.prepare();
        }
        return effects;
    }
    let before = bookmarks::before_update(app);
    let reading_before = reading::before_update(app);
    let mut effects = dispatch(app, action);
    reading::after_update(app, reading_before);
    app.prepare();
    bookmarks::after_update(app, before, &mut effects);
    effects.extend(app.picture_requests());
    effects
}

/// What applies whatever is open (the terminal, the runtime's answers), then the layers.
fn dispatch(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(width, height) => {
            // Pictures are as tall as the pane at most: laid out again for a new height.
            if app.pictures.enabled && height != app.height {
                app.cache.clear();
            }
            app.width = width;
            app.height = height;
            Vec::new()
        }
        Action::PicturesProbed(results) => {
            if app.pictures.probed(results) {
                // Sizes change layouts: the pictures take rows of their own now.
                app.cache.clear();
            }
            Vec::new()
        }
        Action::PictureDrawn(answer) => {
            let keep = app.pictures_on_screen();
            app.pictures.arrived(answer, &keep);
            Vec::new()
        }
        Action::ForceQuit => vec![Effect::Quit],
        Action::SearchResults(results) => {
            search::results_arrived(app, results);
            Vec::new()
        }
        Action::MemoryLoaded { state, warning } => {
            bookmarks::loaded(app, *state);
            app.status = warning;
            Vec::new()
        }
        Action::Saved {
            applied,
            state,
            problem,
        } => {
            app.memory.saved(applied, state.map(|s| *s));
            if problem.is_some() {
                app.status = problem;
            }
            Vec::new()
        }
        Action::Notice(text) => {
            app.status = Some(text);
            Vec::new()
        }
        Action::LoadProgress { done, total } => {
            loading::progress(app, done, total);
            Vec::new()
        }
        Action::BackgroundDetected { light } => {
            let theme = if light { Theme::light() } else { Theme::dark() };
            if theme != app.theme {
                // Every cached layout carries the old theme's styles.
                app.theme = theme;
                app.cache.clear();
            }
            Vec::new()
        }
        Action::OpenDocument(doc) => {
            if doc < app.library.docs().len() {
                visit(app, doc, None);
            }
            Vec::new()
        }
        action => layers::dispatch(app, action, panes),
    }
}

/// An action no overlay took: the panes handle it.
fn panes(app: &mut App, action: Action) -> Vec<Effect> {
    if find::clear_on_escape(app, &action) || reading::intercept(app, &action) {
        return Vec::new();
    }
    if let Some(movement) = Movement::of(&action, page(app))
        && !matches!(action, Action::ScrollAt { .. })
    {
        move_focused(app, movement);
        return Vec::new();
    }
    match action {
        Action::Quit if side_is_overlay(app) && app.focus == Focus::Side => {
            app.focus = Focus::Document;
            Vec::new()
        }
        Action::Quit => vec![Effect::Quit],
        Action::Suspend => vec![Effect::Suspend],
        Action::SwitchOriginal => {
            links::switch_original(app);
            Vec::new()
        }
        Action::Help => {
            app.layers.push(Layer::Help { scroll: 0 });
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
        Action::Activate => activate(app),
        // A double click opens what its first click selected, as Enter would.
        Action::DoubleClickAt { column, row } if mouse::click(app, column, row) => activate(app),
        Action::Search => search::open(app),
        Action::Find => find::open(app),
        Action::FindNext => find::step(app, true),
        Action::FindPrev => find::step(app, false),
        Action::NextLink => links::step_link(app, true),
        Action::PrevLink => links::step_link(app, false),
        Action::OpenInBrowser => links::open_in_browser(app),
        Action::CopyLink => links::copy_link(app),
        Action::Hints => {
            links::show_hints(app);
            Vec::new()
        }
        Action::ToggleMouse => toggle_mouse(app),
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
        Action::Edit => edit::edit(app),
        other => {
            arrange(app, other);
            Vec::new()
        }
    }
}

/// Actions that move between panes, tabs, history positions and under the pointer.
fn arrange(app: &mut App, action: Action) {
    match action {
        Action::FocusPrev => {
            app.focus = match app.focus {
                Focus::Library | Focus::Document => Focus::Library,
                Focus::Side => Focus::Document,
            };
        }
        Action::FocusNext => {
            app.focus = match app.focus {
                Focus::Library => Focus::Document,
                Focus::Document | Focus::Side if app.side_mode != SideMode::Hidden => Focus::Side,
                other => other,
            };
        }
        Action::ShowTab(tab) => show_tab(app, tab),
        Action::Back => match app.position().and_then(|pos| app.history.back(pos)) {
            Some(to) => restore(app, to),
            None => app.status = Some("Nothing to go back to.".into()),
        },
        Action::Forward => match app.position().and_then(|pos| app.history.forward(pos)) {
            Some(to) => restore(app, to),
            None => app.status = Some("Nothing to go forward to.".into()),
        },
        Action::CycleSidePane => cycle_side_pane(app),
        Action::ScrollAt { column, row, lines } => {
            if let Some(focus) = mouse::pane_at(app, column, row) {
                let saved = app.focus;
                app.focus = focus;
                move_focused(app, Movement::By(lines as isize));
                app.focus = saved;
            }
        }
        Action::ClickAt { column, row } => {
            mouse::click(app, column, row);
        }
        // Typing, hint keys and runtime answers reach here only when nothing takes them.
        _ => {}
    }
}

fn cycle_side_pane(app: &mut App) {
    app.side_mode = app.side_mode.next();
    app.side = Default::default();
    if app.side_mode == SideMode::Hidden {
        if app.focus == Focus::Side {
            app.focus = Focus::Document;
        }
    } else if app.width < SIDE_BESIDE_MIN_WIDTH {
        // A narrow screen shows the side pane only while it has focus.
        app.focus = Focus::Side;
    }
}

fn toggle_mouse(app: &mut App) -> Vec<Effect> {
    app.mouse_captured = !app.mouse_captured;
    app.status = Some(if app.mouse_captured {
        "Mouse on: wheel scrolls, click selects (M turns it off to select text).".into()
    } else {
        "Mouse off: the terminal can select text (M turns it back on).".into()
    });
    vec![Effect::SetMouseCapture(app.mouse_captured)]
}

fn side_is_overlay(app: &App) -> bool {
    app.width < SIDE_BESIDE_MIN_WIDTH
}

/// Rows in a page of the focused pane.
fn page(app: &App) -> usize {
    let layout = app.layout();
    let rows = match app.focus {
        Focus::Library => layout.list.height,
        Focus::Document => layout.doc_body.height,
        Focus::Side => layout.side_list.height,
    };
    rows.max(1) as usize
}

/// Moves the selection of the focused list, or scrolls the document.
fn move_focused(app: &mut App, movement: Movement) {
    match app.focus {
        Focus::Library => {
            let row = movement.apply(app.list.selected, app.rows.len().saturating_sub(1));
            select_row(app, row);
        }
        Focus::Document => app.scroll = movement.apply(app.scroll, app.max_scroll()),
        Focus::Side => app.side = app.side.moved(movement, app.side_items().len()),
    }
}

/// `Enter`: opens the library row, follows the selected link, or jumps to the heading.
fn activate(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Focus::Library => {
            if let Some(&doc) = app.rows.get(app.list.selected) {
                if app.current == Some(doc) {
                    app.focus = Focus::Document;
                } else {
                    visit(app, doc, None);
                }
            }
            Vec::new()
        }
        Focus::Document => match app.selected_link {
            Some(link) => links::follow_link(app, link),
            None => {
                app.status = Some("No link selected: Tab selects the next link.".into());
                Vec::new()
            }
        },
        Focus::Side => match app.side_items().into_iter().nth(app.side.selected) {
            Some(SideItem::Heading { line, .. }) => {
                app.scroll = line.min(app.max_scroll());
                app.focus = Focus::Document;
                Vec::new()
            }
            Some(SideItem::Link { index, .. }) => links::follow_link(app, index),
            Some(SideItem::Backlink { doc }) => {
                visit(app, doc, None);
                Vec::new()
            }
            None => Vec::new(),
        },
    }
}
