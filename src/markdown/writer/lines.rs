//! Lines: inline content wrapped into lines, each drawn behind the prefixes of the
//! containers it is in, with the columns every link lands on recorded.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::layout::{Piece, char_width, flow, line_width, text_width};
use super::{Block, Writer};

/// Columns kept for content however deep the nesting: prefixes are cut before content is.
const MIN_CONTENT: usize = 4;

impl Writer<'_> {
    /// Lays out the pending inline content as a paragraph.
    pub(super) fn flush(&mut self) {
        if self.block == Block::Cell || self.inlines.is_empty() {
            return;
        }
        let inlines = std::mem::take(&mut self.inlines);
        let base = self.base_style();
        for line in flow(&inlines, self.avail(), base) {
            self.emit(line);
        }
    }

    /// Columns left for content after the container prefixes.
    pub(super) fn avail(&self) -> usize {
        let min = self.width.min(MIN_CONTENT);
        self.width
            .saturating_sub(self.containers.prefix_width())
            .max(min)
    }

    /// The prefix for the next line; `consume` uses up first-line markers (bullets).
    fn prefix(&mut self, consume: bool) -> Vec<Piece> {
        let room = self.width - self.avail();
        let mut out = Vec::new();
        for c in self.containers.iter_mut() {
            if consume && !c.first_used {
                c.first_used = true;
                out.extend(c.first.iter().cloned());
            } else {
                out.extend(c.rest.iter().cloned());
            }
        }
        clip_plain(out, room)
    }

    /// Draws one line of content behind the container prefixes, recording link positions.
    pub(super) fn emit(&mut self, pieces: Vec<Piece>) {
        let index = self.lines.len();
        let prefix = self.prefix(true);
        // Every block lays itself out within `avail`; this cut is the guarantee.
        let pieces = clip_plain(pieces, self.avail());
        let mut col = 0usize;
        let mut spans = Vec::with_capacity(prefix.len() + pieces.len());
        for p in prefix.into_iter().chain(pieces) {
            if p.text.is_empty() {
                continue;
            }
            if let Some(id) = p.link {
                self.record_segment(id, index, to_col(col), to_col(col + p.width));
            }
            col += p.width;
            spans.push(Span::styled(p.text, p.style));
        }
        self.lines.push(Line::from(spans));
        self.last_blank = false;
    }

    fn record_segment(&mut self, id: usize, line: usize, start: u16, end: u16) {
        let id = id - self.link_base;
        if self.segments.len() <= id {
            self.segments.resize_with(id + 1, Vec::new);
        }
        let segments = &mut self.segments[id];
        match segments.last_mut() {
            Some(last) if last.0 == line && last.2 == start => last.2 = end,
            _ => segments.push((line, start, end)),
        }
    }

    /// An empty line between blocks, keeping quote bars.
    pub(super) fn gap(&mut self) {
        if (self.lines.is_empty() && !self.lines_above) || self.last_blank {
            return;
        }
        let mut prefix = self.prefix(false);
        // Trailing indent is invisible; keep the bars only.
        while let Some(last) = prefix.last_mut() {
            let trimmed = last.text.trim_end().to_string();
            if trimmed.is_empty() {
                prefix.pop();
            } else {
                last.width = text_width(&trimmed);
                last.text = trimmed;
                break;
            }
        }
        let spans: Vec<Span<'static>> = prefix
            .into_iter()
            .map(|p| Span::styled(p.text, p.style))
            .collect();
        self.lines.push(Line::from(spans));
        self.last_blank = true;
    }
}

pub(super) fn to_col(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// Cuts pieces to `width` columns without a marker (prefixes).
fn clip_plain(pieces: Vec<Piece>, width: usize) -> Vec<Piece> {
    if line_width(&pieces) <= width {
        return pieces;
    }
    let mut out = Vec::with_capacity(pieces.len());
    let mut used = 0;
    for p in pieces {
        if used + p.width <= width {
            used += p.width;
            out.push(p);
            continue;
        }
        let mut cut = Piece {
            text: String::new(),
            width: 0,
            ..p
        };
        for c in p.text.chars() {
            let w = char_width(c);
            if used + w > width {
                break;
            }
            cut.text.push(c);
            cut.width += w;
            used += w;
        }
        out.push(cut);
        break;
    }
    out
}

/// Cuts pieces wider than `width` and ends them with a visible `→`.
pub(super) fn clip(pieces: Vec<Piece>, width: usize, marker_style: Style) -> Vec<Piece> {
    if line_width(&pieces) <= width {
        return pieces;
    }
    let mut out = clip_plain(pieces, width.saturating_sub(1));
    if width >= 1 {
        out.push(Piece::new("→", marker_style));
    }
    out
}
