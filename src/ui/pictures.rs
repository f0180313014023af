//! Pictures in the document pane: each picture block on screen drawn into the rows the
//! renderer reserved for it, from the terminal image the runtime made; while it is being
//! made, or when it could not be, a short note in its place.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};

use crate::app::App;
use crate::app::RenderedDoc;
use crate::app::pictures::{self, Drawing, Drawn};
use crate::markdown::ImageBlock;

pub fn draw(app: &App, buf: &mut Buffer, rendered: &RenderedDoc, body: Rect) {
    let top = app.scroll();
    let height = usize::from(body.height);
    for (index, block) in pictures::visible(&rendered.rendered, top, height) {
        match app.pictures().placed(rendered.stamp, index) {
            Some(Drawing::Ready(encoded)) => match &*encoded.0 {
                Drawn::Cells { width, cells } => copy_rows(cells, *width, block, top, buf, body),
                Drawn::Protocol(sliced) => draw_picture(sliced, block, top, buf, body),
            },
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

/// Half blocks: the picture's rows that are on screen, copied cell for cell.
fn copy_rows(
    cells: &[Cell],
    width: u16,
    block: &ImageBlock,
    top: usize,
    buf: &mut Buffer,
    body: Rect,
) {
    let x = body.x + block.col;
    let shown = usize::from(width.min(body.width.saturating_sub(block.col)));
    for (row, line) in cells.chunks(usize::from(width).max(1)).enumerate() {
        let Some(y) = (block.line + row)
            .checked_sub(top)
            .filter(|&y| y < usize::from(body.height))
        else {
            continue;
        };
        let start = buf.index_of(x, body.y + y as u16);
        buf.content[start..start + shown].clone_from_slice(&line[..shown]);
    }
}

/// A graphics protocol's picture in its rows, only those on screen when it is scrolled
/// part way: kitty places the rows it needs, sixel keeps the bands of those rows,
/// iTerm2 sends one image a row.
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
