//! The document pane: a header (title, kind, date, authors, tags) over the rendered body,
//! with the selected link and link hints drawn on top, and the scroll position in the
//! border. In reading mode it has the whole screen, its text centred.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::{fit, pane_block, render};
use crate::app::{App, Focus, Layout, RenderedDoc};
use crate::content::Doc;

pub fn draw(app: &App, buf: &mut Buffer, layout: &Layout) {
    let title = if app.full_document() {
        " Reading ".to_string()
    } else {
        " Document ".to_string()
    };
    let mut block = pane_block(app, Focus::Document, title);
    let rendered = app.rendered();
    if let Some(r) = rendered {
        let position = position_text(app, r, layout.doc_body.height as usize);
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
        buf.set_stringn(body.x, body.y, note, body.width as usize, app.theme().muted);
        return;
    };
    draw_header(app, buf, doc, layout.doc_header);
    let Some(rendered) = rendered else {
        return;
    };
    draw_body(app, buf, rendered, layout.doc_body);
    super::pictures::draw(app, buf, rendered, layout.doc_body);
    draw_selected_link(app, buf, rendered, layout.doc_body);
    draw_hints(app, buf, rendered, layout.doc_body);
}

/// "12–40/120 33%", or "all" when the whole document fits.
fn position_text(app: &App, r: &RenderedDoc, height: usize) -> String {
    let total = r.rendered.lines.len();
    if total <= height {
        return "all".to_string();
    }
    let last = (app.scroll() + height).min(total);
    format!(
        "{}–{}/{} {}%",
        app.scroll() + 1,
        last,
        total,
        last * 100 / total.max(1)
    )
}

/// Title, then kind · date · authors, then tags, then a rule.
fn draw_header(app: &App, buf: &mut Buffer, doc: &Doc, header: Rect) {
    let theme = app.theme();
    let width = header.width as usize;
    let mut meta = vec![doc.kind.name().to_string()];
    if let Some(date) = doc.date {
        meta.push(date.format("%Y-%m-%d").to_string());
    }
    if !doc.authors.is_empty() {
        meta.push(format!("by {}", doc.authors.join(", ")));
    }
    // A summary whose original `paap sync` fetched, or an original with its summary.
    if let Some(current) = app.current() {
        let library = app.library();
        if library.original_of(current).is_some() {
            meta.push("original offline: O".to_string());
        } else if !library.summaries_of(current).is_empty() {
            meta.push("summary: O".to_string());
        }
    }
    let tags: Vec<String> = doc.tags.iter().map(|t| format!("#{t}")).collect();
    let room = width.saturating_sub(1);
    let lines = [
        Line::styled(fit(&doc.title, room), theme.heading[0]),
        Line::styled(fit(&meta.join(" · "), room), theme.muted),
        Line::styled(fit(&tags.join(" "), room), theme.muted),
        Line::styled("─".repeat(width), theme.muted),
    ];
    for (y, line) in (header.y..header.bottom()).zip(&lines) {
        buf.set_line(header.x + 1, y, line, header.width.saturating_sub(1));
    }
}

fn draw_body(app: &App, buf: &mut Buffer, rendered: &RenderedDoc, body: Rect) {
    let visible = rendered
        .rendered
        .lines
        .iter()
        .skip(app.scroll())
        .take(body.height as usize);
    for (y, line) in (body.y..).zip(visible) {
        buf.set_line(body.x, y, line, body.width);
    }
}

/// The cells of rendered `line` from column `start` to `end`, if they are on screen.
fn on_screen(app: &App, body: Rect, line: usize, start: u16, end: u16) -> Option<Rect> {
    let top = app.scroll();
    if line < top || line >= top + body.height as usize || start >= body.width {
        return None;
    }
    let y = body.y + (line - top) as u16;
    let end = end.min(body.width);
    Some(Rect::new(body.x + start, y, end.saturating_sub(start), 1))
}

fn draw_selected_link(app: &App, buf: &mut Buffer, rendered: &RenderedDoc, body: Rect) {
    let Some(link) = app
        .selected_link()
        .and_then(|i| rendered.rendered.links.get(i))
    else {
        return;
    };
    for &(line, start, end) in &link.segments {
        if let Some(area) = on_screen(app, body, line, start, end) {
            buf.set_style(area, app.theme().link_selected);
        }
    }
}

/// Each hint label over the first visible segment of its link; labels that no longer
/// match what was typed are dimmed.
fn draw_hints(app: &App, buf: &mut Buffer, rendered: &RenderedDoc, body: Rect) {
    let Some(hints) = app.hints() else {
        return;
    };
    let theme = app.theme();
    let label_style = theme.highlight.add_modifier(Modifier::BOLD);
    for (label, index) in &hints.labels {
        let Some(link) = rendered.rendered.links.get(*index) else {
            continue;
        };
        let Some(&(line, start, end)) = link
            .segments
            .iter()
            .find(|s| on_screen(app, body, s.0, s.1, s.2).is_some())
        else {
            continue;
        };
        let width = end.max(start + label.len() as u16);
        if let Some(area) = on_screen(app, body, line, start, width) {
            let style = if label.starts_with(hints.typed.as_str()) {
                label_style
            } else {
                theme.muted
            };
            let shown = Span::styled(label.clone(), style);
            buf.set_span(area.x, area.y, &shown, area.width);
        }
    }
}
