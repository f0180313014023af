//! One scrolling list for every list on screen (the library, the side pane, search results,
//! bookmarks, help) and one mapping from movement actions to moves, so `j`, `PgDn`, `G` and
//! the wheel mean the same thing everywhere.

use super::Action;

/// A move asked for by a key or the wheel, before it meets a list's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Down (positive) or up (negative) by this many rows.
    By(isize),
    Top,
    Bottom,
}

impl Movement {
    /// The movement `action` asks for in a list showing `page` rows at once; `None` for
    /// actions that do not move.
    pub fn of(action: &Action, page: usize) -> Option<Movement> {
        let page = page.max(1) as isize;
        Some(match action {
            Action::Down => Movement::By(1),
            Action::Up => Movement::By(-1),
            Action::HalfPageDown => Movement::By((page / 2).max(1)),
            Action::HalfPageUp => Movement::By(-(page / 2).max(1)),
            Action::PageDown => Movement::By(page),
            Action::PageUp => Movement::By(-page),
            Action::Top => Movement::Top,
            Action::Bottom => Movement::Bottom,
            Action::ScrollAt { lines, .. } => Movement::By(*lines as isize),
            _ => return None,
        })
    }

    /// Where `from` goes in a list whose last position is `last`.
    pub fn apply(self, from: usize, last: usize) -> usize {
        match self {
            Movement::By(delta) => from.saturating_add_signed(delta).min(last),
            Movement::Top => 0,
            Movement::Bottom => last,
        }
    }
}

/// The selected row of a list and the first row drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    /// Moves the selection inside a list of `len` rows.
    pub fn moved(self, movement: Movement, len: usize) -> ListCursor {
        ListCursor {
            selected: movement.apply(self.selected, len.saturating_sub(1)),
            ..self
        }
    }

    /// The selection clamped to `len` rows and the offset moved so that it is inside a
    /// window of `height` rows.
    pub fn clamped(self, len: usize, height: usize) -> ListCursor {
        let selected = self.selected.min(len.saturating_sub(1));
        ListCursor {
            selected,
            offset: keep_visible(self.offset, selected, height),
        }
    }

    /// The list row drawn at `row` rows below the list's top, if the list has it.
    pub fn row_at(self, row: usize, len: usize) -> Option<usize> {
        let index = self.offset + row;
        (index < len).then_some(index)
    }
}

/// The new first visible row so that `selected` is inside a window of `height` rows.
pub fn keep_visible(offset: usize, selected: usize, height: usize) -> usize {
    if height == 0 {
        return selected;
    }
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stop_at_both_ends() {
        let cursor = ListCursor::default();
        assert_eq!(cursor.moved(Movement::By(-3), 5).selected, 0);
        assert_eq!(cursor.moved(Movement::By(3), 5).selected, 3);
        assert_eq!(cursor.moved(Movement::By(30), 5).selected, 4);
        assert_eq!(cursor.moved(Movement::Bottom, 5).selected, 4);
        assert_eq!(cursor.moved(Movement::Bottom, 0).selected, 0);
    }

    #[test]
    fn half_a_page_of_one_row_still_moves() {
        assert_eq!(
            Movement::of(&Action::HalfPageDown, 1),
            Some(Movement::By(1))
        );
        assert_eq!(Movement::of(&Action::PageUp, 0), Some(Movement::By(-1)));
        assert_eq!(Movement::of(&Action::Search, 10), None);
    }

    #[test]
    fn the_offset_follows_the_selection() {
        let cursor = ListCursor {
            selected: 9,
            offset: 0,
        };
        assert_eq!(cursor.clamped(20, 4).offset, 6);
        assert_eq!(cursor.clamped(5, 4).selected, 4);
        assert_eq!(cursor.clamped(20, 4).row_at(1, 20), Some(7));
        assert_eq!(cursor.clamped(20, 4).row_at(30, 20), None);
    }
}
