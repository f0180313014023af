//! Pictures as blocks: how many rows and columns an image takes in the document, from its
//! size in pixels. The renderer only reserves the cells; the TUI draws into them.

/// A cell shows about this many pixels across and down at a usual font size (the
/// half-block fallback's assumption too): cells are twice as tall as wide.
const CELL_PX: (u64, u64) = (10, 20);

/// What the renderer is told about an image's target, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PictureSize {
    /// Not a local picture, or not known yet: drawn as text.
    Unknown,
    /// Width and height in pixels, from the file's header.
    Pixels(u32, u32),
    /// A local picture that cannot be shown, and why ("file not found"): its alt text is
    /// drawn with this note.
    Broken(String),
}

/// What the renderer may know about the pictures of a document.
pub struct Pictures<'a> {
    /// The size of the picture an image target (as written) names.
    pub size: &'a (dyn Fn(&str) -> PictureSize + Sync),
    /// The most rows one picture may take (the pane's height, less its caption).
    pub max_rows: u16,
}

impl Pictures<'_> {
    /// No pictures: every image is its alt text.
    pub fn none() -> Pictures<'static> {
        Pictures {
            size: &|_| PictureSize::Unknown,
            max_rows: 0,
        }
    }
}

/// A picture laid out as a block: the rows `line..line + rows` are empty but for their
/// container prefixes, and the caption follows on the next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageBlock {
    /// Index of the image's link in [`super::Rendered::links`].
    pub link: usize,
    /// The target as written (what the TUI resolves to a file).
    pub written: String,
    /// The first reserved row.
    pub line: usize,
    /// The column where the picture starts (after quote bars and list indents).
    pub col: u16,
    pub cols: u16,
    pub rows: u16,
}

/// The cells a picture of `pixels` takes: its natural size (never enlarged), shrunk to
/// `avail` columns and `max_rows` rows with its aspect ratio kept. `None` for an empty
/// picture or no room.
pub(crate) fn cells(pixels: (u32, u32), avail: usize, max_rows: u16) -> Option<(u16, u16)> {
    let (w, h) = (u64::from(pixels.0), u64::from(pixels.1));
    let max_cols = u64::try_from(avail)
        .unwrap_or(u64::MAX)
        .min(u64::from(u16::MAX));
    if w == 0 || h == 0 || max_cols == 0 || max_rows == 0 {
        return None;
    }
    let mut cols = w.div_ceil(CELL_PX.0).clamp(1, max_cols);
    // rows = cols · (h / w) · (cell width / cell height), rounded up.
    let mut rows = (cols * CELL_PX.0 * h).div_ceil(w * CELL_PX.1).max(1);
    if rows > u64::from(max_rows) {
        rows = u64::from(max_rows);
        cols = (rows * CELL_PX.1 * w / (h * CELL_PX.0)).clamp(1, max_cols);
    }
    Some((u16::try_from(cols).ok()?, u16::try_from(rows).ok()?))
}

#[cfg(test)]
mod tests {
    use super::cells;

    #[test]
    fn natural_size_kept_when_it_fits() {
        // 200×100 px: 20 columns, 5 rows (cells are twice as tall as wide).
        assert_eq!(cells((200, 100), 80, 40), Some((20, 5)));
    }

    #[test]
    fn shrunk_to_width_keeping_aspect() {
        assert_eq!(cells((2000, 1000), 50, 40), Some((50, 13)));
    }

    #[test]
    fn never_taller_than_allowed() {
        // A tall picture: rows capped, columns shrunk with it.
        assert_eq!(cells((100, 2000), 80, 10), Some((1, 10)));
        assert_eq!(cells((400, 400), 80, 10), Some((20, 10)));
    }

    #[test]
    fn empty_pictures_take_nothing() {
        assert_eq!(cells((0, 10), 80, 10), None);
        assert_eq!(cells((10, 0), 80, 10), None);
        assert_eq!(cells((10, 10), 0, 10), None);
        assert_eq!(cells((20_000, 20_000), 80, 0), None);
        assert_eq!(cells((u32::MAX, 1), 80, 10), Some((80, 1)));
    }
}
