//! Where each pane goes for a terminal size. Shared by `view` (drawing), `update`
//! (mouse hit tests, page sizes) and the render cache (document width), so they agree.

use ratatui::layout::Rect;

/// Below this the panes are replaced by a notice.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Below this many columns the side pane is drawn over the document instead of beside it:
/// beside it, the library and the side pane share 40% of the width, and narrower than this
/// neither would be readable.
pub const SIDE_BESIDE_MIN_WIDTH: u16 = 120;
/// Below this many columns a document being read takes the whole screen, and the library
/// comes back with `Esc` (glow's stack); wider, the panes stay.
pub const STACK_BELOW_WIDTH: u16 = 100;
/// Rows of the document header (title, meta, tags, rule) when the pane is tall enough.
const HEADER_ROWS: u16 = 4;
/// The document's share of the width, at least, whenever it is beside the library.
const DOCUMENT_SHARE: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The terminal is too small: only `screen` is meaningful.
    pub too_small: bool,
    pub screen: Rect,
    /// Empty while the document has the whole screen.
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

/// What the panes should show, besides the terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrangement {
    /// The side pane mode is not hidden.
    pub side_wanted: bool,
    /// The side pane has focus: where it cannot be beside the document it shows, as an
    /// overlay, only then.
    pub side_focused: bool,
    /// The document has the whole screen (reading mode, or a narrow screen reading).
    pub full_document: bool,
    /// The reading width cap: a full-screen document is centred at this width.
    pub max_width: u16,
}

impl Arrangement {
    /// The panes side by side, the side pane shown when there is room.
    pub fn panes(side_wanted: bool) -> Arrangement {
        Arrangement {
            side_wanted,
            side_focused: false,
            full_document: false,
            max_width: u16::MAX,
        }
    }
}

pub fn compute(width: u16, height: u16, arrangement: Arrangement) -> Layout {
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
    let Arrangement {
        side_wanted,
        side_focused,
        full_document,
        max_width,
    } = arrangement;

    let beside = width >= SIDE_BESIDE_MIN_WIDTH && side_wanted && !full_document;
    let (library_width, side_width) = if full_document {
        (0, 0)
    } else if beside {
        // The document keeps 60%; the library gets most of the rest.
        let shared = width - (u32::from(width) * DOCUMENT_SHARE).div_ceil(100) as u16;
        let library = percent(width, 22).clamp(26, 40);
        (library, (shared - library).min(36))
    } else {
        (percent(width, 100 - DOCUMENT_SHARE).min(44), 0)
    };
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

    let rest = width - library_width;
    let document = Rect::new(library_width, 0, rest - side_width, main.height);
    let side = if beside {
        Some(Rect::new(width - side_width, 0, side_width, main.height))
    } else if side_wanted && side_focused {
        let w = percent(width, 25).clamp(24, 36).min(rest);
        Some(Rect::new(width - w, 0, w, main.height))
    } else {
        None
    };
    let (doc_header, doc_body) = document_areas(document, full_document.then_some(max_width));
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

/// The header and body inside the document pane. `centred_at`: the text is at most this
/// wide and centred in the pane (a full-screen document); else it fills the pane.
fn document_areas(document: Rect, centred_at: Option<u16>) -> (Rect, Rect) {
    let doc_inner = inner(document);
    let header_rows = if doc_inner.height >= 10 {
        HEADER_ROWS
    } else {
        doc_inner.height.min(1)
    };
    // One column of padding on each side of the body text.
    let full = doc_inner.width.saturating_sub(2);
    let text_width = centred_at.map_or(full, |cap| full.min(cap.max(1)));
    let x = doc_inner.x + 1 + (full - text_width) / 2;
    let doc_header = Rect {
        x: x - 1,
        y: doc_inner.y,
        width: text_width + 2,
        height: header_rows,
    };
    let doc_body = Rect {
        x,
        y: doc_inner.y + header_rows,
        width: text_width,
        height: doc_inner.height - header_rows,
    };
    (doc_header, doc_body)
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

    fn arrangement(side_wanted: bool, side_focused: bool, full_document: bool) -> Arrangement {
        Arrangement {
            side_wanted,
            side_focused,
            full_document,
            max_width: 100,
        }
    }

    #[test]
    fn every_size_fits_inside_the_screen() {
        for w in 0..240 {
            for h in [0, 1, 2, 9, 10, 11, 24, 40] {
                for (wanted, focused, full) in [
                    (false, false, false),
                    (true, false, false),
                    (true, true, false),
                    (true, false, true),
                    (true, true, true),
                ] {
                    let l = compute(w, h, arrangement(wanted, focused, full));
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
    fn the_document_gets_at_least_60_percent_beside_the_library() {
        for w in MIN_WIDTH..400 {
            for side in [false, true] {
                let l = compute(w, 24, arrangement(side, false, false));
                assert!(
                    u32::from(l.document.width) * 100 >= u32::from(w) * 60,
                    "{w} columns, side pane {side}: {l:?}"
                );
            }
        }
        let at_80 = compute(80, 24, arrangement(true, false, false));
        assert_eq!((at_80.library.width, at_80.document.width), (32, 48));
        let at_120 = compute(120, 40, arrangement(true, false, false));
        assert_eq!(at_120.document.width, 72);
    }

    #[test]
    fn side_pane_is_beside_when_wide_and_over_when_narrow() {
        let wide = compute(120, 40, arrangement(true, false, false));
        assert!(wide.side.is_some() && !wide.side_is_overlay);
        assert!(wide.document.right() <= wide.side.unwrap().x);
        let narrow = compute(80, 24, arrangement(true, false, false));
        assert_eq!(narrow.side, None);
        let narrow_focused = compute(80, 24, arrangement(true, true, false));
        assert!(narrow_focused.side_is_overlay);
        assert_eq!(narrow_focused.doc_body, narrow.doc_body);
        assert!(compute(39, 24, arrangement(true, true, false)).too_small);
        assert!(compute(80, 9, arrangement(true, true, false)).too_small);
    }

    #[test]
    fn a_full_screen_document_is_centred_at_the_reading_width() {
        let l = compute(160, 40, arrangement(true, false, true));
        assert_eq!(l.library.width, 0);
        assert_eq!(l.side, None);
        assert_eq!(l.document, Rect::new(0, 0, 160, 39));
        assert_eq!(l.doc_body.width, 100);
        let left = l.doc_body.x;
        let right = l.document.right() - l.doc_body.right();
        assert!(left.abs_diff(right) <= 1, "{left} vs {right}");
        // Narrower than the cap, the text fills the screen.
        let narrow = compute(80, 24, arrangement(true, false, true));
        assert_eq!(narrow.doc_body, Rect::new(2, 5, 76, 17));
        // The side pane still opens over it while focused.
        assert!(compute(160, 40, arrangement(true, true, true)).side_is_overlay);
    }
}
