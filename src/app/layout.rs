//! Where each pane goes for a terminal size. Shared by `view` (drawing), `update`
//! (mouse hit tests, page sizes) and the render cache (document width), so they agree.

use ratatui::layout::Rect;

/// Below this the panes are replaced by a notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Below this many columns the side pane is drawn over the document instead of beside it.
pub const SIDE_BESIDE_MIN_WIDTH: u16 = 100;
/// Rows of the document header (title, meta, tags, rule) when the pane is tall enough.
const HEADER_ROWS: u16 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The terminal is too small: only `screen` is meaningful.
    pub too_small: bool,
    pub screen: Rect,
    pub library: Rect,
    /// The tab bar inside the library pane.
    pub tabs: Rect,
    /// The rows of the library list.
    pub list: Rect,
    pub document: Rect,
    pub doc_header: Rect,
    /// Where rendered body lines go; its width is the render width.
    pub doc_body: Rect,
    /// The side pane, beside or over the document; `None` when hidden.
    pub side: Option<Rect>,
    pub side_list: Rect,
    pub side_is_overlay: bool,
    pub status: Rect,
}

/// `side_wanted`: the side pane mode is not hidden. `side_focused`: below
/// `SIDE_BESIDE_MIN_WIDTH` the side pane only shows (as an overlay) while it has focus.
pub fn compute(width: u16, height: u16, side_wanted: bool, side_focused: bool) -> Layout {
    let screen = Rect::new(0, 0, width, height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Layout {
            too_small: true,
            screen,
            ..Layout::default()
        };
    }
    let main = Rect::new(0, 0, width, height - 1);
    let status = Rect::new(0, height - 1, width, 1);

    let library_width = percent(width, 35).clamp(28, 44);
    let library = Rect::new(0, 0, library_width, main.height);
    let library_inner = inner(library);
    let tabs = Rect {
        height: library_inner.height.min(1),
        ..library_inner
    };
    let list = Rect {
        y: library_inner.y + tabs.height,
        height: library_inner.height - tabs.height,
        ..library_inner
    };

    let beside = width >= SIDE_BESIDE_MIN_WIDTH;
    let side_width = percent(width, 25).clamp(24, 36);
    let rest = width - library_width;
    let (document, side) = if beside && side_wanted {
        (
            Rect::new(library_width, 0, rest - side_width, main.height),
            Some(Rect::new(width - side_width, 0, side_width, main.height)),
        )
    } else if side_wanted && side_focused {
        let w = side_width.min(rest);
        (
            Rect::new(library_width, 0, rest, main.height),
            Some(Rect::new(width - w, 0, w, main.height)),
        )
    } else {
        (Rect::new(library_width, 0, rest, main.height), None)
    };
    let doc_inner = inner(document);
    let header_rows = if doc_inner.height >= 10 {
        HEADER_ROWS
    } else {
        doc_inner.height.min(1)
    };
    let doc_header = Rect {
        height: header_rows,
        ..doc_inner
    };
    // One column of padding on each side of the body text.
    let doc_body = Rect {
        x: doc_inner.x + 1,
        y: doc_inner.y + header_rows,
        width: doc_inner.width.saturating_sub(2),
        height: doc_inner.height - header_rows,
    };
    Layout {
        too_small: false,
        screen,
        library,
        tabs,
        list,
        document,
        doc_header,
        doc_body,
        side,
        side_list: side.map(inner).unwrap_or_default(),
        side_is_overlay: side.is_some() && !beside,
        status,
    }
}

/// The area inside a one-cell border.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1.min(area.width),
        y: area.y + 1.min(area.height),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// A `width`×`height` rectangle centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// `share` percent of `width`, without overflowing u16 on very wide terminals.
fn percent(width: u16, share: u32) -> u16 {
    (u32::from(width) * share / 100) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_fits_inside_the_screen() {
        for w in 0..140 {
            for h in [0, 1, 2, 9, 10, 11, 24, 40] {
                for (wanted, focused) in [(false, false), (true, false), (true, true)] {
                    let l = compute(w, h, wanted, focused);
                    let screen = Rect::new(0, 0, w, h);
                    for r in [
                        l.library,
                        l.tabs,
                        l.list,
                        l.document,
                        l.doc_header,
                        l.doc_body,
                        l.side_list,
                        l.status,
                    ]
                    .into_iter()
                    .chain(l.side)
                    {
                        assert_eq!(screen.union(r), screen, "{w}x{h} {r:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn side_pane_is_beside_when_wide_and_over_when_narrow() {
        let wide = compute(120, 40, true, false);
        assert!(wide.side.is_some() && !wide.side_is_overlay);
        assert!(wide.document.right() <= wide.side.unwrap().x);
        let narrow = compute(80, 24, true, false);
        assert_eq!(narrow.side, None);
        let narrow_focused = compute(80, 24, true, true);
        assert!(narrow_focused.side_is_overlay);
        assert_eq!(narrow_focused.doc_body, narrow.doc_body);
        assert!(compute(39, 24, true, true).too_small);
        assert!(compute(80, 9, true, true).too_small);
    }
}
