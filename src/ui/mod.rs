//! Drawing: `view(&App, &mut Frame)`, one module per pane. Views only read the state;
//! expensive layout (markdown rendering) was done by `update` and is cached in `App`.

mod bookmarks;
mod document;
mod find;
mod help;
mod library;
mod pictures;
mod search;
mod side;
mod status;
mod too_small;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use ratatui::widgets::{Block, BorderType};

use crate::app::{App, Focus};

/// Draws the whole screen for `app`.
pub fn view(app: &App, frame: &mut Frame) {
    let (width, height) = app.size();
    let screen = Rect::new(0, 0, width, height);
    if frame.area() == screen {
        draw(app, frame.buffer_mut());
        return;
    }
    // The frame can differ from the state's size for one frame after a resize (the
    // Resize action has not arrived yet): draw at the state's size, copy what overlaps.
    let mut buf = Buffer::empty(screen);
    draw(app, &mut buf);
    let target = frame.area();
    let overlap = target.intersection(screen);
    for y in overlap.top()..overlap.bottom() {
        for x in overlap.left()..overlap.right() {
            frame.buffer_mut()[(x, y)] = buf[(x, y)].clone();
        }
    }
}

/// Draws `app` into `buf`, which covers exactly `app.size()`.
pub fn draw(app: &App, buf: &mut Buffer) {
    let layout = app.layout();
    if layout.too_small {
        too_small::draw(buf, layout.screen);
        return;
    }
    library::draw(app, buf, &layout);
    document::draw(app, buf, &layout);
    find::draw_matches(app, buf, &layout);
    side::draw(app, buf, &layout);
    status::draw(app, buf, layout.status);
    find::draw_prompt(app, buf, layout.status);
    search::draw(app, buf);
    bookmarks::draw(app, buf);
    if app.help().is_some() {
        help::draw(app, buf, app.help_area());
    }
    drop_bidi_controls(buf);
}

/// The TUI's last gate, for text that does not come from a document (state.json, file
/// names, error messages). ratatui already drops every grapheme that holds a C0, DEL or C1
/// control; a bidi control is not one to it and ends up appended to a cell. Only cells
/// beyond ASCII are looked at, and only bidi controls are dropped: a picture's cell holds
/// its escape sequence (a kitty placeholder cell is the placeholder character and the
/// sequence), which must stay whole.
fn drop_bidi_controls(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let symbol = cell.symbol();
        if symbol.is_ascii() || !symbol.chars().any(crate::text::is_bidi_control) {
            continue;
        }
        let kept: String = symbol
            .chars()
            .filter(|&c| !crate::text::is_bidi_control(c))
            .collect();
        cell.set_symbol(if kept.is_empty() { " " } else { &kept });
    }
}

/// Renders a widget into the buffer.
fn render(buf: &mut Buffer, widget: impl Widget, area: Rect) {
    widget.render(area, buf);
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
    crate::text::truncate(text, width).into_owned()
}
