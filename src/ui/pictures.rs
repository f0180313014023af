//! Pictures in the document pane: each picture block on screen drawn into the rows the
//! renderer reserved for it, from the terminal image the runtime made; while it is being
//! made, or when it could not be, a short note in its place.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::Image;
use ratatui_image::protocol::Protocol;

use crate::app::App;
use crate::app::RenderedDoc;
use crate::app::pictures::{self, Drawing};
use crate::markdown::ImageBlock;

pub fn draw(app: &App, buf: &mut Buffer, rendered: &RenderedDoc, body: Rect) {
    let top = app.scroll();
    let height = usize::from(body.height);
    let doc = app.current_doc().and_then(|d| d.path.as_deref());
    for block in pictures::visible(&rendered.rendered, top, height) {
        let drawing = app
            .pictures()
            .key(doc, block)
            .and_then(|k| app.pictures().drawing(&k));
        match drawing {
            Some(Drawing::Ready(encoded)) => draw_picture(&encoded.0, block, top, buf, body),
            Some(Drawing::Failed(why)) => note(
                &format!("(image not shown: {why})"),
                block,
                top,
                buf,
                body,
                app,
            ),
            Some(Drawing::Pending) | None => note("(loading image…)", block, top, buf, body, app),
        }
    }
}

/// The picture in its rows; only its rows on screen when it is scrolled part way (drawn
/// whole off screen, then copied: half blocks are plain cells). A terminal graphics
/// protocol cannot be cut so, and shows only when the whole picture is on screen.
fn draw_picture(protocol: &Protocol, block: &ImageBlock, top: usize, buf: &mut Buffer, body: Rect) {
    let full = Rect::new(0, 0, block.cols, block.rows);
    let first = block.line;
    let last = block.line + usize::from(block.rows);
    let whole = first >= top && last <= top + usize::from(body.height);
    if whole {
        let area = Rect::new(
            body.x + block.col,
            body.y + (first - top) as u16,
            block.cols.min(body.width.saturating_sub(block.col)),
            block.rows,
        );
        Image::new(protocol).render(area, buf);
        return;
    }
    if !matches!(protocol, Protocol::Halfblocks(_)) {
        return;
    }
    let mut scratch = Buffer::empty(full);
    Image::new(protocol).render(full, &mut scratch);
    for row in 0..block.rows {
        let line = first + usize::from(row);
        if line < top || line >= top + usize::from(body.height) {
            continue;
        }
        let y = body.y + (line - top) as u16;
        for col in 0..block.cols.min(body.width.saturating_sub(block.col)) {
            if let (Some(from), Some(to)) = (
                scratch.cell((col, row)),
                buf.cell_mut((body.x + block.col + col, y)),
            ) {
                *to = from.clone();
            }
        }
    }
}

/// A one-line note on the picture's first row on screen.
fn note(text: &str, block: &ImageBlock, top: usize, buf: &mut Buffer, body: Rect, app: &App) {
    let line = block.line.max(top);
    let y = body.y + (line - top) as u16;
    let width = usize::from(body.width.saturating_sub(block.col));
    buf.set_stringn(body.x + block.col, y, text, width, app.theme().muted);
}
