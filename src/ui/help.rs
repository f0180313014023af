//! The help overlay: every binding, generated from the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::{fit, render};
use crate::app::{Action, App};

pub fn draw(app: &App, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    let lines = app.help_lines();
    let scroll = app.help().unwrap_or(0);
    let inner_height = area.height.saturating_sub(2) as usize;
    let more = scroll + inner_height < lines.len();
    let mut block = Block::bordered().title(format!(
        " Keys · {} closes ",
        keys(app, &[Action::Help, Action::Escape], " or ")
    ));
    if more {
        let down: Vec<String> = app
            .keymap()
            .keys_for(&Action::Down)
            .iter()
            .take(2)
            .map(|k| k.to_string())
            .collect();
        let down = down.join("/");
        block = block.title_bottom(Line::from(format!(" {down} more ")).right_aligned());
    }
    render(buf, Clear, area);
    render(buf, block, area);
    let inner = crate::app::layout::inner(area);
    let key_width = lines
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(22);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    for (y, (keys, what)) in (inner.y..inner.bottom()).zip(lines.iter().skip(scroll)) {
        let line = Line::from(vec![
            Span::styled(format!(" {:<key_width$}  ", fit(keys, key_width)), bold),
            Span::styled(what.clone(), theme.text),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// The first key of each of `actions` that has one, joined: help follows remapping, so a
/// title cannot name a key that no longer does the job ("? or Esc closes", "j/↓ more").
fn keys(app: &App, actions: &[Action], between: &str) -> String {
    let names: Vec<String> = actions
        .iter()
        .filter_map(|a| app.keymap().keys_for(a).first().map(|k| k.to_string()))
        .collect();
    names.join(between)
}
