//! The search box's data: what it shows, what it asks the runtime, what comes back, and
//! where it is drawn (shared by drawing and mouse hit-testing).

use ratatui::layout::Rect;

use crate::search::Hit;

/// Hits asked of the index per keystroke: the results that fit in the box (at least
/// this many), because every hit costs a snippet. Scrolling past them asks for more.
pub(super) const MIN_HITS: usize = 8;

/// The open search box.
#[derive(Debug, Clone)]
pub struct SearchBox {
    pub query: String,
    /// The ranked results for `query`, best first.
    pub hits: Vec<Hit>,
    /// For each hit, the words its document matched (see [`SearchResults::words`]).
    pub(super) words: Vec<Vec<String>>,
    /// How many hits the newest request asked for.
    pub(super) limit: usize,
    /// How many hits the shown ones were asked with: as many came back means more exist.
    pub(super) shown_limit: usize,
    /// The generation of the request the worker is answering; the hits shown meanwhile
    /// are the previous ones.
    pub waiting: Option<u64>,
    /// What the query parser dropped or did not understand.
    pub warnings: Vec<String>,
    pub selected: usize,
    /// A selection past the fetched hits, taken once more hits arrive.
    pub(super) wanted: Option<usize>,
    /// First result drawn.
    pub offset: usize,
}

/// A search for the runtime to run (`Effect::Search`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Which request this is: only the newest one's answer is shown.
    pub generation: u64,
    pub query: String,
    pub limit: usize,
}

/// The answer to one request (`Action::SearchResults`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub generation: u64,
    pub limit: usize,
    pub hits: Vec<Hit>,
    /// For each hit, the words of its document the query matched (stemmed forms and typos
    /// included), to highlight when it is opened.
    pub words: Vec<Vec<String>>,
}

impl SearchBox {
    /// The index may hold more hits than were fetched.
    pub fn more(&self) -> bool {
        self.hits.len() >= self.shown_limit
    }
}

/// From this many columns on, the search box shows the selected hit's document beside
/// the results.
pub const PREVIEW_MIN_WIDTH: u16 = 100;

/// Where the search box and its parts are drawn (shared by drawing and mouse hit-tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchPanes {
    /// The whole box, border included.
    pub area: Rect,
    /// The query, the count and the results, inside the border.
    pub results: Rect,
    /// The preview of the selected hit, right of the results, when there is room.
    pub preview: Option<Rect>,
}

/// The search box for a screen of `width`×`height`: over the panes, leaving the status
/// line free; as wide as the screen allows when it has a preview.
pub fn search_panes(width: u16, height: u16) -> SearchPanes {
    let screen = Rect::new(0, 0, width, height.saturating_sub(1));
    let with_preview = width >= PREVIEW_MIN_WIDTH;
    let w = if with_preview {
        width.saturating_sub(4)
    } else {
        width.saturating_sub(4).min(100)
    };
    let area = super::layout::centered(screen, w, height.saturating_sub(3));
    let inner = super::layout::inner(area);
    if !with_preview {
        return SearchPanes {
            area,
            results: inner,
            preview: None,
        };
    }
    // Two fifths for the results, a column of rule, the rest for the document.
    let results_width = (inner.width * 2 / 5).max(36).min(inner.width);
    let results = Rect {
        width: results_width,
        ..inner
    };
    let preview_x = results.right() + 1;
    let preview = Rect {
        x: preview_x.min(inner.right()),
        width: inner.right().saturating_sub(preview_x),
        ..inner
    };
    SearchPanes {
        area,
        results,
        preview: (preview.width > 0).then_some(preview),
    }
}

/// Where the search box is drawn for a screen of `width`×`height`.
pub fn search_area(width: u16, height: u16) -> Rect {
    search_panes(width, height).area
}

/// Rows of the box before the results: the query line and the count line.
pub const RESULTS_TOP: u16 = 2;
/// Rows per result: kind and title, then the snippet.
pub const ROWS_PER_HIT: u16 = 2;
