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
}

impl SearchBox {
    /// The index may hold more hits than were fetched.
    pub fn more(&self) -> bool {
        self.hits.len() >= self.shown_limit
    }
}

/// Where the search box is drawn for a screen of `width`×`height`: over the panes, leaving
/// the status line free.
pub fn search_area(width: u16, height: u16) -> Rect {
    let screen = Rect::new(0, 0, width, height.saturating_sub(1));
    let w = width.saturating_sub(4).min(100);
    let h = height.saturating_sub(3);
    super::layout::centered(screen, w, h)
}

/// Rows of the box before the results: the query line and the count line.
pub const RESULTS_TOP: u16 = 2;
/// Rows per result: kind and title, then the snippet.
pub const ROWS_PER_HIT: u16 = 2;
