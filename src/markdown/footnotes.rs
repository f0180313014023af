//! Footnotes: definitions are drawn after the document, in the order they are referenced.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// An event and the byte range it was read from.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// Moves footnote definitions after the document, numbered by first reference. `expected`:
/// how many events to make room for at once.
pub(crate) fn last<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    expected: usize,
) -> Vec<Spanned<'a>> {
    let mut main = Vec::with_capacity(expected);
    let mut notes: Vec<(String, Vec<Spanned<'a>>)> = Vec::new();
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
            main.push((event, range));
        }
    }
    if notes.is_empty() {
        return main;
    }
    let mut order: HashMap<String, usize> = HashMap::new();
    for (event, _) in &main {
        if let Event::FootnoteReference(label) = event {
            let next = order.len();
            order.entry(label.to_string()).or_insert(next);
        }
    }
    notes.sort_by_key(|(label, _)| order.get(label).copied().unwrap_or(usize::MAX));
    // The rule before the notes comes from where the first note was written.
    let at = notes[0]
        .1
        .first()
        .map_or(0..0, |(_, range)| range.start..range.start);
    main.push((Event::Rule, at));
    main.extend(notes.into_iter().flat_map(|(_, events)| events));
    main
}
