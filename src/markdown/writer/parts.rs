//! Parts: what one writer laid out (a whole document, or a run of its top-level blocks),
//! and how parts join into one [`Rendered`] document.

use ratatui::text::Line;

use super::super::anchor::AnchorSet;
use super::super::links::Link;
use super::super::picture::ImageBlock;
use super::super::{Heading, LinkSpan, Rendered};

/// What a block at the start of a run depends on from the lines above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Edge {
    /// The last line above is an empty line between blocks.
    pub last_blank: bool,
    /// There are lines above (the first block of a document has no empty line before it).
    pub lines_above: bool,
}

impl Edge {
    /// The top of a document.
    pub const TOP: Edge = Edge {
        last_blank: false,
        lines_above: false,
    };
}

/// The layout of a run, its line numbers counted from its own first line.
pub(super) struct Part {
    /// The edge the run was laid out below, and the one it leaves for the next run.
    pub started: Edge,
    pub ended: Edge,
    /// The writer ended with nothing open (see `Writer::between_blocks`).
    pub between_blocks: bool,
    pub link_base: usize,
    pub lines: Vec<Line<'static>>,
    /// Where each of the run's links was drawn, from `link_base` on.
    pub segments: Vec<Vec<(usize, u16, u16)>>,
    pub links: Vec<Link>,
    /// Anchors as written (not unique yet), `heading_slots` saying which are headings'.
    pub headings: Vec<Heading>,
    pub heading_slots: Vec<usize>,
    pub anchors: Vec<(String, usize)>,
    pub images: Vec<ImageBlock>,
    pub links_numbered: bool,
}

/// Joins parts laid out one below the other into a document: line numbers counted from the
/// top, heading anchors made unique in document order, trailing empty lines dropped.
pub(super) fn assemble(parts: Vec<Part>) -> Rendered {
    // Sized once: a large page's parts hold tens of thousands of lines.
    let mut out = Rendered {
        lines: Vec::with_capacity(parts.iter().map(|p| p.lines.len()).sum()),
        links: Vec::with_capacity(parts.iter().map(|p| p.links.len()).sum()),
        headings: Vec::with_capacity(parts.iter().map(|p| p.headings.len()).sum()),
        anchors: Vec::with_capacity(parts.iter().map(|p| p.anchors.len()).sum()),
        links_numbered: parts.first().is_some_and(|p| p.links_numbered),
        images: Vec::new(),
    };
    let mut unique = AnchorSet::new();
    for part in parts {
        let top = out.lines.len();
        let first_anchor = out.anchors.len();
        out.anchors
            .extend(part.anchors.into_iter().map(|(a, line)| (a, line + top)));
        for (mut heading, slot) in part.headings.into_iter().zip(part.heading_slots) {
            heading.anchor = unique.unique(&heading.anchor);
            heading.line += top;
            out.anchors[first_anchor + slot]
                .0
                .clone_from(&heading.anchor);
            out.headings.push(heading);
        }
        let mut segments = part.segments.into_iter();
        for (i, link) in part.links.into_iter().enumerate() {
            let mut drawn = segments.next().unwrap_or_default();
            for segment in &mut drawn {
                segment.0 += top;
            }
            out.links.push(LinkSpan {
                index: part.link_base + i,
                href: link.href,
                written: link.written,
                text: link.text,
                segments: drawn,
                is_ref: link.is_ref,
                image: link.image,
            });
        }
        out.images.extend(part.images.into_iter().map(|mut image| {
            image.line += top;
            image
        }));
        out.lines.extend(part.lines);
    }
    drop_trailing_empty_lines(&mut out);
    out
}

/// Trailing empty lines go, unless a heading, anchor or link points at them.
fn drop_trailing_empty_lines(r: &mut Rendered) {
    let referenced = r
        .anchors
        .iter()
        .map(|a| a.1 + 1)
        .chain(r.links.iter().flat_map(|l| &l.segments).map(|s| s.0 + 1))
        .max()
        .unwrap_or(0);
    while r.lines.len() > referenced && r.lines.last().is_some_and(|l| l.width() == 0) {
        r.lines.pop();
    }
}
