//! The search box (`/`): a query over the whole library, asked of the runtime's search
//! worker on every keystroke (`Effect::Search`, answered by `Action::SearchResults`), and
//! `Enter` to open a hit at its first match.

use crossterm::event::{KeyCode, KeyModifiers};

use super::cursor::{Movement, keep_visible};
use super::find::{self, Find, Pattern};
use super::keymap::Key;
use super::navigate::{reveal, visit};
use super::overlay::{Answer, Layer, Outcome, append_typed, typed_limit_notice};
use super::search_box::{
    MIN_HITS, RESULTS_TOP, ROWS_PER_HIT, SearchBox, SearchRequest, SearchResults, search_panes,
};
use super::{Action, App, Effect, Focus};
use crate::search::{Query, parse_query};

impl App {
    /// The open search box, if any.
    pub fn search_box(&self) -> Option<&SearchBox> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Search(search) => Some(search),
            _ => None,
        })
    }

    /// The search box waits for the worker's answer.
    pub fn awaiting_search(&self) -> bool {
        self.search_box().is_some_and(|s| s.waiting.is_some())
    }

    /// Results that fit in the search box at once.
    pub fn search_page(&self) -> usize {
        let inner = search_panes(self.width, self.height).results;
        (inner.height.saturating_sub(RESULTS_TOP) / ROWS_PER_HIT).max(1) as usize
    }

    /// The action for a key while a text box (search or find prompt) is the top layer:
    /// plain characters and Backspace edit it, a few keys move or close; `None` when no
    /// text box takes typing or the key is left to the key map (Ctrl-c, PgDn, …).
    pub(super) fn text_input_action(&self, key: Key) -> Option<Action> {
        let searching = match self.layers.last() {
            Some(Layer::Search(_)) => true,
            Some(Layer::FindPrompt { .. }) => false,
            _ => return None,
        };
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
        words: Vec::new(),
        limit: hits_per_keystroke(app),
        shown_limit: 0,
        waiting: None,
        warnings: Vec::new(),
        selected: 0,
        wanted: None,
        offset: 0,
    };
    let effect = run(app, &mut search);
    app.layers.push(Layer::Search(search));
    vec![effect]
}

/// The worker answered: the newest request's hits replace the shown ones.
pub(super) fn results_arrived(app: &mut App, results: SearchResults) {
    let open = app.layers.iter_mut().rev().find_map(|layer| match layer {
        Layer::Search(search) => Some(search),
        _ => None,
    });
    if let Some(search) = open
        && search.waiting == Some(results.generation)
    {
        search.hits = results.hits;
        search.words = results.words;
        search.shown_limit = results.limit;
        search.waiting = None;
        let selected = search.wanted.take().unwrap_or(search.selected);
        search.selected = selected.min(search.hits.len().saturating_sub(1));
    }
}

/// The library was read again: the open box asks for its query again (its hits point
/// into the old library, so they go now), keeping the selection.
pub(super) fn run_again(app: &mut App) -> Option<Effect> {
    let mut layers = std::mem::take(&mut app.layers);
    let effect = layers.iter_mut().rev().find_map(|layer| match layer {
        Layer::Search(search) => {
            search.wanted = Some(search.selected);
            search.hits.clear();
            Some(run(app, search))
        }
        _ => None,
    });
    app.layers = layers;
    effect
}

/// The box's layer: it takes every action while open.
pub(super) fn on_action(app: &mut App, mut search: SearchBox, action: &Action) -> Answer {
    let page = app.search_page();
    let mut effects = Vec::new();
    match action {
        Action::Input(c) if !c.is_control() => {
            type_into(app, &mut search, &c.to_string(), &mut effects)
        }
        Action::Paste(text) => type_into(app, &mut search, text, &mut effects),
        Action::InputBackspace if search.query.pop().is_some() => {
            effects.push(requery(app, &mut search))
        }
        Action::ClickAt { column, row } => {
            if let Some(i) = result_at(app, &search, *column, *row) {
                search.selected = i;
            }
        }
        Action::DoubleClickAt { column, row } => {
            if let Some(i) = result_at(app, &search, *column, *row) {
                search.selected = i;
                return (None, Outcome::Handled(open_hit(app, &search)));
            }
        }
        Action::Activate if search.hits.get(search.selected).is_some() => {
            return (None, Outcome::Handled(open_hit(app, &search)));
        }
        Action::Activate => app.status = Some("No result to open.".into()),
        Action::Escape | Action::Search | Action::Quit => {
            return (None, Outcome::Handled(Vec::new()));
        }
        _ => {
            if let Some(movement) = Movement::of(action, page) {
                effects.extend(select(app, &mut search, movement));
            }
        }
    }
    search.offset = keep_visible(search.offset, search.selected, page);
    (Some(Layer::Search(search)), Outcome::Handled(effects))
}

/// Adds typed or pasted text to the query and searches once for all of it; the count
/// line says when some of it was left out.
fn type_into(app: &mut App, search: &mut SearchBox, text: &str, effects: &mut Vec<Effect>) {
    let before = search.query.len();
    let cut = append_typed(&mut search.query, text);
    if search.query.len() != before {
        effects.push(requery(app, search));
    }
    let notice = typed_limit_notice();
    if cut && !search.warnings.contains(&notice) {
        search.warnings.push(notice);
    }
}

/// The result drawn at a screen cell, if any.
fn result_at(app: &App, search: &SearchBox, column: u16, row: u16) -> Option<usize> {
    let inner = search_panes(app.width, app.height).results;
    let top = inner.y + RESULTS_TOP;
    let inside = (inner.x..inner.right()).contains(&column) && (top..inner.bottom()).contains(&row);
    let index = search.offset + ((row.checked_sub(top)?) / ROWS_PER_HIT) as usize;
    (inside && index < search.hits.len()).then_some(index)
}

/// The query changed: search again from the top.
fn requery(app: &mut App, search: &mut SearchBox) -> Effect {
    search.limit = hits_per_keystroke(app);
    search.selected = 0;
    search.wanted = None;
    search.offset = 0;
    run(app, search)
}

fn hits_per_keystroke(app: &App) -> usize {
    app.search_page().max(MIN_HITS)
}

/// Asks the runtime for the box's query; the hits shown stay until the answer arrives.
fn run(app: &mut App, search: &mut SearchBox) -> Effect {
    search.warnings = parse_query(&search.query).warnings;
    if let Some((done, total)) = app.loading {
        // Said in the box, where the status line is hidden: the search runs again over
        // every document once they are loaded.
        search.warnings.push(format!(
            "{}: searching again when all are in",
            super::loading::progress_line(done, total).trim_end_matches('…')
        ));
    }
    app.search_generation += 1;
    search.waiting = Some(app.search_generation);
    Effect::Search(SearchRequest {
        generation: app.search_generation,
        query: search.query.clone(),
        limit: search.limit,
    })
}

/// Moves the selection, asking for more hits when it goes past the ones fetched (the
/// bottom of the list is the last of all hits).
fn select(app: &mut App, search: &mut SearchBox, movement: Movement) -> Option<Effect> {
    let all = app.library.docs().len().max(1);
    let wanted = match movement {
        Movement::By(delta) => search.selected.saturating_add_signed(delta),
        Movement::Top => 0,
        Movement::Bottom if search.more() => all,
        Movement::Bottom => search.hits.len().saturating_sub(1),
    };
    search.selected = wanted.min(search.hits.len().saturating_sub(1));
    if wanted >= search.hits.len() && search.more() {
        search.limit = (wanted + 1)
            .next_multiple_of(hits_per_keystroke(app))
            .min(all);
        search.wanted = Some(wanted);
        return Some(run(app, search));
    }
    None
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
    // The section the hit falls under, even when no match can be placed in it.
    if let Some(section) = &hit.section
        && let Some(line) = app
            .rendered()
            .and_then(|r| r.rendered.anchor_line(&section.anchor))
    {
        app.scroll = line.min(app.max_scroll());
    }
    // The query's words and the forms the document matched ("funding" for "funded").
    let mut words = query_words(&query);
    words.extend(
        search
            .words
            .get(search.selected)
            .into_iter()
            .flatten()
            .cloned(),
    );
    words.sort();
    words.dedup();
    if words.is_empty() {
        return Vec::new();
    }
    let pattern = Pattern::Words(words.clone());
    let first = hit.first_body_match.and_then(|at| {
        let rendered = &app.rendered()?.rendered;
        first_match_index(app, hit.doc, at, &pattern, rendered)
    });
    app.find = Some(Find::words(hit.doc, words, first));
    app.refresh_find_matches();
    if let Some(i) = first
        && let Some(m) = app.find_matches().get(i)
    {
        reveal(app, m.line);
    }
    Vec::new()
}

/// The words a search looked for in bodies (filters and exclusions are not highlighted).
pub(super) fn query_words(query: &Query) -> Vec<String> {
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
pub(super) fn first_match_index(
    app: &App,
    doc: usize,
    at: usize,
    pattern: &Pattern,
    rendered: &crate::markdown::Rendered,
) -> Option<usize> {
    let full = &app.library.doc(doc).body;
    let body = app.library.doc(doc).body_below_title();
    // `at` counts from the start of the whole body; the displayed part may start later.
    let at = at.saturating_sub(full.len() - body.len());
    let before = pattern
        .ranges_in(body)
        .iter()
        .take_while(|&&(start, _)| start < at)
        .count();
    let count = find::all_matches(pattern, rendered).len();
    (count > 0).then_some(if before < count { before } else { 0 })
}
