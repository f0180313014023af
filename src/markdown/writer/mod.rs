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
mod pictures;

use std::collections::VecDeque;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::anchor::AnchorSet;
use super::code;
use super::inline::InlineReader;
use super::layout::{Drawn, Inline, Piece};
use super::parse::{self, Spanned};
use super::picture::{ImageBlock, Pictures};
use super::table::Table;
use super::theme::Theme;
use super::{Heading, LinkSpan, Rendered};
use crate::text::sanitize;
use blocks::Containers;

pub(crate) fn render(
    body: &str,
    width: u16,
    theme: &Theme,
    number_links: bool,
    pictures: &Pictures<'_>,
) -> Rendered {
    let events = parse::events(body);
    let mut w = Writer::new(usize::from(width).max(1), theme, number_links, pictures);
    w.highlighted = highlight_all(&events, theme).into();
    for (event, range) in events {
        w.event(event, range.start);
    }
    w.finish()
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
    anchors: Vec<(String, usize)>,
    anchor_set: AnchorSet,
    containers: Containers,
    last_blank: bool,

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
    ) -> Writer<'t> {
        Writer {
            width,
            theme,
            pictures,
            images: Vec::new(),
            lines: Vec::new(),
            segments: Vec::new(),
            headings: Vec::new(),
            anchors: Vec::new(),
            anchor_set: AnchorSet::new(),
            containers: Containers::default(),
            last_blank: false,
            block: Block::Flow,
            heading_id: None,
            inlines: Vec::new(),
            bold: 0,
            italic: 0,
            strike: 0,
            reader: InlineReader::new(!theme.color, number_links),
            drawn: Vec::new(),
            code: None,
            table: None,
            row: Vec::new(),
            lists: Vec::new(),
            highlighted: VecDeque::new(),
            number_links,
        }
    }

    fn finish(mut self) -> Rendered {
        let mut drawn = std::mem::take(&mut self.drawn);
        self.reader.finish(&mut drawn);
        self.place(&mut drawn);
        self.flush();
        // Trailing empty lines go, unless a heading, anchor or link points at them.
        let referenced = self
            .anchors
            .iter()
            .map(|a| a.1 + 1)
            .chain(self.segments.iter().flatten().map(|s| s.0 + 1))
            .max()
            .unwrap_or(0);
        while self.lines.len() > referenced && self.lines.last().is_some_and(|l| l.width() == 0) {
            self.lines.pop();
        }
        let mut segments = self.segments.into_iter();
        let links = self
            .reader
            .into_links()
            .into_iter()
            .enumerate()
            .map(|(index, link)| LinkSpan {
                index,
                href: link.href,
                written: link.written,
                text: link.text,
                segments: segments.next().unwrap_or_default(),
                is_ref: link.is_ref,
                image: link.image,
            })
            .collect();
        Rendered {
            lines: self.lines,
            links,
            headings: self.headings,
            anchors: self.anchors,
            links_numbered: self.number_links,
            images: self.images,
        }
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
