//! Find in the open document (`Ctrl-f`, `n`, `N`) and the highlights a search leaves on
//! the document it opened. Matches are looked up in the rendered lines, so they are found
//! where the reader sees them, at whatever width the document is laid out.

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::{Action, App, Effect, Focus};
use crate::markdown::{Rendered, sanitize};
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

/// The last answer of [`App::find_matches`] with what it was computed for.
#[derive(Debug, Default)]
pub(super) struct MatchCache(RefCell<Option<MatchKey>>);

/// (document, render width, pattern) and the matches found for them.
type MatchKey = ((usize, u16, Pattern), Rc<Vec<DocMatch>>);

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
    text.width().min(u16::MAX as usize) as u16
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
    /// The prompt is open and takes typed characters.
    pub editing: bool,
    /// Index of the current match in `all_matches`.
    pub current: Option<usize>,
    /// Where the document was scrolled when the prompt opened: Esc goes back there.
    origin: usize,
}

impl Find {
    /// Highlights for a document opened from a search, with `current` the match shown.
    pub(super) fn words(doc: usize, words: Vec<String>, current: Option<usize>) -> Find {
        Find {
            doc,
            pattern: Pattern::Words(words),
            editing: false,
            current,
            origin: 0,
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

    /// Every match of the current find in the document on screen (computed once per
    /// document, width and pattern).
    pub fn find_matches(&self) -> Rc<Vec<DocMatch>> {
        let (Some(find), Some(rendered), Some(doc)) = (self.find(), self.rendered(), self.current)
        else {
            return Rc::default();
        };
        let key = (doc, self.render_width(), find.pattern.clone());
        let mut cache = self.find_matches.0.borrow_mut();
        match cache.as_ref() {
            Some((cached, matches)) if *cached == key => Rc::clone(matches),
            _ => {
                let matches = Rc::new(all_matches(&find.pattern, &rendered.rendered));
                *cache = Some((key, Rc::clone(&matches)));
                matches
            }
        }
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
        editing: true,
        current: None,
        origin: app.scroll,
    });
    Vec::new()
}

/// Handles `action` while the find prompt is open; `None` when the prompt is not open.
pub(super) fn prompt_action(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let find = app.find.as_mut().filter(|f| f.editing)?;
    if Some(find.doc) != app.current {
        app.find = None;
        return None;
    }
    let origin = find.origin;
    match action {
        Action::Input(c) if !c.is_control() => {
            if let Pattern::Text(text) = &mut find.pattern {
                text.push(*c);
            }
            jump_from(app, origin);
        }
        Action::InputBackspace => {
            if let Pattern::Text(text) = &mut find.pattern {
                text.pop();
            }
            jump_from(app, origin);
        }
        Action::Activate => {
            find.editing = false;
            if find.pattern.is_empty() {
                app.find = None;
            } else {
                report(app);
            }
        }
        Action::Escape | Action::Find => {
            app.find = None;
            app.scroll = origin.min(app.max_scroll());
        }
        // Scrolling and resizing still work with the prompt open; other keys are ignored
        // so a stray key never leaves the prompt half-typed.
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::ScrollAt { .. } => return None,
        _ => {}
    }
    Some(Vec::new())
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
    let matches = app.find_matches();
    if matches.is_empty() {
        report(app);
        return Vec::new();
    }
    let lines: Vec<usize> = matches.iter().map(|m| m.line).collect();
    let current = app.find().and_then(|f| f.current);
    let next = super::update::step_through(app, &lines, current, forward);
    if let Some(find) = app.find.as_mut() {
        find.current = Some(next);
    }
    reveal(app, matches[next].line);
    report(app);
    Vec::new()
}

/// Scrolls so that `line` is on screen, a few lines below the top when it was not.
pub(super) fn reveal(app: &mut App, line: usize) {
    let height = app.body_height().max(1);
    if line < app.scroll || line >= app.scroll + height {
        app.scroll = line.saturating_sub(height / 4);
    }
    app.scroll = app.scroll.min(app.max_scroll());
}

/// "match 3 of 12" or "no match for …" in the status line.
fn report(app: &mut App) {
    let Some(find) = app.find() else {
        return;
    };
    let count = app.find_matches().len();
    app.status = Some(match (find.current, &find.pattern) {
        (Some(i), _) if count > 0 => format!("match {} of {count}", i.min(count - 1) + 1),
        (_, Pattern::Text(text)) => format!("no match for “{}”", sanitize(text)),
        (_, Pattern::Words(words)) => format!("no match for “{}”", sanitize(&words.join(" "))),
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
