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

/// The most characters a prompt (search box, find) holds: a query this long already
/// finds what it can, and a huge paste must not make every keystroke slow.
pub const MAX_TYPED: usize = 500;

/// Appends what was typed or pasted to a prompt's text, dropping control characters
/// and whatever goes past [`MAX_TYPED`]; true when something was cut.
pub fn append_typed(text: &mut String, typed: &str) -> bool {
    let mut room = MAX_TYPED.saturating_sub(text.chars().count());
    for c in typed.chars().filter(|&c| !crate::text::is_unsafe(c)) {
        if room == 0 {
            return true;
        }
        text.push(c);
        room -= 1;
    }
    false
}

/// What the status line says when [`append_typed`] cut a paste or a key.
pub fn typed_limit_notice() -> String {
    format!("cut at {MAX_TYPED} characters")
}
