//! Back / forward history of reading positions.

/// Where the reader was: which document, how far down, which link was selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub doc: usize,
    pub scroll: usize,
    pub link: Option<usize>,
}

/// A browser-style history: visiting somewhere new forgets the forward entries.
#[derive(Debug, Clone, Default)]
pub struct History {
    back: Vec<Position>,
    forward: Vec<Position>,
}

/// Older entries are dropped past this many, so a long session stays small.
const LIMIT: usize = 500;

impl History {
    /// Remembers `from` before going somewhere new.
    pub fn visit(&mut self, from: Position) {
        self.back.push(from);
        if self.back.len() > LIMIT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Steps back from `current`; `None` when there is nothing earlier.
    pub fn back(&mut self, current: Position) -> Option<Position> {
        let to = self.back.pop()?;
        self.forward.push(current);
        Some(to)
    }

    /// Steps forward from `current`; `None` when there is nothing later.
    pub fn forward(&mut self, current: Position) -> Option<Position> {
        let to = self.forward.pop()?;
        self.back.push(current);
        Some(to)
    }

    /// How many positions `back` can return to.
    pub fn depth(&self) -> usize {
        self.back.len()
    }

    /// After the library was read again: each position moves to its document's new
    /// index, and positions in documents that are gone are forgotten.
    pub(super) fn remap(&mut self, new_index: impl Fn(usize) -> Option<usize>) {
        for list in [&mut self.back, &mut self.forward] {
            list.retain_mut(|p| match new_index(p.doc) {
                Some(doc) => {
                    p.doc = doc;
                    true
                }
                None => false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: usize) -> Position {
        Position {
            doc,
            scroll: doc * 10,
            link: None,
        }
    }

    #[test]
    fn back_and_forward_walk_the_visits() {
        let mut h = History::default();
        h.visit(at(0));
        h.visit(at(1));
        assert_eq!(h.back(at(2)), Some(at(1)));
        assert_eq!(h.back(at(1)), Some(at(0)));
        assert_eq!(h.back(at(0)), None);
        assert_eq!(h.forward(at(0)), Some(at(1)));
        assert_eq!(h.forward(at(1)), Some(at(2)));
        assert_eq!(h.forward(at(2)), None);
    }

    #[test]
    fn a_new_visit_forgets_forward() {
        let mut h = History::default();
        h.visit(at(0));
        h.back(at(1));
        assert_eq!(h.clone().forward(at(0)), Some(at(1)));
        h.visit(at(0));
        assert_eq!(h.forward(at(0)), None);
    }
}
