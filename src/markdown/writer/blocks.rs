//! Blocks: where each one starts and ends, and the prefixes (quote bars, bullets, indents)
//! that containers draw before every line inside them.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Tag, TagEnd};
use ratatui::style::Modifier;

use super::super::Heading;
use super::super::anchor::anchor;
use super::super::code;
use super::super::layout::{Inline, Piece, flow, line_width, text_width};
use super::super::links::collapse_whitespace;
use super::super::table::{self, Table};
use super::lines::{clip, to_col};
use super::{Block, Writer};
use crate::text::sanitize;

const BULLETS: [&str; 4] = ["• ", "◦ ", "▪ ", "‣ "];

/// Containers nested deeper than this draw no prefix of their own: past it the prefixes
/// fill any line already, and drawing them all would cost the depth on every line.
pub(super) const MAX_DRAWN_DEPTH: usize = 64;

/// A block that prefixes every line drawn inside it.
pub(super) struct Container {
    kind: ContainerKind,
    /// Drawn on the first line inside the container (a bullet), then `rest` (its indent).
    pub first: Vec<Piece>,
    pub rest: Vec<Piece>,
    pub first_used: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ContainerKind {
    Quote,
    Item { bullet: bool },
    Footnote,
}

/// The open containers, outermost first, with counts kept as they open and close so that
/// no question about them costs the depth.
#[derive(Default)]
pub(super) struct Containers {
    /// Only the first [`MAX_DRAWN_DEPTH`] are kept; `hidden` counts the rest.
    drawn: Vec<Container>,
    hidden: Vec<ContainerKind>,
    quotes: usize,
    items: usize,
    /// Columns of the `rest` prefixes of the drawn containers.
    prefix_width: usize,
}

impl Containers {
    fn push(&mut self, container: Container) {
        match container.kind {
            ContainerKind::Quote => self.quotes += 1,
            _ => self.items += 1,
        }
        if self.drawn.len() < MAX_DRAWN_DEPTH && self.hidden.is_empty() {
            self.prefix_width += container.rest.iter().map(|p| p.width).sum::<usize>();
            self.drawn.push(container);
        } else {
            self.hidden.push(container.kind);
        }
    }

    /// Closes the innermost container; true when it was a list item or footnote whose
    /// marker was never drawn.
    fn pop(&mut self) -> Option<ContainerKind> {
        let kind = match self.hidden.pop() {
            Some(kind) => kind,
            None => {
                let c = self.drawn.pop()?;
                self.prefix_width -= c.rest.iter().map(|p| p.width).sum::<usize>();
                c.kind
            }
        };
        match kind {
            ContainerKind::Quote => self.quotes -= 1,
            _ => self.items -= 1,
        }
        Some(kind)
    }

    pub fn is_empty(&self) -> bool {
        self.drawn.is_empty() && self.hidden.is_empty()
    }

    pub fn in_quote(&self) -> bool {
        self.quotes > 0
    }

    fn in_item(&self) -> bool {
        self.items > 0
    }

    /// Whether the innermost container is a list item or footnote whose marker is not drawn.
    fn unused_marker(&self) -> bool {
        self.hidden.is_empty()
            && self
                .drawn
                .last()
                .is_some_and(|c| !c.first_used && c.kind != ContainerKind::Quote)
    }

    /// Puts `mark` in place of the bullet of the innermost list item, if it is not drawn
    /// yet (a task list's box).
    pub fn replace_bullet(&mut self, mark: Piece) -> bool {
        match self.drawn.last_mut() {
            Some(c)
                if self.hidden.is_empty()
                    && !c.first_used
                    && c.kind == ContainerKind::Item { bullet: true } =>
            {
                c.first = vec![mark];
                true
            }
            _ => false,
        }
    }

    pub fn prefix_width(&self) -> usize {
        self.prefix_width
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Container> {
        self.drawn.iter_mut()
    }
}

impl Writer<'_> {
    pub(super) fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                self.gap();
            }
            Tag::Heading { level, id, .. } => self.start_heading(level as u8, id.as_deref()),
            Tag::BlockQuote(kind) => self.start_quote(kind),
            Tag::CodeBlock(kind) => {
                self.flush();
                self.gap();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => sanitize(&info).into_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.flush();
                self.block = Block::Html;
            }
            Tag::List(start) => {
                self.flush();
                if !self.containers.in_item() {
                    self.gap();
                }
                self.lists.push(start);
            }
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.gap();
                let label = sanitize(&label).into_owned();
                let n = self.reader.footnote_number(&label);
                self.anchors.push((format!("fn-{label}"), self.lines.len()));
                self.push_marker(ContainerKind::Footnote, format!("[{n}] "));
            }
            Tag::Table(alignments) => {
                self.flush();
                self.gap();
                self.table = Some(Table {
                    alignments,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => self.row.clear(),
            Tag::TableCell => {
                self.inlines.clear();
                self.block = Block::Cell;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            // Links and images are the inline reader's.
            _ => {}
        }
    }

    pub(super) fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.picture_block();
                self.flush();
            }
            TagEnd::Heading(level) => self.end_heading(level as u8),
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush();
                self.pop_container();
            }
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::HtmlBlock => {
                self.picture_block();
                // Only now is it known whether the block had any text to show.
                if self
                    .inlines
                    .iter()
                    .any(|i| matches!(i, Inline::Text { .. }))
                {
                    self.gap();
                }
                self.flush();
                self.block = Block::Flow;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Table => self.end_table(),
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(t) = &mut self.table {
                    t.rows.push(row);
                    if tag == TagEnd::TableHead {
                        t.header_rows = t.rows.len();
                    }
                }
            }
            TagEnd::TableCell => {
                self.row.push(std::mem::take(&mut self.inlines));
                self.block = Block::Flow;
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            _ => {}
        }
    }

    pub(super) fn rule(&mut self) {
        self.flush();
        self.gap();
        let w = self.avail();
        self.emit(vec![Piece::new("─".repeat(w), self.theme.border)]);
    }

    fn start_heading(&mut self, level: u8, id: Option<&str>) {
        self.flush();
        self.gap();
        self.block = Block::Heading { level };
        self.heading_id = id.map(|i| sanitize(i).into_owned());
        if level >= 3 {
            self.inlines.push(Inline::Text {
                text: format!("{} ", "#".repeat(usize::from(level))),
                style: self.theme.border,
                link: None,
            });
        }
    }

    fn start_quote(&mut self, kind: Option<BlockQuoteKind>) {
        self.flush();
        self.gap();
        let style = kind.map_or(self.theme.border, |k| self.theme.alert[alert_index(k)]);
        let bar = vec![Piece::new("│ ", style)];
        self.containers.push(Container {
            kind: ContainerKind::Quote,
            first: bar.clone(),
            rest: bar,
            first_used: false,
        });
        if let Some(kind) = kind {
            let style = self.theme.alert[alert_index(kind)].add_modifier(Modifier::BOLD);
            self.emit(vec![Piece::new(alert_label(kind), style)]);
            // The label heads the alert's text: no empty line between them.
            self.last_blank = true;
        }
    }

    fn start_item(&mut self) {
        self.flush();
        let depth = self.lists.len().saturating_sub(1);
        let (marker, bullet) = match self.lists.last_mut() {
            Some(Some(n)) => {
                let m = format!("{n}. ");
                *n = n.saturating_add(1);
                (m, false)
            }
            _ => (BULLETS[depth % BULLETS.len()].to_string(), true),
        };
        self.push_marker(ContainerKind::Item { bullet }, marker);
    }

    fn push_marker(&mut self, kind: ContainerKind, marker: String) {
        let w = text_width(&marker);
        let first = vec![Piece::new(marker, self.theme.border)];
        self.containers.push(Container {
            kind,
            first,
            rest: vec![Piece::spaces(w, self.theme.text)],
            first_used: false,
        });
    }

    fn pop_container(&mut self) {
        // An empty list item still shows its bullet.
        if self.containers.unused_marker() {
            self.emit(Vec::new());
        }
        self.containers.pop();
    }

    fn end_heading(&mut self, level: u8) {
        let text: String = self
            .inlines
            .iter()
            .skip(usize::from(level >= 3))
            .map(|i| match i {
                Inline::Text { text, .. } => text.as_str(),
                Inline::Break => " ",
            })
            .collect();
        let text = collapse_whitespace(&text);
        // Made unique (a repeated `{#id}` too) when the parts are joined.
        let anchor = match self.heading_id.take() {
            Some(id) if !id.is_empty() => id,
            _ => anchor(&text),
        };
        let line = self.lines.len();
        let inlines = std::mem::take(&mut self.inlines);
        let style = self.base_style();
        let laid = flow(&inlines, self.avail(), style);
        let underline = laid.iter().map(|l| line_width(l)).max().unwrap_or(0);
        if laid.is_empty() {
            // An empty heading still has its line, for the outline to point at.
            self.emit(Vec::new());
        }
        for l in laid {
            self.emit(l);
        }
        if level <= 2 && underline > 0 {
            let rule = if level == 1 { "═" } else { "─" };
            self.emit(vec![Piece::new(rule.repeat(underline), style)]);
        }
        self.block = Block::Flow;
        self.heading_slots.push(self.anchors.len());
        self.anchors.push((anchor.clone(), line));
        self.headings.push(Heading {
            level,
            text,
            line,
            anchor,
        });
    }

    pub(super) fn end_code_block(&mut self) {
        let Some((info, text)) = self.code.take() else {
            return;
        };
        let lang = code::language(&info).to_string();
        // Keep the queue of pre-highlighted blocks in step, whatever this block becomes.
        let highlighted = self.highlighted.pop_front();
        if lang == "chart" {
            self.chart_block(&text);
        } else {
            let lines =
                highlighted.unwrap_or_else(|| code::highlight_cached(&lang, &text, self.theme));
            self.code_block(&lang, lines);
        }
    }

    /// `chart` blocks: horizontal bars; an invalid block is shown as code with a note
    /// saying what is wrong, so the author can fix it.
    fn chart_block(&mut self, text: &str) {
        match super::super::chart::render_chart(text, to_col(self.avail()), self.theme) {
            Ok(lines) => {
                for line in lines {
                    let pieces = line
                        .spans
                        .into_iter()
                        .map(|span| Piece::new(span.content.into_owned(), span.style))
                        .collect();
                    self.emit(pieces);
                }
            }
            Err(problem) => {
                let note = format!("chart not drawn: {problem}");
                self.emit(vec![Piece::new(note, self.theme.muted)]);
                let lines = code::highlight_cached("yaml", text, self.theme);
                self.code_block("chart", lines);
            }
        }
    }

    /// A code block: a label line with the language, then each line behind a bar, clipped
    /// with `→` where it is wider than the space.
    fn code_block(&mut self, lang: &str, lines: code::Highlighted) {
        let border = self.theme.border;
        let avail = self.avail();
        let label = if lang.is_empty() {
            "┌──".to_string()
        } else {
            format!("┌─ {lang}")
        };
        self.emit(clip(vec![Piece::new(label, border)], avail, border));
        let inner = avail.saturating_sub(2).max(1);
        for runs in lines.iter() {
            let pieces = runs
                .iter()
                .map(|(s, t)| Piece::new(t.as_str(), *s))
                .collect();
            let mut line = vec![Piece::new("│ ", border)];
            line.extend(clip(pieces, inner, border));
            self.emit(clip(line, avail, border));
        }
        self.emit(clip(vec![Piece::new("└──", border)], avail, border));
    }

    fn end_table(&mut self) {
        let Some(t) = self.table.take() else {
            return;
        };
        self.block = Block::Flow;
        let base = self.base_style();
        for line in table::layout(&t, self.avail(), base, self.theme.border) {
            self.emit(line);
        }
    }
}

fn alert_index(kind: BlockQuoteKind) -> usize {
    match kind {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    }
}

fn alert_label(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    }
}
