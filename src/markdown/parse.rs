//! The one way a body is read: one set of pulldown-cmark options, one parse, footnote
//! definitions moved to the end. The renderer and the link list both read these events, so
//! they cannot disagree about what is a link.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

use super::footnotes;

/// An event and the byte range of the body it was read from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// The markdown extensions paap reads: GitHub's tables, footnotes, strikethrough, task lists
/// and alerts, and `{#id}` heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The events of `body` in the order they are drawn (footnotes last).
pub(crate) fn events(body: &str) -> Vec<Spanned<'_>> {
    footnotes::last(
        Parser::new_ext(body, options()).into_offset_iter(),
        expected_events(body),
    )
}

/// Room for the events of `body`, reserved at once: grown by doubling, the vector of a
/// 1.7 MB page was copied a dozen times into fresh memory, which the system zeroes, and
/// that was two fifths of `paap show`. The benchmark page gives one event per 19 bytes;
/// room that is never written costs no memory, so the guess errs on the large side.
fn expected_events(body: &str) -> usize {
    body.len() / 8 + 16
}

/// [`events`], handed to `emit` one by one as they are read (footnotes still last).
pub(crate) fn each_event<'a>(body: &'a str, emit: impl FnMut(Spanned<'a>)) {
    footnotes::in_drawn_order(Parser::new_ext(body, options()).into_offset_iter(), emit);
}
