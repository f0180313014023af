//! The bookmarks and recently read overlay (`'`): bookmarks newest first, then the
//! documents read most recently, each with the line it opens at.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::{fit, render};
use crate::app::{Action, App, MemoryItem, OverlayRow};
use crate::text;

pub fn draw(app: &App, buf: &mut Buffer) {
    let Some(overlay) = app.memory_overlay() else {
        return;
    };
    let area = app.memory_overlay_area();
    let theme = app.theme();
    let rows = app.memory_overlay_rows();
    let items = app.memory_items();
    let inner = crate::app::layout::inner(area);
    let block = Block::bordered()
        .title(" Bookmarks & recently read ")
        .title_bottom(Line::from(format!(" {} ", key_hints(app))).right_aligned());
    render(buf, Clear, area);
    render(buf, block, area);

    let width = inner.width as usize;
    let visible = rows.iter().skip(overlay.offset).take(inner.height as usize);
    for (y, row) in (inner.y..).zip(visible) {
        let line = match row {
            OverlayRow::Heading(text) => Line::from(Span::styled(
                fit(text, width),
                Style::new().add_modifier(Modifier::BOLD),
            )),
            OverlayRow::Note(text) => Line::from(Span::styled(fit(text, width), theme.muted)),
            OverlayRow::Item(index) => match items.get(*index) {
                Some(item) => item_line(app, item, width),
                None => continue,
            },
        };
        buf.set_line(inner.x, y, &line, inner.width);
        if *row == OverlayRow::Item(overlay.selected) {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                theme.highlight,
            );
        }
    }
}

/// "  Title ………… line 12": the title cut to leave room for the position on the right.
fn item_line<'a>(app: &App, item: &MemoryItem, width: usize) -> Line<'a> {
    let theme = app.theme();
    let (title, position, style) = match item {
        MemoryItem::Bookmark {
            doc: Some(doc),
            line,
            ..
        } => (
            app.library().doc(*doc).title.clone(),
            format!("line {}", line + 1),
            theme.text,
        ),
        MemoryItem::Bookmark {
            doc: None,
            title,
            line,
            ..
        } => (
            format!("{title} (not loaded)"),
            format!("line {}", line + 1),
            theme.muted,
        ),
        MemoryItem::Recent { doc, line } => (
            app.library().doc(*doc).title.clone(),
            match line {
                Some(line) => format!("line {}", line + 1),
                None => "start".to_string(),
            },
            theme.text,
        ),
    };
    let position = format!(" {position} ");
    let room = width.saturating_sub(text::width(&position) + 2);
    let title = fit(&title, room);
    let gap = width.saturating_sub(text::width(&title) + text::width(&position) + 2);
    Line::from(vec![
        Span::styled(format!("  {title}{}", " ".repeat(gap)), style),
        Span::styled(position, theme.muted),
    ])
}

/// "Enter open · d remove · Esc close", from the key map.
fn key_hints(app: &App) -> String {
    let key = |action: &Action| app.keymap().keys_for(action).first().map(|k| k.to_string());
    [
        (Action::Activate, "open"),
        (Action::DeleteBookmark, "remove"),
        (Action::Escape, "close"),
    ]
    .iter()
    .filter_map(|(action, word)| key(action).map(|k| format!("{k} {word}")))
    .collect::<Vec<_>>()
    .join(" · ")
}
