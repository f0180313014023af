//! Walks pulldown-cmark events and lays every block out into styled lines, recording where
//! each link and heading lands.

use std::collections::HashMap;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::anchor::{AnchorSet, anchor};
use super::code;
use super::html::{self, HtmlItem, HtmlState};
use super::layout::{Inline, Piece, char_width, flow, is_breaking_space, line_width};
use super::table::{self, Table};
use super::theme::Theme;
use super::{Heading, LinkSpan, Rendered, sanitize};

/// Columns kept for content however deep the nesting: prefixes are cut before content is.
const MIN_CONTENT: usize = 4;

const BULLETS: [&str; 4] = ["• ", "◦ ", "▪ ", "‣ "];

pub(crate) fn render(body: &str, width: u16, theme: &Theme, number_links: bool) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let events = footnotes_last(Parser::new_ext(body, options));
    let mut w = Writer::new(usize::from(width).max(1), theme);
    w.number_links = number_links;
    w.highlighted = highlight_all(&events, theme).into();
    for event in events {
        w.event(event);
    }
    w.finish()
}

/// Highlights every code block up front, in parallel: syntax highlighting is most of the
/// time spent on a document with code, and blocks are independent. Empty without colour.
fn highlight_all(events: &[Event<'_>], theme: &Theme) -> Vec<code::Highlighted> {
    use rayon::prelude::*;
    if !theme.color || theme.syntax_theme.is_none() {
        return Vec::new();
    }
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in events {
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

/// Moves footnote definitions after the document, numbered by first reference.
fn footnotes_last<'a>(parser: Parser<'a>) -> Vec<Event<'a>> {
    let mut main = Vec::new();
    let mut notes: Vec<(String, Vec<Event<'a>>)> = Vec::new();
    let mut depth = 0usize;
    for event in parser {
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
                events.push(event);
            }
        } else {
            main.push(event);
        }
    }
    if notes.is_empty() {
        return main;
    }
    let mut order: HashMap<String, usize> = HashMap::new();
    for event in &main {
        if let Event::FootnoteReference(label) = event {
            let next = order.len();
            order.entry(label.to_string()).or_insert(next);
        }
    }
    notes.sort_by_key(|(label, _)| order.get(label).copied().unwrap_or(usize::MAX));
    main.push(Event::Rule);
    main.extend(notes.into_iter().flat_map(|(_, events)| events));
    main
}

/// A block that prefixes every line drawn inside it.
struct Container {
    kind: ContainerKind,
    /// Drawn on the first line inside the container (a bullet), then `rest` (its indent).
    first: Vec<Piece>,
    rest: Vec<Piece>,
    first_used: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ContainerKind {
    Quote,
    Item { bullet: bool },
    Footnote,
}

/// Where inline content currently goes.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    Flow,
    Heading { level: u8 },
    Cell,
    Html,
}

struct PendingImage {
    href: String,
    alt: String,
}

struct Writer<'t> {
    width: usize,
    theme: &'t Theme,
    lines: Vec<Line<'static>>,
    links: Vec<LinkSpan>,
    headings: Vec<Heading>,
    anchors: Vec<(String, usize)>,
    anchor_set: AnchorSet,
    containers: Vec<Container>,
    last_blank: bool,

    block: Block,
    heading_id: Option<String>,
    inlines: Vec<Inline>,
    bold: u32,
    italic: u32,
    strike: u32,
    link_stack: Vec<usize>,
    /// Links opened by `<a>` tags (closed by `</a>` only).
    html_links: Vec<usize>,
    image: Option<PendingImage>,
    code: Option<(String, String)>,
    table: Option<Table>,
    row: Vec<Vec<Inline>>,
    /// Next number of each open list (`None` for bullets).
    lists: Vec<Option<u64>>,
    footnotes: HashMap<String, usize>,
    html: HtmlState,
    /// Code blocks highlighted in advance, in document order (empty without colour).
    highlighted: std::collections::VecDeque<code::Highlighted>,
    /// Follow each link with its number, `[n]`, for plain-text dumps.
    number_links: bool,
}

impl<'t> Writer<'t> {
    fn new(width: usize, theme: &'t Theme) -> Writer<'t> {
        Writer {
            width,
            theme,
            lines: Vec::new(),
            links: Vec::new(),
            headings: Vec::new(),
            anchors: Vec::new(),
            anchor_set: AnchorSet::new(),
            containers: Vec::new(),
            last_blank: false,
            block: Block::Flow,
            heading_id: None,
            inlines: Vec::new(),
            bold: 0,
            italic: 0,
            strike: 0,
            link_stack: Vec::new(),
            html_links: Vec::new(),
            image: None,
            code: None,
            table: None,
            row: Vec::new(),
            lists: Vec::new(),
            footnotes: HashMap::new(),
            html: HtmlState::default(),
            highlighted: Default::default(),
            number_links: false,
        }
    }

    fn finish(mut self) -> Rendered {
        self.flush();
        // Trailing empty lines go, unless a heading, anchor or link points at them.
        let referenced = self
            .anchors
            .iter()
            .map(|a| a.1 + 1)
            .chain(
                self.links
                    .iter()
                    .flat_map(|l| l.segments.iter().map(|s| s.0 + 1)),
            )
            .max()
            .unwrap_or(0);
        while self.lines.len() > referenced && self.lines.last().is_some_and(|l| l.width() == 0) {
            self.lines.pop();
        }
        Rendered {
            lines: self.lines,
            links: self.links,
            headings: self.headings,
            anchors: self.anchors,
            links_numbered: self.number_links,
        }
    }

    fn event(&mut self, event: Event<'_>) {
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
            Event::Text(t) => self.text(&t, self.inline_style()),
            Event::Code(t) => {
                let style = self.inline_style().patch(self.theme.code);
                if self.theme.color {
                    self.plain_text(&t, style);
                } else {
                    // Without colour, backticks are what sets code apart.
                    self.plain_text(&format!("`{t}`"), style);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, self.inline_style()),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::SoftBreak => self.text(" ", self.inline_style()),
            Event::HardBreak => self.inlines.push(Inline::Break),
            Event::Rule => {
                self.flush();
                self.gap();
                let w = self.avail();
                self.emit(vec![Piece::new("─".repeat(w), self.theme.border)]);
            }
            Event::TaskListMarker(checked) => self.task_marker(checked),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                self.gap();
            }
            Tag::Heading { level, id, .. } => {
                self.flush();
                self.gap();
                self.block = Block::Heading { level: level as u8 };
                self.heading_id = id.map(|i| sanitize(&i).into_owned());
                if level as u8 >= 3 {
                    let marks = format!("{} ", "#".repeat(level as usize));
                    self.inlines.push(Inline::Text {
                        text: marks,
                        style: self.theme.border,
                        link: None,
                    });
                }
            }
            Tag::BlockQuote(kind) => {
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
                    let label = alert_label(kind);
                    let style = self.theme.alert[alert_index(kind)].add_modifier(Modifier::BOLD);
                    self.emit(vec![Piece::new(label, style)]);
                    // The label heads the alert's text: no empty line between them.
                    self.last_blank = true;
                }
            }
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
                if !self.in_item() {
                    self.gap();
                }
                self.lists.push(start);
            }
            Tag::Item => {
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
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.gap();
                let label = sanitize(&label).into_owned();
                let n = self.footnote_number(&label);
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
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let href = match link_type {
                    LinkType::Email if !dest_url.starts_with("mailto:") => {
                        format!("mailto:{dest_url}")
                    }
                    _ => dest_url.to_string(),
                };
                let id = self.new_link(&href);
                self.links[id].is_ref = &*title == crate::site::REF_TITLE;
                self.link_stack.push(id);
            }
            Tag::Image { dest_url, .. } => {
                if self.image.is_none() {
                    self.image = Some(PendingImage {
                        href: dest_url.to_string(),
                        alt: String::new(),
                    });
                }
            }
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                self.html.end_block();
            }
            TagEnd::Heading(level) => self.end_heading(level as u8),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.pop_container();
            }
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::HtmlBlock => {
                self.html.end_block();
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
                self.html_links.clear();
                self.link_stack.clear();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush();
                self.pop_container();
            }
            TagEnd::Table => self.end_table(),
            TagEnd::TableHead => {
                let row = std::mem::take(&mut self.row);
                if let Some(t) = &mut self.table {
                    t.rows.push(row);
                    t.header_rows = t.rows.len();
                }
            }
            TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(t) = &mut self.table {
                    t.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                self.close_html_links();
                self.row.push(std::mem::take(&mut self.inlines));
                self.block = Block::Flow;
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some(id) = self.link_stack.pop() {
                    self.close_link(id);
                }
            }
            TagEnd::Image => {
                if let Some(image) = self.image.take() {
                    self.image_link(&image.href, &image.alt);
                }
            }
            TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    // ---- inline content ----

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
        if !self.link_stack.is_empty() {
            style = style.patch(self.theme.link);
        }
        style
    }

    fn base_style(&self) -> Style {
        match self.block {
            Block::Heading { level } => self.theme.heading[usize::from(level.clamp(1, 6)) - 1],
            _ if self
                .containers
                .iter()
                .any(|c| c.kind == ContainerKind::Quote) =>
            {
                self.theme.quote
            }
            _ => self.theme.text,
        }
    }

    /// Inline text; bare `http(s)://` URLs outside links become links (GFM autolinks).
    fn text(&mut self, text: &str, style: Style) {
        if !self.link_stack.is_empty() || self.image.is_some() || !text.contains("://") {
            return self.plain_text(text, style);
        }
        let mut rest = text;
        while let Some((start, end)) = find_bare_url(rest) {
            self.plain_text(&rest[..start], style);
            let id = self.new_link(&rest[start..end]);
            self.link_stack.push(id);
            let link_style = self.inline_style();
            self.plain_text(&rest[start..end], link_style);
            self.link_stack.pop();
            self.close_link(id);
            rest = &rest[end..];
        }
        self.plain_text(rest, style);
    }

    fn plain_text(&mut self, text: &str, style: Style) {
        let clean = sanitize(text);
        if let Some(image) = &mut self.image {
            image.alt.push_str(&clean);
            return;
        }
        let link = self.link_stack.last().copied();
        if let Some(id) = link {
            self.links[id].text.push_str(&clean);
        }
        self.inlines.push(Inline::Text {
            text: clean.into_owned(),
            style,
            link,
        });
    }

    fn new_link(&mut self, href: &str) -> usize {
        let id = self.links.len();
        self.links.push(LinkSpan {
            index: id,
            href: sanitize(href).trim().to_string(),
            text: String::new(),
            segments: Vec::new(),
            is_ref: false,
        });
        id
    }

    /// Normalises a finished link's text to what is drawn; a link without text shows its
    /// target so that it can still be seen and selected.
    fn close_link(&mut self, id: usize) {
        let text = collapse_whitespace(&self.links[id].text);
        if text.is_empty() {
            let href = self.links[id].href.clone();
            let style = self.inline_style().patch(self.theme.link);
            self.inlines.push(Inline::Text {
                text: href.clone(),
                style,
                link: Some(id),
            });
            self.links[id].text = collapse_whitespace(&href);
        } else {
            self.links[id].text = text;
        }
        self.push_link_number(id);
    }

    /// `[n]` after a link's text in numbered renders; not part of the link itself.
    fn push_link_number(&mut self, id: usize) {
        if self.number_links {
            self.inlines.push(Inline::Text {
                text: format!("[{}]", id + 1),
                style: self.base_style(),
                link: None,
            });
        }
    }

    fn image_link(&mut self, href: &str, alt: &str) {
        let alt = collapse_whitespace(&sanitize(alt));
        let text = if alt.is_empty() {
            "[image]".to_string()
        } else {
            format!("[image: {alt}]")
        };
        if let Some(&outer) = self.link_stack.last() {
            // A linked image (a badge): clicking it goes where the link goes, as in a browser.
            self.links[outer].text.push_str(&text);
            let style = self.inline_style();
            self.inlines.push(Inline::Text {
                text,
                style,
                link: Some(outer),
            });
            return;
        }
        let id = self.new_link(href);
        self.links[id].text = collapse_whitespace(&text);
        let style = self.inline_style().patch(self.theme.link);
        self.inlines.push(Inline::Text {
            text,
            style,
            link: Some(id),
        });
        self.push_link_number(id);
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn footnote_reference(&mut self, label: &str) {
        let label = sanitize(label).into_owned();
        let n = self.footnote_number(&label);
        let mark = format!("[{n}]");
        if let Some(image) = &mut self.image {
            image.alt.push_str(&mark);
            return;
        }
        let id = self.new_link(&format!("#fn-{label}"));
        self.links[id].text = mark.clone();
        let style = self.inline_style().patch(self.theme.link);
        self.inlines.push(Inline::Text {
            text: mark,
            style,
            link: Some(id),
        });
    }

    fn task_marker(&mut self, checked: bool) {
        let mark = if checked { "☑ " } else { "☐ " };
        let replace = self
            .containers
            .last()
            .is_some_and(|c| !c.first_used && c.kind == ContainerKind::Item { bullet: true });
        if replace {
            let style = self.theme.border;
            if let Some(c) = self.containers.last_mut() {
                c.first = vec![Piece::new(mark, style)];
            }
        } else {
            self.text(mark, self.inline_style());
        }
    }

    fn html(&mut self, chunk: &str) {
        for item in html::parse(chunk, &mut self.html) {
            match item {
                HtmlItem::Text(t) => {
                    let style = self.inline_style();
                    self.text(&t, style);
                }
                HtmlItem::Break => self.inlines.push(Inline::Break),
                HtmlItem::BlockEdge => {
                    let has_text = matches!(self.inlines.last(), Some(Inline::Text { .. }));
                    if has_text {
                        self.inlines.push(Inline::Break);
                    }
                }
                HtmlItem::Image { src, alt } => self.image_link(&src, &alt),
                HtmlItem::LinkOpen(href) => {
                    if self.image.is_none() {
                        let id = self.new_link(&href);
                        self.link_stack.push(id);
                        self.html_links.push(id);
                    }
                }
                HtmlItem::LinkClose => {
                    if let Some(id) = self.html_links.pop() {
                        self.link_stack.retain(|&l| l != id);
                        self.close_link(id);
                    }
                }
            }
        }
    }

    /// Closes `<a>` links left open at the end of a cell or block.
    fn close_html_links(&mut self) {
        while let Some(id) = self.html_links.pop() {
            self.link_stack.retain(|&l| l != id);
            self.close_link(id);
        }
    }

    // ---- blocks ----

    fn in_item(&self) -> bool {
        self.containers
            .iter()
            .any(|c| matches!(c.kind, ContainerKind::Item { .. } | ContainerKind::Footnote))
    }

    fn push_marker(&mut self, kind: ContainerKind, marker: String) {
        let w = super::layout::text_width(&marker);
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
        if self
            .containers
            .last()
            .is_some_and(|c| !c.first_used && c.kind != ContainerKind::Quote)
        {
            self.emit(Vec::new());
        }
        self.containers.pop();
    }

    /// Lays out the pending inline content as a paragraph (or a heading's text).
    fn flush(&mut self) {
        if self.block == Block::Cell {
            return;
        }
        self.close_html_links();
        if self.inlines.is_empty() {
            return;
        }
        let inlines = std::mem::take(&mut self.inlines);
        let base = self.base_style();
        for line in flow(&inlines, self.avail(), base) {
            self.emit(line);
        }
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
        let anchor = match self.heading_id.take() {
            // A repeated `{#id}` is numbered too: every anchor must lead to one place.
            Some(id) if !id.is_empty() => self.anchor_set.unique(&id),
            _ => self.anchor_set.unique(&anchor(&text)),
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
        self.anchors.push((anchor.clone(), line));
        self.headings.push(Heading {
            level,
            text,
            line,
            anchor,
        });
    }

    fn end_code_block(&mut self) {
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
        match super::chart::render_chart(text, to_col(self.avail()), self.theme) {
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
        self.close_html_links();
        let Some(t) = self.table.take() else {
            return;
        };
        self.block = Block::Flow;
        let base = self.base_style();
        for line in table::layout(&t, self.avail(), base, self.theme.border) {
            self.emit(line);
        }
    }

    // ---- lines ----

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| c.rest.iter().map(|p| p.width).sum::<usize>())
            .sum()
    }

    /// Columns left for content after the container prefixes.
    fn avail(&self) -> usize {
        let min = self.width.min(MIN_CONTENT);
        self.width.saturating_sub(self.prefix_width()).max(min)
    }

    /// The prefix for the next line; `consume` uses up first-line markers (bullets).
    fn prefix(&mut self, consume: bool) -> Vec<Piece> {
        let mut out = Vec::new();
        for c in &mut self.containers {
            if consume && !c.first_used {
                c.first_used = true;
                out.extend(c.first.iter().cloned());
            } else {
                out.extend(c.rest.iter().cloned());
            }
        }
        let room = self.width - self.avail();
        clip_plain(out, room)
    }

    /// Draws one line of content behind the container prefixes, recording link positions.
    fn emit(&mut self, pieces: Vec<Piece>) {
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
                let (start, end) = (to_col(col), to_col(col + p.width));
                let segments = &mut self.links[id].segments;
                match segments.last_mut() {
                    Some(last) if last.0 == index && last.2 == start => last.2 = end,
                    _ => segments.push((index, start, end)),
                }
            }
            col += p.width;
            spans.push(Span::styled(p.text, p.style));
        }
        self.lines.push(Line::from(spans));
        self.last_blank = false;
    }

    /// An empty line between blocks, keeping quote bars.
    fn gap(&mut self) {
        if self.lines.is_empty() || self.last_blank {
            return;
        }
        let mut prefix = self.prefix(false);
        // Trailing indent is invisible; keep the bars only.
        while let Some(last) = prefix.last_mut() {
            let trimmed = last.text.trim_end().to_string();
            if trimmed.is_empty() {
                prefix.pop();
            } else {
                last.width = super::layout::text_width(&trimmed);
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

/// The byte range of the first bare `http://` or `https://` URL in `text`: it starts at a
/// word boundary, runs to whitespace or `<`, and leaves trailing punctuation and an
/// unbalanced `)` outside, as GFM does.
fn find_bare_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("http") {
        let start = from + i;
        from = start + 4;
        let after = &text[start..];
        let scheme = if after.starts_with("https://") {
            8
        } else if after.starts_with("http://") {
            7
        } else {
            continue;
        };
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let len = after
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(after.len());
        let mut url = &after[..len];
        loop {
            let trimmed =
                url.trim_end_matches(['.', ',', ':', ';', '!', '?', '*', '_', '~', '\'', '"']);
            let trimmed = if trimmed.ends_with(')')
                && trimmed.matches(')').count() > trimmed.matches('(').count()
            {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        if url.len() > scheme {
            return Some((start, start + url.len()));
        }
    }
    None
}

fn to_col(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// Cuts pieces to `width` columns without a marker (prefixes).
fn clip_plain(pieces: Vec<Piece>, width: usize) -> Vec<Piece> {
    let mut out = Vec::new();
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
fn clip(pieces: Vec<Piece>, width: usize, marker_style: Style) -> Vec<Piece> {
    if line_width(&pieces) <= width {
        return pieces;
    }
    let mut out = clip_plain(pieces, width.saturating_sub(1));
    if width >= 1 {
        out.push(Piece::new("→", marker_style));
    }
    out
}

/// Whitespace runs to one space, trimmed: link and heading text as the wrapper draws it.
fn collapse_whitespace(s: &str) -> String {
    s.split(is_breaking_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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

#[cfg(test)]
mod tests {
    use super::find_bare_url;

    #[test]
    fn bare_urls() {
        fn url(t: &str) -> Option<&str> {
            find_bare_url(t).map(|(s, e)| &t[s..e])
        }
        assert_eq!(url("see https://a.example/x."), Some("https://a.example/x"));
        assert_eq!(
            url("(http://w.example/a_(b))."),
            Some("http://w.example/a_(b)")
        );
        assert_eq!(url("(https://w.example/a)"), Some("https://w.example/a"));
        assert_eq!(url("nohttps://x"), None);
        assert_eq!(url("https:// nothing"), None);
        assert_eq!(url("plain text"), None);
    }
}
