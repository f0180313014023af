//! The notice that replaces the panes when the terminal is too small to use.

use ratatui::buffer::Buffer;

use super::render;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};

pub fn draw(buf: &mut Buffer, area: Rect) {
    let text = format!(
        "Terminal too small: paap needs at least {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}. Enlarge the window or press q to quit.",
        area.width, area.height
    );
    let top = area.height / 3;
    let area = Rect {
        y: area.y + top.min(area.height),
        height: area.height - top,
        ..area
    };
    render(
        buf,
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
