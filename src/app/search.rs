//! The search box (`/`): a query over the whole library, re-ranked on every keystroke by
//! the index (built once, on the first `/`), and `Enter` to open a hit at its first match.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;

use super::find::{self, Find, Pattern};
use super::keymap::Key;
use super::update::visit;
use super::{Action, App, Effect, Focus, keep_visible};
use crate::search::{Hit, Index, Query, parse_query};

/// Hits asked of the index per keystroke: the results that fit in the box (at least
/// this many), because every hit costs a snippet. Scrolling past them asks for more.
const MIN_HITS: usize = 8;

/// The open search box.
#[derive(Debug, Clone)]
pub struct SearchBox {
    pub query: String,
    /// The ranked results for `query`, best first.
    pub hits: Vec<Hit>,
    /// How many hits the newest request asked for.
    pub(super) limit: usize,
    /// How many hits the shown ones were asked with: as many came back means more exist.
    shown_limit: usize,
    /// The generation of the request the worker is answering, when searching off the
    /// UI thread; the hits shown meanwhile are the previous ones.
    pub waiting: Option<u64>,
    /// What the query parser dropped or did not understand.
    pub warnings: Vec<String>,
    pub selected: usize,
    /// First result drawn.
    pub offset: usize,
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

impl App {
    /// The open search box, if any.
    pub fn search_box(&self) -> Option<&SearchBox> {
        self.search.as_ref()
    }

    /// The search index, built on first use and kept.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.library))
    }

    /// Results that fit in the search box at once.
    pub fn search_page(&self) -> usize {
        let inner = super::layout::inner(search_area(self.width, self.height));
        (inner.height.saturating_sub(RESULTS_TOP) / ROWS_PER_HIT).max(1) as usize
    }

    /// The action for a key while a text box (search or find prompt) takes typing:
    /// plain characters and Backspace edit it, a few keys move or close; `None` when no
    /// text box is open or the key is left to the key map (Ctrl-c, PgDn, …).
    pub(super) fn text_input_action(&self, key: Key) -> Option<Action> {
        let searching = self.search.is_some();
        if !searching && !self.find().is_some_and(|f| f.editing) {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        Some(match key.code {
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                Action::Input(c)
            }
            KeyCode::Backspace => Action::InputBackspace,
            KeyCode::Enter => Action::Activate,
            KeyCode::Esc => Action::Escape,
            KeyCode::Down => Action::Down,
            KeyCode::Up => Action::Up,
            KeyCode::Char('n') if ctrl && searching => Action::Down,
            KeyCode::Char('p') if ctrl && searching => Action::Up,
            _ => return None,
        })
    }
}

/// `/`: opens the search box, listing everything until something is typed.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let mut search = SearchBox {
        query: String::new(),
        hits: Vec::new(),
        limit: hits_per_keystroke(app),
        shown_limit: 0,
        waiting: None,
        warnings: Vec::new(),
        selected: 0,
        offset: 0,
    };
    run(app, &mut search);
    app.search = Some(search);
    Vec::new()
}

/// Handles `action` while the search box is open (it takes every action);
/// `None` when it is not open.
pub(super) fn box_action(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let mut search = app.search.take()?;
    let page = app.search_page();
    match action {
        Action::Input(c) if !c.is_control() => {
            search.query.push(*c);
            requery(app, &mut search);
        }
        Action::InputBackspace if search.query.pop().is_some() => requery(app, &mut search),
        Action::Down => select(app, &mut search, 1),
        Action::Up => select(app, &mut search, -1),
        Action::PageDown | Action::HalfPageDown => select(app, &mut search, page as isize),
        Action::PageUp | Action::HalfPageUp => select(app, &mut search, -(page as isize)),
        Action::ScrollAt { lines, .. } => select(app, &mut search, *lines as isize),
        Action::ClickAt { column, row } => {
            if let Some(i) = result_at(app, &search, *column, *row) {
                search.selected = i;
            }
        }
        Action::DoubleClickAt { column, row } => {
            if let Some(i) = result_at(app, &search, *column, *row) {
                search.selected = i;
                return Some(open_hit(app, &search));
            }
        }
        Action::Activate if search.hits.get(search.selected).is_some() => {
            return Some(open_hit(app, &search));
        }
        Action::Activate => app.status = Some("No result to open.".into()),
        Action::SearchResults(results) if search.waiting == Some(results.generation) => {
            search.hits = results.hits.clone();
            search.shown_limit = results.limit;
            search.waiting = None;
            search.selected = search.selected.min(search.hits.len().saturating_sub(1));
        }
        Action::Escape | Action::Search | Action::Quit => return Some(Vec::new()),
        Action::ForceQuit => return Some(vec![Effect::Quit]),
        _ => {}
    }
    search.offset = keep_visible(search.offset, search.selected, page);
    app.search = Some(search);
    Some(Vec::new())
}

/// The result drawn at a screen cell, if any.
fn result_at(app: &App, search: &SearchBox, column: u16, row: u16) -> Option<usize> {
    let inner = super::layout::inner(search_area(app.width, app.height));
    let top = inner.y + RESULTS_TOP;
    let inside = (inner.x..inner.right()).contains(&column) && (top..inner.bottom()).contains(&row);
    let index = search.offset + ((row.checked_sub(top)?) / ROWS_PER_HIT) as usize;
    (inside && index < search.hits.len()).then_some(index)
}

/// The query changed: search again from the top.
fn requery(app: &App, search: &mut SearchBox) {
    search.limit = hits_per_keystroke(app);
    search.selected = 0;
    search.offset = 0;
    run(app, search);
}

fn hits_per_keystroke(app: &App) -> usize {
    app.search_page().max(MIN_HITS)
}

/// Searches for the box's query: on the worker when there is one (the results come back
/// as an action), else right here.
fn run(app: &App, search: &mut SearchBox) {
    let query = parse_query(&search.query);
    search.warnings = query.warnings.clone();
    if let Some(worker) = &app.worker
        && let Some(generation) = worker.request(&search.query, search.limit)
    {
        search.waiting = Some(generation);
        return;
    }
    search.hits = app.index().search(&app.library, &query, search.limit);
    search.shown_limit = search.limit;
    search.waiting = None;
}

/// Moves the selection, fetching more hits when it goes past the ones fetched.
fn select(app: &App, search: &mut SearchBox, delta: isize) {
    let wanted = search.selected.saturating_add_signed(delta);
    if wanted >= search.hits.len() && search.more() {
        search.limit = (wanted + 1).next_multiple_of(hits_per_keystroke(app));
        run(app, search);
    }
    search.selected = wanted.min(search.hits.len().saturating_sub(1));
}

/// `Enter`: opens the selected hit scrolled to its first match, with every match of the
/// query's words highlighted.
fn open_hit(app: &mut App, search: &SearchBox) -> Vec<Effect> {
    let Some(hit) = search.hits.get(search.selected) else {
        return Vec::new();
    };
    let query = parse_query(&search.query);
    visit(app, hit.doc, None);
    app.focus = Focus::Document;
    let words = query_words(&query);
    if words.is_empty() {
        return Vec::new();
    }
    let pattern = Pattern::Words(words.clone());
    let first = hit
        .first_body_match
        .and_then(|at| first_match_index(app, hit.doc, at, &pattern));
    app.find = Some(Find::words(hit.doc, words, first));
    if let Some(i) = first
        && let Some(m) = app.find_matches().get(i)
    {
        find::reveal(app, m.line);
    }
    Vec::new()
}

/// The words a search looked for in bodies (filters and exclusions are not highlighted).
fn query_words(query: &Query) -> Vec<String> {
    let mut words: Vec<String> = query
        .terms
        .iter()
        .flat_map(|t| t.words.iter().cloned())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Which match in the rendered document corresponds to byte `at` of the body: the same
/// count of matches precede it in the body as in the rendered lines. The renderer drops
/// some text (link targets, markup), so when the count runs past the rendered matches the
/// first rendered match is used.
fn first_match_index(app: &App, doc: usize, at: usize, pattern: &Pattern) -> Option<usize> {
    let body = &app.library.doc(doc).body;
    let before = pattern
        .ranges_in(body)
        .iter()
        .take_while(|&&(start, _)| start < at)
        .count();
    let rendered = app.rendered()?;
    let count = find::all_matches(pattern, &rendered.rendered).len();
    (count > 0).then_some(if before < count { before } else { 0 })
}
