//! Footnotes: definitions are drawn after the document, in the order they are referenced.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// An event and the byte range it was read from.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// Moves footnote definitions after the document, numbered by first reference. `expected`:
/// how many events to make room for at once.
pub(crate) fn last<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    expected: usize,
) -> Vec<Spanned<'a>> {
    let mut all = Vec::with_capacity(expected);
    in_drawn_order(events, |event| all.push(event));
    all
}

/// Hands the events to `emit` as [`last`] orders them, each as soon as it can: all but the
/// notes while the body is still being read.
pub(crate) fn in_drawn_order<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    mut emit: impl FnMut(Spanned<'a>),
) {
    let mut notes: Vec<(String, Vec<Spanned<'a>>)> = Vec::new();
    // Labels as referenced, in order: only needed once there turn out to be notes.
    let mut references: Vec<CowStr<'a>> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                if depth == 0 {
                    notes.push((label.to_string(), Vec::new()));
                }
                depth += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
            if let Some((_, events)) = notes.last_mut() {
                events.push((event, range));
            }
        } else {
            if let Event::FootnoteReference(label) = &event {
                references.push(label.clone());
            }
            emit((event, range));
        }
    }
    if notes.is_empty() {
        return;
    }
    let mut order: HashMap<&str, usize> = HashMap::new();
    for label in &references {
        let next = order.len();
        order.entry(label).or_insert(next);
    }
    notes.sort_by_key(|(label, _)| order.get(label.as_str()).copied().unwrap_or(usize::MAX));
    // The rule before the notes comes from where the first note was written.
    let at = notes[0]
        .1
        .first()
        .map_or(0..0, |(_, range)| range.start..range.start);
    emit((Event::Rule, at));
    for event in notes.into_iter().flat_map(|(_, events)| events) {
        emit(event);
    }
}
