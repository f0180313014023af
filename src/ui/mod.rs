//! Drawing: `view(&App, &mut Frame)`, one module per pane. Views only read the state;
//! expensive layout (markdown rendering) was done by `update` and is cached in `App`.

mod document;
mod help;
mod library;
mod side;
mod status;
mod too_small;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::{App, Focus};

/// Draws the whole screen for `app`.
pub fn view(app: &App, frame: &mut Frame) {
    let layout = app.layout();
    let screen = frame.area();
    // The state's size and the frame's can disagree for one frame after a resize:
    // every area is clipped to the frame so drawing never goes out of bounds.
    let clip = |r: Rect| r.intersection(screen);
    if layout.too_small
        || screen.width < crate::app::layout::MIN_WIDTH
        || screen.height < crate::app::layout::MIN_HEIGHT
    {
        too_small::draw(frame, screen);
        return;
    }
    library::draw(app, frame, &layout, clip);
    document::draw(app, frame, &layout, clip);
    side::draw(app, frame, &layout, clip);
    status::draw(app, frame, clip(layout.status));
    if app.help().is_some() {
        help::draw(app, frame, clip(app.help_area()));
    }
}

/// A pane's border: bold and coloured when it has focus.
fn pane_block<'a>(app: &App, pane: Focus, title: String) -> Block<'a> {
    let focused = app.focus() == pane;
    let theme = app.theme();
    let border = if focused {
        if theme.color {
            theme.heading[1]
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    } else {
        theme.muted
    };
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(title)
}

/// `text` cut to `width` display columns, with `…` when something was cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello", 4), "hel…");
        assert_eq!(fit("日本語", 4), "日…");
        assert_eq!(fit("x", 0), "");
    }
}
