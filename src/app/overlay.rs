//! The overlays' data: the layers a screen can have over its panes and what a layer
//! answers when offered an action. A leaf, so the layer handlers and the dispatcher in
//! `layers` can all use it without importing each other.

use super::cursor::ListCursor;
use super::search_box::SearchBox;
use super::{Effect, Hints};

/// One overlay, with the state that lives only while it is open.
#[derive(Debug, Clone)]
pub enum Layer {
    /// The help overlay, scrolled this far.
    Help { scroll: usize },
    /// The bookmarks and recently read list: the selected item and the first row drawn.
    Bookmarks(ListCursor),
    /// Labels on the visible links (`f`).
    Hints(Hints),
    /// The search box (`/`).
    Search(SearchBox),
    /// The find prompt (`Ctrl-f`); Esc scrolls back to `origin`.
    FindPrompt { origin: usize },
}

/// What a layer did with an action.
pub enum Outcome {
    Handled(Vec<Effect>),
    /// Not for this layer: the layers below (or the panes) get it.
    Passed,
}

/// A layer's answer: the layer to keep (`None` closes it) and what it did.
pub type Answer = (Option<Layer>, Outcome);
