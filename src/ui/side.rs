//! The side pane: the outline, the links, or the backlinks of the current document.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::{fit, pane_block, render};
use crate::app::{App, Focus, Layout, SideItem};
use crate::content::Target;

pub fn draw(app: &App, buf: &mut Buffer, layout: &Layout) {
    let Some(area) = layout.side else {
        return;
    };
    let theme = app.theme();
    if layout.side_is_overlay {
        render(buf, Clear, area);
    }
    let title = format!(" {} (t) ", app.side_mode().title());
    render(buf, pane_block(app, Focus::Side, title), area);

    let list = layout.side_list;
    let items = app.side_items();
    if items.is_empty() {
        let note = match app.side_mode() {
            crate::app::SideMode::Outline => "No headings.",
            crate::app::SideMode::Links => "No links.",
            _ => "Nothing links here.",
        };
        buf.set_stringn(list.x, list.y, note, list.width as usize, theme.muted);
        return;
    }
    let width = list.width as usize;
    let visible = items
        .iter()
        .enumerate()
        .skip(app.side_offset())
        .take(list.height as usize);
    for (y, (i, item)) in (list.y..).zip(visible) {
        let line = match item {
            SideItem::Heading { level, text, .. } => {
                let indent = "  ".repeat(level.saturating_sub(1) as usize);
                let text = fit(&format!("{indent}{text}"), width);
                let style = if *level <= 2 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    theme.text
                };
                Line::from(Span::styled(text, style))
            }
            SideItem::Link {
                text, href, target, ..
            } => {
                let (marker, style, label) = match target {
                    Target::Doc { index, .. } => (
                        if theme.color { "→" } else { ">" },
                        theme.link,
                        app.library().doc(*index).title.clone(),
                    ),
                    Target::External(_) => (
                        if theme.color { "↗" } else { "^" },
                        theme.link,
                        if text.is_empty() { href } else { text }.clone(),
                    ),
                    Target::Missing(_) => (
                        if theme.color { "✗" } else { "!" },
                        theme.muted.add_modifier(Modifier::CROSSED_OUT),
                        href.clone(),
                    ),
                };
                Line::from(vec![
                    Span::raw(format!("{marker} ")),
                    Span::styled(fit(&label, width.saturating_sub(2)), style),
                ])
            }
            SideItem::Backlink { doc } => Line::from(fit(&app.library().doc(*doc).title, width)),
        };
        let row = Rect {
            y,
            height: 1,
            ..list
        };
        buf.set_line(list.x, y, &line, list.width);
        if i == app.side_selected() && app.focus() == Focus::Side {
            buf.set_style(row, theme.highlight);
        }
    }
}
