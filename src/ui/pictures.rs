//! Pictures in the document pane: each picture block on screen drawn into the rows the
//! renderer reserved for it, from the terminal image the runtime made; while it is being
//! made, or when it could not be, a short note in its place.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};

use crate::app::App;
use crate::app::RenderedDoc;
use crate::app::pictures::{self, Drawing};
use crate::markdown::{ImageBlock, sanitize};

pub fn draw(app: &App, buf: &mut Buffer, rendered: &RenderedDoc, body: Rect) {
    let top = app.scroll();
    let height = usize::from(body.height);
    for (index, block) in pictures::visible(&rendered.rendered, top, height) {
        match app.pictures().placed(rendered.stamp, index) {
            Some(Drawing::Ready(encoded)) => draw_picture(&encoded.0, block, top, buf, body),
            Some(Drawing::Failed(why)) => note(
                &format!("(image not shown: {})", sanitize(why)),
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

/// The picture in its rows, only those on screen when it is scrolled part way: every
/// protocol can be cut to rows (half blocks copy their rows, kitty places the rows it
/// needs, sixel keeps the bands of those rows, iTerm2 sends one image a row).
fn draw_picture(
    sliced: &SlicedProtocol,
    block: &ImageBlock,
    top: usize,
    buf: &mut Buffer,
    body: Rect,
) {
    let (Ok(col), true) = (i16::try_from(block.col), block.col < body.width) else {
        return;
    };
    // Rows above the pane's top count from it upwards.
    let row = if block.line >= top {
        i16::try_from(block.line - top)
    } else {
        i16::try_from(top - block.line).map(|above| -above)
    };
    let Ok(row) = row else {
        return;
    };
    SlicedImage::new(sliced, SignedPosition::from((col, row))).render(body, buf);
}

/// A one-line note on the picture's first row on screen.
fn note(text: &str, block: &ImageBlock, top: usize, buf: &mut Buffer, body: Rect, app: &App) {
    let line = block.line.max(top);
    let y = body.y + (line - top) as u16;
    let width = usize::from(body.width.saturating_sub(block.col));
    buf.set_stringn(body.x + block.col, y, text, width, app.theme().muted);
}
