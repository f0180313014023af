//! Markdown to styled, wrapped lines, recording where every link and heading lands.
//!
//! The renderer does its own wrapping (rather than ratatui's `Paragraph::wrap`) so that
//! link selection, hints and the outline know the exact line and columns of each element.

pub mod chart;
pub mod sanitize;
pub mod theme;

use ratatui::text::Line;

pub use sanitize::sanitize;
pub use theme::Theme;

/// A rendered document at one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<LinkSpan>,
    pub headings: Vec<Heading>,
}

/// A link and every place it was drawn (a wrapped link has several segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    /// Position of the link in document order, from 0.
    pub index: usize,
    pub href: String,
    pub text: String,
    /// `(line, col_start, col_end)`: display columns, end exclusive.
    pub segments: Vec<(usize, u16, u16)>,
}

/// A heading and the rendered line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
    pub anchor: String,
}

/// Renders `body` at `width` display columns. Placeholder until the renderer issue lands:
/// one line per source line, sanitised, cut at `width`.
pub fn render(body: &str, width: u16, _theme: &Theme) -> Rendered {
    let lines = body
        .lines()
        .map(|l| {
            let clean = sanitize(l);
            Line::from(clean.chars().take(width as usize).collect::<String>())
        })
        .collect();
    Rendered {
        lines,
        links: Vec::new(),
        headings: Vec::new(),
    }
}
