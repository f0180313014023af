//! The search box's preview (television's and fzf's `--preview`): on a screen of at least
//! `PREVIEW_MIN_WIDTH` columns, the selected hit's document beside the results, scrolled
//! to its best match with the query's words marked. It follows the selection; like every
//! derived thing it is found after `update` (layout is cached), so drawing only reads.

use super::find::{DocMatch, Pattern, all_matches};
use super::search::{first_match_index, query_words};
use super::search_box::search_panes;
use super::{App, RenderedDoc};
use crate::search::parse_query;

/// Rows of the preview above the document's lines: its title and a rule.
pub const PREVIEW_HEADER_ROWS: u16 = 2;

/// What the preview shows: a document laid out at the preview's width, from `scroll`
/// down, with `matches` marked (`best` the one scrolled to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub doc: usize,
    pub width: u16,
    pub scroll: usize,
    pub matches: Vec<DocMatch>,
    pub best: Option<DocMatch>,
    /// What it was found for: the same hit and query keep it as it is.
    query: String,
}

impl App {
    /// The search box's preview, while the box is open on a wide enough screen.
    pub fn preview(&self) -> Option<&Preview> {
        self.preview.as_ref()
    }

    /// The preview's document, laid out.
    pub fn preview_rendered(&self) -> Option<&RenderedDoc> {
        let preview = self.preview.as_ref()?;
        self.cache.get(&(preview.doc, preview.width))
    }
}

/// Brings the preview in line with the search box: its selected hit, the query, the
/// screen size.
pub(super) fn refresh(app: &mut App) {
    let panes = search_panes(app.width, app.height);
    let wanted = app.search_box().and_then(|search| {
        let hit = search.hits.get(search.selected)?;
        let area = panes.preview?;
        let width = area.width.saturating_sub(2).min(app.max_width).max(1);
        let height = area.height.saturating_sub(PREVIEW_HEADER_ROWS) as usize;
        Some((
            hit.doc,
            hit.first_body_match,
            width,
            height,
            search.query.clone(),
        ))
    });
    let Some((doc, at, width, height, query)) = wanted else {
        app.preview = None;
        return;
    };
    let same = |p: &Preview| p.doc == doc && p.width == width && p.query == query;
    if app.preview.as_ref().is_some_and(same) && app.cache.contains_key(&(doc, width)) {
        return;
    }
    app.render_into_cache(doc, width);
    let Some(rendered) = app.cache.get(&(doc, width)).map(|r| &r.rendered) else {
        app.preview = None;
        return;
    };
    let pattern = Pattern::Words(query_words(&parse_query(&query)));
    let matches = all_matches(&pattern, rendered);
    let best = at
        .and_then(|at| first_match_index(app, doc, at, &pattern, rendered))
        .or((!matches.is_empty()).then_some(0))
        .and_then(|i| matches.get(i).copied());
    // The best match a few lines below the top, as `Enter` would open it.
    let last_top = rendered.lines.len().saturating_sub(height);
    let scroll = best.map_or(0, |m| m.line.saturating_sub(height / 4).min(last_top));
    app.preview = Some(Preview {
        doc,
        width,
        scroll,
        matches,
        best,
        query,
    });
}
