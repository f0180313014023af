//! Find in the open document (`Ctrl-f`, `n`, `N`) and the highlights a search leaves on
//! the document it opened. Matches are looked up in the rendered lines, so they are found
//! where the reader sees them, at whatever width the document is laid out.

use std::rc::Rc;

use ratatui::text::Line;

use super::navigate::{reveal, step_through};
use super::overlay::{Answer, Layer, Outcome, append_typed, typed_limit_notice};
use super::{Action, App, Effect, Focus};
use crate::markdown::Rendered;
use crate::search::find_in_text;

/// What to highlight in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// `Ctrl-f`: this text anywhere, case-insensitive, taken literally.
    Text(String),
    /// A search opened the document: these lower-cased words (and words they begin).
    Words(Vec<String>),
}

impl Pattern {
    fn is_empty(&self) -> bool {
        match self {
            Pattern::Text(text) => text.is_empty(),
            Pattern::Words(words) => words.is_empty(),
        }
    }

    /// Byte ranges of `text` that match, in order and without overlap.
    pub fn ranges_in(&self, text: &str) -> Vec<(usize, usize)> {
        match self {
            Pattern::Text(needle) => find_in_text(text, needle),
            Pattern::Words(words) => {
                let mut found: Vec<(usize, usize)> = words
                    .iter()
                    .flat_map(|w| find_in_text(text, w))
                    .filter(|&(start, _)| starts_word(text, start))
                    .collect();
                found.sort_unstable();
                // "plat" and "platform" both match at one place: keep the longer one.
                let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
                for (start, end) in found {
                    match merged.last_mut() {
                        Some(last) if start < last.1 => last.1 = last.1.max(end),
                        _ => merged.push((start, end)),
                    }
                }
                merged
            }
        }
    }
}

/// Whether a word begins at byte `at` of `text` (no letter or digit just before it),
/// so "ci" finds "CI/CD" but not "specific", as the search engine does.
fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// The matches of the find on screen, derived after every update so drawing only reads
/// them. While a `Ctrl-f` pattern is typed, each longer pattern is looked for only on the
/// lines where the shorter one matched, and each shorter one (Backspace) is still known:
/// a keystroke costs the lines that still match, not the whole document.
#[derive(Debug, Default)]
pub(super) struct MatchCache {
    /// The (document, render width) the patterns were found in.
    key: Option<(usize, u16)>,
    /// Each pattern typed so far with its matches; each extends the one before it.
    typed: Vec<(Pattern, Rc<Vec<DocMatch>>)>,
    /// Rendered lines the last refresh looked at (for tests of the work per keystroke).
    lines_scanned: usize,
}

impl MatchCache {
    fn current(&self) -> Rc<Vec<DocMatch>> {
        self.typed
            .last()
            .map(|(_, matches)| Rc::clone(matches))
            .unwrap_or_default()
    }

    /// Brings the matches up to `pattern` in `rendered` (document and width in `key`).
    fn refresh(&mut self, key: (usize, u16), pattern: &Pattern, rendered: &Rendered) {
        if self.key != Some(key) {
            *self = MatchCache {
                key: Some(key),
                ..MatchCache::default()
            };
        }
        if self.typed.last().is_some_and(|(p, _)| p == pattern) {
            return;
        }
        // Backspace: a shorter pattern typed before is still known.
        if let Some(at) = self.typed.iter().position(|(p, _)| p == pattern) {
            self.typed.truncate(at + 1);
            self.lines_scanned = 0;
            return;
        }
        while let Some((shorter, _)) = self.typed.last()
            && !extends(pattern, shorter)
        {
            self.typed.pop();
        }
        let matches = match self.typed.last() {
            Some((_, shorter)) => {
                let mut lines: Vec<usize> = shorter.iter().map(|m| m.line).collect();
                lines.dedup();
                self.lines_scanned = lines.len();
                lines
                    .into_iter()
                    .flat_map(|i| matches_on_line(pattern, i, &rendered.lines[i]))
                    .collect()
            }
            None => {
                self.lines_scanned = rendered.lines.len();
                all_matches(pattern, rendered)
            }
        };
        self.typed.push((pattern.clone(), Rc::new(matches)));
    }
}

/// Whether every match of `longer` begins a match of `shorter` (a text typed further).
fn extends(longer: &Pattern, shorter: &Pattern) -> bool {
    match (longer, shorter) {
        (Pattern::Text(longer), Pattern::Text(shorter)) => {
            !shorter.is_empty() && longer.to_lowercase().starts_with(&shorter.to_lowercase())
        }
        _ => false,
    }
}

/// One match on screen: rendered line and display columns (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocMatch {
    pub line: usize,
    pub start: u16,
    pub end: u16,
}

pub use crate::markdown::line_text;

/// The matches of `pattern` on one rendered line, in display columns.
pub fn matches_on_line(pattern: &Pattern, index: usize, line: &Line<'_>) -> Vec<DocMatch> {
    let text = line_text(line);
    pattern
        .ranges_in(&text)
        .into_iter()
        .map(|(start, end)| DocMatch {
            line: index,
            start: column(&text[..start]),
            end: column(&text[..end]),
        })
        .collect()
}

fn column(text: &str) -> u16 {
    // The renderer's measure, so matches land where its link columns do.
    crate::text::width(text).min(u16::MAX as usize) as u16
}

/// Every match of `pattern` in a rendered document, top to bottom.
pub fn all_matches(pattern: &Pattern, rendered: &Rendered) -> Vec<DocMatch> {
    if pattern.is_empty() {
        return Vec::new();
    }
    rendered
        .lines
        .iter()
        .enumerate()
        .flat_map(|(i, line)| matches_on_line(pattern, i, line))
        .collect()
}

/// Find state for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Find {
    /// The document it belongs to: opening another one makes it inert.
    pub doc: usize,
    pub pattern: Pattern,
    /// Index of the current match in `all_matches`.
    pub current: Option<usize>,
}

impl Find {
    /// Highlights for a document opened from a search, with `current` the match shown.
    pub(super) fn words(doc: usize, words: Vec<String>, current: Option<usize>) -> Find {
        Find {
            doc,
            pattern: Pattern::Words(words),
            current,
        }
    }

    /// What the prompt shows after "Find: ".
    pub fn prompt_text(&self) -> &str {
        match &self.pattern {
            Pattern::Text(text) => text,
            Pattern::Words(_) => "",
        }
    }
}

impl App {
    /// The find state of the document on screen, if any.
    pub fn find(&self) -> Option<&Find> {
        self.find.as_ref().filter(|f| Some(f.doc) == self.current)
    }

    /// Drops the find of a document no longer on screen: coming back to it later starts
    /// without stale highlights.
    pub(super) fn forget_find_of_other_documents(&mut self) {
        if self
            .find
            .as_ref()
            .is_some_and(|f| Some(f.doc) != self.current)
        {
            self.find = None;
        }
    }

    /// Every match of the current find in the document on screen, as of the last update.
    pub fn find_matches(&self) -> Rc<Vec<DocMatch>> {
        if self.find().is_none() {
            return Rc::default();
        }
        self.find_matches.current()
    }

    /// How many rendered lines the last change of the find looked at: the work a
    /// keystroke in the find prompt cost.
    pub fn find_lines_scanned(&self) -> usize {
        self.find_matches.lines_scanned
    }

    /// The find prompt is open and takes typed characters.
    pub fn find_prompt_open(&self) -> bool {
        self.layers
            .iter()
            .any(|layer| matches!(layer, Layer::FindPrompt { .. }))
    }

    /// Finds the matches again if the document, its width or the pattern changed since.
    pub(super) fn refresh_find_matches(&mut self) {
        let key = (self.current, self.render_width());
        let find = self.find.as_ref().filter(|f| Some(f.doc) == self.current);
        let (Some(doc), Some(find)) = (self.current, find) else {
            self.find_matches = MatchCache::default();
            return;
        };
        let Some(rendered) = self.cache.get(&(doc, key.1)) else {
            self.find_matches = MatchCache::default();
            return;
        };
        self.find_matches
            .refresh((doc, key.1), &find.pattern, &rendered.rendered);
    }
}

/// `Ctrl-f`: opens the prompt for the document on screen.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(doc) = app.current else {
        app.status = Some("No document open: Enter opens one.".into());
        return Vec::new();
    };
    app.focus = Focus::Document;
    app.find = Some(Find {
        doc,
        pattern: Pattern::Text(String::new()),
        current: None,
    });
    app.layers.push(Layer::FindPrompt { origin: app.scroll });
    Vec::new()
}

/// The prompt's layer: typing edits the pattern and jumps to the first match below
/// where the prompt opened; scrolling passes through; other keys are ignored so a stray
/// key never leaves the prompt half-typed.
pub(super) fn on_prompt_action(app: &mut App, origin: usize, action: &Action) -> Answer {
    let keep = (
        Some(Layer::FindPrompt { origin }),
        Outcome::Handled(Vec::new()),
    );
    let close = (None, Outcome::Handled(Vec::new()));
    let Some(find) = app.find.as_mut().filter(|f| Some(f.doc) == app.current) else {
        return (None, Outcome::Passed);
    };
    match action {
        Action::Input(_) | Action::Paste(_) => {
            let typed = match action {
                Action::Input(c) => c.to_string(),
                Action::Paste(text) => text.clone(),
                _ => String::new(),
            };
            let cut = match &mut find.pattern {
                Pattern::Text(text) => append_typed(text, &typed),
                Pattern::Words(_) => false,
            };
            jump_from(app, origin);
            if cut {
                app.status = Some(typed_limit_notice());
            }
            keep
        }
        Action::InputBackspace => {
            if let Pattern::Text(text) = &mut find.pattern {
                text.pop();
            }
            jump_from(app, origin);
            keep
        }
        Action::Activate => {
            if find.pattern.is_empty() {
                app.find = None;
            } else {
                report(app);
            }
            close
        }
        Action::Escape | Action::Find => {
            app.find = None;
            app.scroll = origin.min(app.max_scroll());
            close
        }
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::ScrollAt { .. } => (Some(Layer::FindPrompt { origin }), Outcome::Passed),
        _ => keep,
    }
}

/// `Esc` with highlights on screen clears them (and does nothing else).
pub(super) fn clear_on_escape(app: &mut App, action: &Action) -> bool {
    if *action == Action::Escape && app.find().is_some() {
        app.find = None;
        return true;
    }
    false
}

/// Makes the first match at or below line `from` current (wrapping to the top), and
/// scrolls to it; with no match, goes back to `from`.
fn jump_from(app: &mut App, from: usize) {
    app.refresh_find_matches();
    let matches = app.find_matches();
    let next = matches
        .iter()
        .position(|m| m.line >= from)
        .or((!matches.is_empty()).then_some(0));
    if let Some(find) = app.find.as_mut() {
        find.current = next;
    }
    match next {
        Some(i) => reveal(app, matches[i].line),
        None => app.scroll = from.min(app.max_scroll()),
    }
}

/// `n` (`forward`) or `N`: the next or previous match, wrapping around.
pub(super) fn step(app: &mut App, forward: bool) -> Vec<Effect> {
    if app.find().is_none_or(|f| f.pattern.is_empty()) {
        app.status = Some("Nothing to find: Ctrl-f finds in this document.".into());
        return Vec::new();
    }
    app.focus = Focus::Document;
    app.refresh_find_matches();
    let matches = app.find_matches();
    if matches.is_empty() {
        report(app);
        return Vec::new();
    }
    let lines: Vec<usize> = matches.iter().map(|m| m.line).collect();
    let current = app.find().and_then(|f| f.current);
    let next = step_through(app, &lines, current, forward);
    if let Some(find) = app.find.as_mut() {
        find.current = Some(next);
    }
    reveal(app, matches[next].line);
    report(app);
    Vec::new()
}

/// "match 3 of 12" or "no match for …" in the status line.
fn report(app: &mut App) {
    app.refresh_find_matches();
    let Some(find) = app.find() else {
        return;
    };
    let count = app.find_matches().len();
    app.status = Some(match (find.current, &find.pattern) {
        (Some(i), _) if count > 0 => format!("match {} of {count}", i.min(count - 1) + 1),
        (_, Pattern::Text(text)) => format!("no match for “{text}”"),
        (_, Pattern::Words(words)) => format!("no match for “{}”", words.join(" ")),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_at_word_starts_only_and_merge() {
        let p = Pattern::Words(vec!["ci".into(), "plat".into(), "platform".into()]);
        let text = "CI/CD specific platforms, Platform";
        let found: Vec<&str> = p
            .ranges_in(text)
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["CI", "platform", "Platform"]);
    }

    #[test]
    fn text_matches_anywhere_in_display_columns() {
        let line = Line::from(vec!["日本 ".into(), "abcABC".into()]);
        let m = matches_on_line(&Pattern::Text("bc".into()), 7, &line);
        assert_eq!(
            m,
            [
                DocMatch {
                    line: 7,
                    start: 6,
                    end: 8
                },
                DocMatch {
                    line: 7,
                    start: 9,
                    end: 11
                }
            ]
        );
    }
}
