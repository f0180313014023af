//! Find highlights in the document pane and the `Ctrl-f` prompt in the status line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::find::matches_on_line;
use crate::app::{App, Layout};

/// Marks every match on the visible lines; the current match is bold and underlined too.
pub fn draw_matches(app: &App, buf: &mut Buffer, layout: &Layout) {
    let (Some(find), Some(rendered)) = (app.find(), app.rendered()) else {
        return;
    };
    let theme = app.theme();
    let body = layout.doc_body;
    let top = app.scroll();
    let current = find
        .current
        .and_then(|i| app.find_matches().get(i).copied());
    let lines = rendered.rendered.lines.iter().enumerate();
    for (y, (index, line)) in (body.y..body.bottom()).zip(lines.skip(top)) {
        for m in matches_on_line(&find.pattern, index, line) {
            if m.start >= body.width {
                continue;
            }
            let end = m.end.min(body.width);
            let style = if Some(m) == current {
                theme
                    .highlight
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                theme.highlight
            };
            buf.set_style(Rect::new(body.x + m.start, y, end - m.start, 1), style);
        }
    }
}

/// "Find: text█  3 matches · Enter · Esc" over the status line while the prompt is open.
pub fn draw_prompt(app: &App, buf: &mut Buffer, area: Rect) {
    let Some(find) = app.find().filter(|_| app.find_prompt_open()) else {
        return;
    };
    let theme = app.theme();
    let count = app.find_matches().len();
    let text = find.prompt_text();
    let info = match (text.is_empty(), count) {
        (true, _) => "type to find · Esc cancels".to_string(),
        (false, 0) => "no match · Esc cancels".to_string(),
        (false, 1) => "1 match · Enter · Esc".to_string(),
        (false, n) => format!("{n} matches · Enter · Esc"),
    };
    let width = area.width as usize;
    let room = width.saturating_sub(info.chars().count() + 11);
    let line = Line::from(vec![
        Span::styled(" Find: ", theme.heading[1]),
        Span::styled(tail(text, room), theme.text),
        Span::styled("█", theme.text),
        Span::styled(format!("  {info}"), theme.muted),
    ]);
    buf.set_string(area.x, area.y, " ".repeat(width), theme.text);
    buf.set_line(area.x, area.y, &line, area.width);
}

/// The end of `text` that fits in `width` columns: while typing, the end is what matters.
pub(super) fn tail(text: &str, width: usize) -> String {
    crate::text::tail(text, width).to_string()
}
