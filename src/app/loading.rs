//! A library loaded in the background: the progress line while it loads, then the swap.
//! Documents are looked up again by id, so the document on screen and the selected row stay
//! what they were; what held library indices (history, find, layouts) starts fresh.

use super::overlay::Layer;
use super::{App, History};
use crate::content::Library;
use std::sync::Arc;

/// `done` of `total` files read: the status line says so.
pub(super) fn progress(app: &mut App, done: usize, total: usize) {
    app.loading = Some((done, total));
    app.status = Some(progress_line(done, total));
}

/// The status line while loading: "loading 12,345 of 49,600 documents…".
pub fn progress_line(done: usize, total: usize) -> String {
    format!(
        "loading {} of {} documents…",
        thousands(done),
        thousands(total)
    )
}

/// The load finished: `library` replaces the one shown (the caller asks an open search
/// again over it).
pub(super) fn loaded(app: &mut App, library: Arc<Library>) {
    let id_of = |app: &App, doc: usize| app.library.doc(doc).id.clone();
    let current = app.current.map(|doc| id_of(app, doc));
    let selected = app.rows.get(app.list.selected).map(|&doc| id_of(app, doc));
    let link = app.selected_link;
    app.library = library;
    app.order = app.library.sorted_newest_first();
    app.memory.reindex(&app.library);
    app.rows = app.rows_for(app.tab);
    app.current = current
        .and_then(|id| app.memory.doc_by_id(&id))
        .or_else(|| app.rows.first().copied());
    app.list.selected = selected
        .and_then(|id| app.memory.doc_by_id(&id))
        .and_then(|doc| app.rows.iter().position(|&r| r == doc))
        .unwrap_or(0);
    app.selected_link = link;
    app.history = History::default();
    app.find = None;
    app.cache.clear();
    app.loading = None;
    app.status = Some(format!(
        "{} documents loaded.",
        thousands(app.library.docs().len())
    ));
    // Hints and the find prompt point into the old layout; the search box asks again.
    app.layers
        .retain(|layer| !matches!(layer, Layer::Hints(_) | Layer::FindPrompt { .. }));
}

/// 49600 → "49,600".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(12_345), "12,345");
        assert_eq!(super::thousands(1_049_600), "1,049,600");
    }
}
