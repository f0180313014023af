//! Markdown to styled, wrapped lines, recording where every link and heading lands.
//!
//! The renderer does its own wrapping (rather than ratatui's `Paragraph::wrap`) so that
//! link selection, hints and the outline know the exact line and columns of each element.
//!
//! - [`render`] lays a document out at one width;
//! - [`to_plain`] and [`to_ansi`] turn the result into text for `paap show`;
//! - [`anchor()`] / [`AnchorSet`] make heading anchors the way Hugo and GitHub do, and
//!   [`heading_text`] a heading's text as it is drawn;
//! - every drawn character goes through [`crate::text::sanitize`] here: the body is raw.

pub mod anchor;
pub mod chart;
mod code;
mod footnotes;
mod html;
mod inline;
mod layout;
pub mod links;
mod output;
mod parse;
mod picture;
mod table;
pub mod theme;
mod writer;

use ratatui::text::Line;

pub use crate::text::{char_width, width as text_width};
pub use anchor::{AnchorSet, anchor, heading_text};
#[doc(hidden)]
pub use code::clear_cache as clear_highlight_cache;
pub use layout::line_text;
pub use links::Link;
pub use output::{AnsiOptions, to_ansi, to_ansi_with, to_plain, to_plain_parts};
pub use picture::{ImageBlock, PictureSize, Pictures};
pub use theme::Theme;

/// A rendered document at one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<LinkSpan>,
    pub headings: Vec<Heading>,
    /// Every place a `#fragment` can point at, with its line: heading anchors (including
    /// `{#custom-id}`s) and footnotes (`fn-LABEL`, which footnote marks link to).
    pub anchors: Vec<(String, usize)>,
    /// Link numbers (`text[1]`) are already laid out in the lines ([`render_numbered`]).
    pub links_numbered: bool,
    /// Pictures drawn as blocks, in document order: each has empty rows of its own
    /// ([`render_with_pictures`]).
    pub images: Vec<ImageBlock>,
}

impl Rendered {
    /// The line an in-document anchor (without `#`) lands on.
    pub fn anchor_line(&self, anchor: &str) -> Option<usize> {
        let anchor = anchor.strip_prefix('#').unwrap_or(anchor);
        self.anchors
            .iter()
            .find(|(a, _)| a == anchor)
            .map(|&(_, line)| line)
    }
}

/// A link and every place it was drawn (a wrapped link has several segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    /// Position of the link in document order, from 0.
    pub index: usize,
    /// The target as written (sanitised): a URL, a relative path, `#anchor`, or
    /// `#fn-LABEL` for a footnote mark. Hugo `ref`/`relref` shortcodes give their argument.
    pub href: String,
    /// The target exactly as written (trimmed, not sanitised): what links resolve and what
    /// `browser::check_url` decides on, never drawn.
    pub written: String,
    /// The text drawn for the link, whitespace collapsed (`[image: alt]` for images,
    /// `[N]` for footnote marks).
    pub text: String,
    /// `(line, col_start, col_end)`: display columns, end exclusive.
    pub segments: Vec<(usize, u16, u16)>,
    /// Written as a Hugo `ref`/`relref` shortcode (see [`crate::site::REF_TITLE`]).
    pub is_ref: bool,
    /// An image (its text is `[image: alt]`).
    pub image: bool,
}

/// A heading and the rendered line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
    /// Unique within the document: `{#custom-id}` if given, else [`anchor()`] of the text,
    /// with `-1`, `-2`, … for repeats.
    pub anchor: String,
}

/// Renders `body` at `width` display columns (a width of 0 is treated as 1).
///
/// No line is wider than `width`; every character drawn has been through [`crate::text::sanitize`].
/// Below about ten columns deep nesting is cut rather than squeezing text to nothing.
pub fn render(body: &str, width: u16, theme: &Theme) -> Rendered {
    writer::render(body, width, theme, false, &Pictures::none())
}

/// [`render`], with each image that stands alone in its paragraph and whose size
/// `pictures` knows given rows of its own above its `[image: alt]` caption
/// ([`Rendered::images`] says where), to be drawn there by the TUI.
pub fn render_with_pictures(
    body: &str,
    width: u16,
    theme: &Theme,
    pictures: &Pictures<'_>,
) -> Rendered {
    writer::render(body, width, theme, false, pictures)
}

/// [`render`] with each link followed by its number (`text[1]`), laid out with the text so
/// that the numbers, too, stay within `width`. For [`to_plain`] dumps.
pub fn render_numbered(body: &str, width: u16, theme: &Theme) -> Rendered {
    writer::render(body, width, theme, true, &Pictures::none())
}

/// Every link of `body` in document order, exactly as [`render`] draws them without
/// colour (code in link text between backticks): the same reader over the same events.
pub fn links(body: &str) -> Vec<Link> {
    let mut reader = inline::InlineReader::new(true, false);
    let mut drawn = Vec::new();
    for (event, range) in parse::events(body) {
        reader.read(&event, range.start, &mut drawn);
        drawn.clear();
    }
    reader.finish(&mut drawn);
    reader.into_links()
}
