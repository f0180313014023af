//! The content read again while paap runs (a file changed on disk, the editor closed):
//! the runtime loads a new library and hands it over as `Action::Reloaded`. Everything
//! that points into the old library by index (the document on screen, the library
//! selection, history, the find, memory) moves to the same document in the new one; the
//! open document keeps its place at the same heading, and a removed one says so.

use std::collections::HashMap;

use super::find::{Find, MatchCache};
use super::navigate::select_row;
use super::{App, Effect, Focus, Layer, Reload};
use crate::content::Doc;

/// Where the reader was in the open document: the heading above the top line (its
/// anchor) and how many lines below it.
struct Place {
    anchor: Option<String>,
    below: usize,
    scroll: usize,
}

/// Takes over the new library; returns the search to run again when the box is open.
pub(super) fn apply(app: &mut App, reload: Reload) -> Vec<Effect> {
    let place = place_in_document(app);
    let old = std::mem::replace(&mut app.library, reload.library);
    let by_key: HashMap<(usize, &str), usize> = app
        .library
        .docs()
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.root, d.id.as_str()), i))
        .collect();
    let new_index = |i: usize| {
        let doc = old.doc(i);
        by_key.get(&(doc.root, doc.id.as_str())).copied()
    };
    let selected = app.rows.get(app.list.selected).and_then(|&i| new_index(i));
    // The selected row stays on the same line of the screen as rows arrive above it.
    let selected_on_screen = app.list.selected.saturating_sub(app.list.offset);
    let current = app.current.map(|i| (i, new_index(i)));

    app.order = app.library.sorted_newest_first();
    app.rows = app.rows_for(app.tab);
    app.phrases = reload
        .phrases
        .unwrap_or_else(|| super::rows::SharedPhrases::of(&app.library));
    app.cache.clear();
    app.find_matches = MatchCache::default();
    app.history.remap(new_index);
    app.memory.relink(&app.library, new_index);
    app.find = app
        .find
        .take()
        .and_then(|f| new_index(f.doc).map(|doc| Find { doc, ..f }));
    app.layers.retain(|layer| !matches!(layer, Layer::Hints(_)));
    if reload.note.is_some() {
        app.status = reload.note;
    }
    if let Some(row) = selected.and_then(|doc| app.rows.iter().position(|&r| r == doc)) {
        app.list.selected = row;
        app.list.offset = row.saturating_sub(selected_on_screen);
    }
    match current {
        Some((_, Some(doc))) => {
            app.current = Some(doc);
            app.prepare();
            restore_place(app, place);
        }
        Some((was, None)) => removed(app, old.doc(was)),
        None => {}
    }
    app.prepare();
    super::search::run_again(app).into_iter().collect()
}

/// The open document is gone from disk: the library shows what is left, and says so.
fn removed(app: &mut App, doc: &Doc) {
    app.status = Some(format!(
        "\"{}\" was removed ({}).",
        doc.title,
        doc.display_file()
    ));
    app.focus = Focus::Library;
    app.selected_link = None;
    app.current = None;
    let row = app.list.selected.min(app.rows.len().saturating_sub(1));
    select_row(app, row);
}

fn place_in_document(app: &App) -> Place {
    let scroll = app.scroll;
    let heading = app.rendered().and_then(|r| {
        r.rendered
            .headings
            .iter()
            .take_while(|h| h.line <= scroll)
            .last()
    });
    match heading {
        Some(h) => Place {
            anchor: Some(h.anchor.clone()),
            below: scroll - h.line,
            scroll,
        },
        None => Place {
            anchor: None,
            below: 0,
            scroll,
        },
    }
}

/// Scrolls the re-rendered document to the same heading (the same line when it has none
/// or the heading is gone).
fn restore_place(app: &mut App, place: Place) {
    let heading = place
        .anchor
        .and_then(|a| app.rendered().and_then(|r| r.rendered.anchor_line(&a)));
    let line = heading.map_or(place.scroll, |line| line + place.below);
    app.scroll = line.min(app.max_scroll());
}
