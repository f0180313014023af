//! The library pane: tabs, then one row per document (kind, date, title), newest first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{fit, pane_block, render};
use crate::app::{App, Focus, Layout, Tab};
use crate::markdown::sanitize;

pub fn draw(app: &App, buf: &mut Buffer, layout: &Layout) {
    let theme = app.theme();
    let title = format!(" Library ({}) ", app.rows().len());
    render(buf, pane_block(app, Focus::Library, title), layout.library);

    let mut tabs = Vec::new();
    for tab in Tab::ALL {
        if !tabs.is_empty() {
            tabs.push(Span::raw(" "));
        }
        let style = if tab == app.tab() {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            theme.muted
        };
        tabs.push(Span::styled(tab.label(), style));
    }
    let tabs_area = layout.tabs;
    buf.set_line(tabs_area.x, tabs_area.y, &Line::from(tabs), tabs_area.width);

    let list = layout.list;
    if app.rows().is_empty() {
        let note = if app.library().docs().is_empty() {
            "No documents loaded."
        } else {
            "Nothing under this tab."
        };
        buf.set_stringn(list.x, list.y, note, list.width as usize, theme.muted);
        return;
    }
    let width = list.width as usize;
    // Full dates when there is room for a readable title beside them.
    let date_width = if width >= 34 { 10 } else { 7 };
    let visible = app
        .rows()
        .iter()
        .enumerate()
        .skip(app.list_offset())
        .take(list.height as usize);
    for (y, (row, &doc_index)) in (list.y..).zip(visible) {
        let doc = app.library().doc(doc_index);
        let date = doc
            .date
            .map(|d| d.format("%Y-%m-%d").to_string()[..date_width].to_string())
            .unwrap_or_else(|| " ".repeat(date_width));
        let title_width = width.saturating_sub(date_width + 6);
        let selected = row == app.selected_row();
        let base = if selected && app.focus() == Focus::Library {
            theme.highlight
        } else if selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            theme.text
        };
        let meta = if selected { base } else { theme.muted };
        let line = Line::from(vec![
            Span::styled(format!("{:<4} ", doc.kind.short_name()), meta),
            Span::styled(format!("{date} "), meta),
            Span::styled(fit(&sanitize(&doc.title), title_width), base),
        ]);
        if selected {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..list
                },
                base,
            );
        }
        buf.set_line(list.x, y, &line, list.width);
    }
}
