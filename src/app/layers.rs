//! Overlays as a stack of layers over the panes. An action goes to the top layer first;
//! each layer either handles it or passes it down, and what no layer handles reaches the
//! panes. Help, the bookmarks list, link hints, the search box and the find prompt are
//! layers; adding one is a variant in `overlay` and a handler in its own module.

use super::cursor::Movement;
use super::overlay::{Answer, Layer, Outcome};
use super::{Action, App, Effect};

/// Offers `action` to the layers from the top down; what every layer passes reaches
/// `panes`. Layers that passed it, and the one that took it, keep their places under
/// any layer the handler opened (help opened from the bookmarks list goes on top).
pub(super) fn dispatch(
    app: &mut App,
    action: Action,
    panes: impl FnOnce(&mut App, Action) -> Vec<Effect>,
) -> Vec<Effect> {
    let mut passed = Vec::new();
    loop {
        let Some(layer) = app.layers.pop() else {
            let effects = panes(app, action);
            restore(app, 0, None, passed);
            return effects;
        };
        let depth = app.layers.len();
        let (kept, outcome) = handle(app, layer, &action);
        match outcome {
            Outcome::Handled(effects) => {
                restore(app, depth, kept, passed);
                return effects;
            }
            Outcome::Passed => passed.push(kept),
        }
    }
}

/// Puts `kept` and the layers that passed (top last) back at `depth`, below new ones.
fn restore(app: &mut App, depth: usize, kept: Option<Layer>, passed: Vec<Option<Layer>>) {
    let depth = depth.min(app.layers.len());
    let back = kept.into_iter().chain(passed.into_iter().rev().flatten());
    app.layers.splice(depth..depth, back);
}

fn handle(app: &mut App, layer: Layer, action: &Action) -> Answer {
    match layer {
        Layer::Help { scroll } => help(app, scroll, action),
        Layer::Bookmarks(cursor) => super::bookmarks::on_action(app, cursor, action),
        Layer::Hints(hints) => super::links::on_hint_action(app, hints, action),
        Layer::Search(search) => super::search::on_action(app, search, action),
        Layer::FindPrompt { origin } => super::find::on_prompt_action(app, origin, action),
    }
}

/// Help takes every key: movement scrolls it, `q`, `Esc` and `?` close it.
fn help(app: &App, scroll: usize, action: &Action) -> Answer {
    if matches!(action, Action::Quit | Action::Escape | Action::Help) {
        return (None, Outcome::Handled(Vec::new()));
    }
    let scroll = match Movement::of(action, app.help_page()) {
        Some(movement) => movement.apply(scroll, app.help_max_scroll()),
        None => scroll,
    };
    (Some(Layer::Help { scroll }), Outcome::Handled(Vec::new()))
}
