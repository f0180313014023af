//! Walks the events of a body and lays every block out into styled lines, recording where
//! each link and heading lands.
//!
//! - `mod.rs`: the writer's state, the event loop, inline styles;
//! - [`blocks`]: where each block starts and ends (headings, quotes, lists, code, tables);
//! - [`lines`]: drawing lines behind the prefixes of the blocks they are in.
//!
//! Inline content (text, links, images, footnote marks, raw HTML) is read by
//! [`InlineReader`], the same reader the link list uses; wrapping is `layout::flow`.

mod blocks;
mod lines;
mod parts;
mod pictures;
mod runs;

use std::collections::VecDeque;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::code;
use super::inline::{InlineReader, ReaderStart};
use super::layout::{Drawn, Inline, Piece};
use super::parse::{self, Spanned};
use super::picture::{ImageBlock, Pictures};
use super::table::Table;
use super::theme::Theme;
use super::{Heading, Rendered};
use crate::text::sanitize;
use blocks::Containers;
use parts::{Edge, Part};

/// Where a writer starts: at the top of a document, or between two of its top-level
/// blocks after the runs before it.
#[derive(Debug, Clone)]
struct RunStart {
    reader: ReaderStart,
    edge: Edge,
}

impl RunStart {
    fn document() -> RunStart {
        RunStart {
            reader: ReaderStart::default(),
            edge: Edge::TOP,
        }
    }
}

pub(crate) fn render(
    body: &str,
    width: u16,
    theme: &Theme,
    number_links: bool,
    pictures: &Pictures<'_>,
) -> Rendered {
    let width = usize::from(width).max(1);
    if body.len() >= runs::PARALLEL_FROM
        && let Some(rendered) = runs::render(body, width, theme, number_links, pictures)
    {
        return rendered;
    }
    in_one_run(body, width, theme, number_links, pictures)
}

/// `body` laid out by one writer, top to bottom.
fn in_one_run(
    body: &str,
    width: usize,
    theme: &Theme,
    number_links: bool,
    pictures: &Pictures<'_>,
) -> Rendered {
    let events = parse::events(body);
    let start = RunStart::document();
    parts::assemble(vec![lay_out(
        &events,
        &start,
        width,
        theme,
        number_links,
        pictures,
    )])
}

/// Lays out a run of events (a whole body, or some of its top-level blocks) from `start`.
fn lay_out(
    events: &[Spanned<'_>],
    start: &RunStart,
    width: usize,
    theme: &Theme,
    number_links: bool,
    pictures: &Pictures<'_>,
) -> Part {
    let mut w = Writer::new(width, theme, number_links, pictures, start);
    w.highlighted = highlight_all(events, theme).into();
    for (event, range) in events {
        w.event(event.clone(), range.start);
    }
    w.into_part(start.edge)
}

/// Highlights every code block up front, in parallel: syntax highlighting is most of the
/// time spent on a document with code, and blocks are independent. Empty without colour.
fn highlight_all(events: &[Spanned<'_>], theme: &Theme) -> Vec<code::Highlighted> {
    use rayon::prelude::*;
    if !theme.color || theme.syntax_theme.is_none() {
        return Vec::new();
    }
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => sanitize(info).into_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                current = Some((code::language(&info).to_string(), String::new()));
            }
            Event::Text(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
        .par_iter()
        .map(|(lang, text)| code::highlight_cached(lang, text, theme))
        .collect()
}

/// Where inline content currently goes.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    Flow,
    Heading { level: u8 },
    Cell,
    Html,
}

struct Writer<'t> {
    width: usize,
    theme: &'t Theme,
    pictures: &'t Pictures<'t>,
    images: Vec<ImageBlock>,
    lines: Vec<Line<'static>>,
    /// Where each link was drawn, by link index: `(line, col_start, col_end)`.
    segments: Vec<Vec<(usize, u16, u16)>>,
    headings: Vec<Heading>,
    /// Where in `anchors` each heading's anchor is: anchors are made unique when the
    /// parts are joined, in document order ([`parts::assemble`]).
    heading_slots: Vec<usize>,
    anchors: Vec<(String, usize)>,
    containers: Containers,
    last_blank: bool,
    /// Lines were drawn before this writer's first: a block here is not the first.
    lines_above: bool,
    /// The id of the first link this writer reads (`segments` starts there).
    link_base: usize,

    block: Block,
    heading_id: Option<String>,
    inlines: Vec<Inline>,
    bold: u32,
    italic: u32,
    strike: u32,
    reader: InlineReader,
    /// What the reader drew for the current event (kept to reuse its allocation).
    drawn: Vec<Drawn>,
    code: Option<(String, String)>,
    table: Option<Table>,
    row: Vec<Vec<Inline>>,
    /// Next number of each open list (`None` for bullets).
    lists: Vec<Option<u64>>,
    /// Code blocks highlighted in advance, in document order (empty without colour).
    highlighted: VecDeque<code::Highlighted>,
    number_links: bool,
}

impl<'t> Writer<'t> {
    fn new(
        width: usize,
        theme: &'t Theme,
        number_links: bool,
        pictures: &'t Pictures<'t>,
        start: &RunStart,
    ) -> Writer<'t> {
        let reader = InlineReader::resume(!theme.color, number_links, start.reader.clone());
        Writer {
            link_base: reader.next_link_id(),
            lines_above: start.edge.lines_above,
            last_blank: start.edge.last_blank,
            width,
            theme,
            pictures,
            images: Vec::new(),
            lines: Vec::new(),
            segments: Vec::new(),
            headings: Vec::new(),
            heading_slots: Vec::new(),
            anchors: Vec::new(),
            containers: Containers::default(),
            block: Block::Flow,
            heading_id: None,
            inlines: Vec::new(),
            bold: 0,
            italic: 0,
            strike: 0,
            reader,
            drawn: Vec::new(),
            code: None,
            table: None,
            row: Vec::new(),
            lists: Vec::new(),
            highlighted: VecDeque::new(),
            number_links,
        }
    }

    /// Ends the run: what is still open is closed and laid out.
    fn into_part(mut self, started: Edge) -> Part {
        let mut drawn = std::mem::take(&mut self.drawn);
        self.reader.finish(&mut drawn);
        self.place(&mut drawn);
        self.flush();
        Part {
            started,
            ended: Edge {
                last_blank: self.last_blank,
                lines_above: self.lines_above || !self.lines.is_empty(),
            },
            between_blocks: self.between_blocks(),
            link_base: self.link_base,
            lines: self.lines,
            segments: self.segments,
            links: self.reader.into_links(),
            headings: self.headings,
            heading_slots: self.heading_slots,
            anchors: self.anchors,
            images: self.images,
            links_numbered: self.number_links,
        }
    }

    /// Whether nothing is open: no container, list, table, code block or emphasis; a
    /// writer started between top-level blocks goes on from here as this one would.
    fn between_blocks(&self) -> bool {
        self.block == Block::Flow
            && self.containers.is_empty()
            && self.lists.is_empty()
            && self.inlines.is_empty()
            && self.code.is_none()
            && self.table.is_none()
            && self.heading_id.is_none()
            && (self.bold, self.italic, self.strike) == (0, 0, 0)
            && self.reader.at_rest()
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        // Inline content first: what it draws belongs to the block as it is now.
        let mut drawn = std::mem::take(&mut self.drawn);
        self.reader.read(&event, offset, &mut drawn);
        self.place(&mut drawn);
        self.drawn = drawn;
        if let Some((_, text)) = &mut self.code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Rule => self.rule(),
            Event::TaskListMarker(checked) => self.task_marker(checked, offset),
            _ => {}
        }
    }

    /// Adds what the inline reader drew to the block's inline content, styled.
    fn place(&mut self, drawn: &mut Vec<Drawn>) {
        for item in drawn.drain(..) {
            match item {
                Drawn::Text { text, link, code } => {
                    let mut style = self.inline_style();
                    if link.is_some() {
                        style = style.patch(self.theme.link);
                    }
                    if code {
                        style = style.patch(self.theme.code);
                    }
                    self.inlines.push(Inline::Text { text, style, link });
                }
                Drawn::Number(text) => self.inlines.push(Inline::Text {
                    text,
                    style: self.base_style(),
                    link: None,
                }),
                Drawn::Break => self.inlines.push(Inline::Break),
                Drawn::BlockEdge => {
                    if matches!(self.inlines.last(), Some(Inline::Text { .. })) {
                        self.inlines.push(Inline::Break);
                    }
                }
            }
        }
    }

    /// The style of inline text at this point: block base, emphasis, link.
    fn inline_style(&self) -> Style {
        let mut style = self.base_style();
        if self.bold > 0 {
            style = style.add_modifier(Modifier::BOLD);
        }
        if self.italic > 0 {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if self.strike > 0 {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if self.reader.in_link() {
            style = style.patch(self.theme.link);
        }
        style
    }

    fn base_style(&self) -> Style {
        match self.block {
            Block::Heading { level } => self.theme.heading[usize::from(level.clamp(1, 6)) - 1],
            _ if self.containers.in_quote() => self.theme.quote,
            _ => self.theme.text,
        }
    }

    /// A task list item's box: in place of its bullet, else before its text.
    fn task_marker(&mut self, checked: bool, offset: usize) {
        let mark = if checked { "☑ " } else { "☐ " };
        if !self
            .containers
            .replace_bullet(Piece::new(mark, self.theme.border))
        {
            let mut drawn = std::mem::take(&mut self.drawn);
            self.reader.text(mark, offset, &mut drawn);
            self.place(&mut drawn);
            self.drawn = drawn;
        }
    }
}
