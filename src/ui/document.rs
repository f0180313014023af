//! The document pane: a header (title, kind, date, authors, tags) over the rendered body,
//! with the selected link and link hints drawn on top, and the scroll position in the border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::{fit, pane_block, render};
use crate::app::{App, Focus, Layout};
use crate::markdown::sanitize;

pub fn draw(app: &App, buf: &mut Buffer, layout: &Layout) {
    let theme = app.theme();
    let mut block = pane_block(app, Focus::Document, " Document ".into());
    let rendered = app.rendered();
    if let Some(r) = rendered {
        let total = r.rendered.lines.len();
        let height = layout.doc_body.height as usize;
        let position = if total <= height {
            "all".to_string()
        } else {
            let last = (app.scroll() + height).min(total);
            format!(
                "{}–{}/{} {}%",
                app.scroll() + 1,
                last,
                total,
                last * 100 / total.max(1)
            )
        };
        block = block.title_bottom(Line::from(format!(" {position} ")).right_aligned());
    }
    render(buf, block, layout.document);

    let Some(doc) = app.current_doc() else {
        let body = layout.doc_body;
        let note = if app.library().docs().is_empty() {
            "No documents loaded. Add markdown with --content DIR."
        } else {
            "Select a document in the library."
        };
        buf.set_stringn(body.x, body.y, note, body.width as usize, theme.muted);
        return;
    };

    let header = layout.doc_header;
    let width = header.width as usize;
    let mut header_lines = vec![Line::styled(
        fit(&sanitize(&doc.title), width.saturating_sub(1)),
        theme.heading[0],
    )];
    let mut meta = vec![doc.kind.name().to_string()];
    if let Some(date) = doc.date {
        meta.push(date.format("%Y-%m-%d").to_string());
    }
    if !doc.authors.is_empty() {
        let authors: Vec<String> = doc
            .authors
            .iter()
            .map(|a| sanitize(a).into_owned())
            .collect();
        meta.push(format!("by {}", authors.join(", ")));
    }
    header_lines.push(Line::styled(
        fit(&meta.join(" · "), width.saturating_sub(1)),
        theme.muted,
    ));
    let tags: Vec<String> = doc
        .tags
        .iter()
        .map(|t| format!("#{}", sanitize(t)))
        .collect();
    header_lines.push(Line::styled(
        fit(&tags.join(" "), width.saturating_sub(1)),
        theme.muted,
    ));
    header_lines.push(Line::styled("─".repeat(width), theme.muted));
    for (y, line) in (header.y..header.bottom()).zip(&header_lines) {
        buf.set_line(header.x + 1, y, line, header.width.saturating_sub(1));
    }

    let body = layout.doc_body;
    let Some(rendered) = rendered else {
        return;
    };
    let top = app.scroll();
    let visible = rendered
        .rendered
        .lines
        .iter()
        .skip(top)
        .take(body.height as usize);
    for (y, line) in (body.y..).zip(visible) {
        buf.set_line(body.x, y, line, body.width);
    }

    let on_screen = |line: usize, start: u16, end: u16| -> Option<Rect> {
        if line < top || line >= top + body.height as usize || start >= body.width {
            return None;
        }
        let y = body.y + (line - top) as u16;
        let end = end.min(body.width);
        Some(Rect::new(body.x + start, y, end.saturating_sub(start), 1))
    };
    if let Some(link) = app
        .selected_link()
        .and_then(|i| rendered.rendered.links.get(i))
    {
        for &(line, start, end) in &link.segments {
            if let Some(area) = on_screen(line, start, end) {
                buf.set_style(area, theme.link_selected);
            }
        }
    }
    if let Some(hints) = app.hints() {
        let label_style = theme.highlight.add_modifier(Modifier::BOLD);
        for (label, index) in &hints.labels {
            let Some(link) = rendered.rendered.links.get(*index) else {
                continue;
            };
            let Some(&(line, start, end)) = link
                .segments
                .iter()
                .find(|s| on_screen(s.0, s.1, s.2).is_some())
            else {
                continue;
            };
            if let Some(area) = on_screen(line, start, end.max(start + label.len() as u16)) {
                let typed = hints.typed.as_str();
                let shown = Span::styled(
                    label.clone(),
                    if label.starts_with(typed) {
                        label_style
                    } else {
                        theme.muted
                    },
                );
                buf.set_span(area.x, area.y, &shown, area.width);
            }
        }
    }
}
