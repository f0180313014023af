//! The library pane: tabs, then one row per document, newest first. A row is the kind,
//! the title (on a second line when it does not fit on one) and the date at the end of
//! its last line, as `app::rows` lays it out.

use crate::text::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{pane_block, render};
use crate::app::rows::RowText;
use crate::app::{App, Focus, Layout};

pub fn draw(app: &App, buf: &mut Buffer, layout: &Layout) {
    if layout.library.width == 0 {
        return;
    }
    let theme = app.theme();
    let title = format!(" Library ({}) ", app.rows().len());
    render(buf, pane_block(app, Focus::Library, title), layout.library);
    draw_tabs(app, buf, layout.tabs);

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
    for (row, y) in app.visible_rows(list.height as usize) {
        if let Some(text) = app.row_text(row) {
            draw_row(app, buf, list, row, list.y + y as u16, &text);
        }
    }
}

fn draw_tabs(app: &App, buf: &mut Buffer, area: Rect) {
    let mut tabs = Vec::new();
    for (tab, label) in app.tab_labels(area.width) {
        if !tabs.is_empty() {
            tabs.push(Span::raw(" "));
        }
        let style = if tab == app.tab() {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            app.theme().muted
        };
        tabs.push(Span::styled(label, style));
    }
    buf.set_line(area.x, area.y, &Line::from(tabs), area.width);
}

/// One row at `y`: its lines inside `list`, highlighted when selected.
fn draw_row(app: &App, buf: &mut Buffer, list: Rect, row: usize, y: u16, text: &RowText) {
    let theme = app.theme();
    let selected = row == app.selected_row();
    let base = if selected && app.focus() == Focus::Library {
        theme.highlight
    } else if selected {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        theme.text
    };
    let meta = if selected { base } else { theme.muted };
    let height = (text.lines.len() as u16).min(list.bottom().saturating_sub(y));
    if selected {
        buf.set_style(Rect { y, height, ..list }, base);
    }
    let indent = " ".repeat(width(&text.kind));
    for (i, line) in text.lines.iter().enumerate().take(height as usize) {
        let lead = if i == 0 {
            text.kind.clone()
        } else {
            indent.clone()
        };
        let spans = vec![Span::styled(lead, meta), Span::styled(line.clone(), base)];
        buf.set_line(list.x, y + i as u16, &Line::from(spans), list.width);
    }
    // The date at the right end of the last line.
    if let Some(date) = &text.date
        && height as usize == text.lines.len()
    {
        let x = list.right().saturating_sub(width(date) as u16);
        let last = y + height - 1;
        buf.set_stringn(x, last, date, width(date), meta);
    }
}
