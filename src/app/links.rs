//! Links in the document: selecting (`Tab`), following (`Enter`), hints (`f`), opening
//! in the browser (`o`) and copying (`y`).

use super::navigate::{scroll_into_view, step_through, visit};
use super::overlay::{Answer, Layer, Outcome};
use super::{Action, App, Effect, Focus, Hints};
use crate::browser;
use crate::content::Target;

/// The letters hint labels are made of: the home row first.
const HINT_LETTERS: &[u8] = b"asdfghjkl";

/// Follows link `link` of the document on screen: opens an internal target, asks the
/// runtime to open a web link, or says why a link is broken.
pub(super) fn follow_link(app: &mut App, link: usize) -> Vec<Effect> {
    let Some(target) = app.rendered().and_then(|r| r.targets.get(link)).cloned() else {
        return Vec::new();
    };
    app.selected_link = Some(link);
    match target {
        Target::Doc { index, anchor } => {
            visit(app, index, anchor.as_deref());
            Vec::new()
        }
        Target::External(_) => open_written(app, link),
        Target::Missing(why) => {
            app.status = Some(format!("Broken link: {why}"));
            Vec::new()
        }
    }
}

/// The rendered line each link starts on.
fn link_lines(app: &App) -> Vec<usize> {
    app.rendered()
        .map(|r| {
            r.rendered
                .links
                .iter()
                .map(|l| l.segments.first().map_or(usize::MAX, |s| s.0))
                .collect()
        })
        .unwrap_or_default()
}

/// `Tab` / `Shift-Tab`: selects the next or previous link and brings it into view.
pub(super) fn step_link(app: &mut App, forward: bool) -> Vec<Effect> {
    let lines = link_lines(app);
    if lines.is_empty() {
        app.status = Some("This document has no links.".into());
        return Vec::new();
    }
    app.focus = Focus::Document;
    let next = step_through(app, &lines, app.selected_link, forward);
    app.selected_link = Some(next);
    scroll_into_view(app, lines[next]);
    if let Some(target) = app.rendered().and_then(|r| r.targets.get(next)) {
        app.status = Some(app.describe_target(target));
    }
    Vec::new()
}

/// The link's target as written in the document (not the sanitised text drawn for it).
fn written_href(app: &App, link: usize) -> Option<String> {
    Some(app.rendered()?.rendered.links.get(link)?.written.clone())
}

/// Opens web link `link` as written, if [`browser::check_url`] allows it; else says why.
fn open_written(app: &mut App, link: usize) -> Vec<Effect> {
    let Some(url) = written_href(app, link) else {
        return Vec::new();
    };
    open_url(app, url)
}

/// Asks the runtime to open `url` when [`browser::check_url`] allows it; else says why.
fn open_url(app: &mut App, url: String) -> Vec<Effect> {
    match browser::check_url(&url) {
        Ok(()) => vec![Effect::OpenUrl(url)],
        Err(refused) => {
            app.status = Some(refused.to_string());
            Vec::new()
        }
    }
}

/// `y`: copies the selected web link's URL as written: exactly the URLs `o` would open
/// (a `javascript:` link is refused, not put on the clipboard to be pasted elsewhere).
pub(super) fn copy_link(app: &mut App) -> Vec<Effect> {
    let Some(link) = app.selected_link else {
        app.status = Some("No link selected: Tab selects one.".into());
        return Vec::new();
    };
    let (Some(target), Some(url)) = (
        app.rendered().and_then(|r| r.targets.get(link)).cloned(),
        written_href(app, link),
    ) else {
        return Vec::new();
    };
    let refusal = match (&target, browser::check_url(&url)) {
        (Target::Doc { .. }, _) => {
            app.status = Some("The selected link is not a web link: nothing to copy.".into());
            return Vec::new();
        }
        (_, Ok(())) => {
            app.status = Some(format!("Copied {url}"));
            return vec![Effect::Copy(url)];
        }
        (_, Err(err)) => err.refusal().unwrap_or_default().to_string(),
    };
    app.status = Some(format!(
        "Not copied {url}: {refusal}; only http, https and mailto links are copied"
    ));
    Vec::new()
}

/// `O`: from a summary to its synced original (offline), or from an original back to its
/// summary, as a visit (Backspace returns).
pub(super) fn switch_original(app: &mut App) {
    let Some(doc) = app.current else {
        app.status = Some("No document open: Enter opens one.".into());
        return;
    };
    let other = app
        .library
        .original_of(doc)
        .or_else(|| app.library.summaries_of(doc).first().copied());
    match other {
        Some(other) => visit(app, other, None),
        None if app.library.has_synced() => {
            app.status = Some("No synced original of this document.".into())
        }
        None => {
            app.status = Some(
                "No originals on this machine: `paap sync` fetches them for offline reading."
                    .into(),
            )
        }
    }
}

/// `o`: opens the selected web link, or the document's source page.
pub(super) fn open_in_browser(app: &mut App) -> Vec<Effect> {
    if let Some(link) = app.selected_link {
        return match app.rendered().and_then(|r| r.targets.get(link)) {
            Some(Target::External(_)) => open_written(app, link),
            Some(_) => {
                app.status = Some("The selected link is not a web link: Enter follows it.".into());
                Vec::new()
            }
            None => Vec::new(),
        };
    }
    match app.current_doc().and_then(|d| d.source.clone()) {
        Some(source) => open_url(app, source),
        None => {
            app.status = Some("This document has no source page.".into());
            Vec::new()
        }
    }
}

/// Labels of equal length over `HINT_LETTERS`, as many as `count` needs.
pub(super) fn hint_labels(count: usize) -> Vec<String> {
    let base = HINT_LETTERS.len();
    let mut len = 1;
    while base.pow(len as u32) < count {
        len += 1;
    }
    (0..count)
        .map(|mut n| {
            let mut label = vec![0u8; len];
            for slot in label.iter_mut().rev() {
                *slot = HINT_LETTERS[n % base];
                n /= base;
            }
            String::from_utf8(label).unwrap_or_default()
        })
        .collect()
}

/// `f`: labels every link on screen.
pub(super) fn show_hints(app: &mut App) {
    let top = app.scroll;
    let bottom = top + app.body_height();
    let visible: Vec<usize> = app
        .rendered()
        .map(|r| {
            r.rendered
                .links
                .iter()
                .filter(|l| l.segments.iter().any(|s| s.0 >= top && s.0 < bottom))
                .map(|l| l.index)
                .collect()
        })
        .unwrap_or_default();
    if visible.is_empty() {
        app.status = Some("No links on screen.".into());
        return;
    }
    app.focus = Focus::Document;
    let labels = hint_labels(visible.len())
        .into_iter()
        .zip(visible)
        .collect();
    app.layers.push(Layer::Hints(Hints {
        labels,
        typed: String::new(),
    }));
    app.status = Some("Type a hint to follow its link; Esc cancels.".into());
}

/// The hints' layer: letters pick a label; `Esc`, `q` and `f` cancel; any other key
/// cancels the hints and does what it does without them.
pub(super) fn on_hint_action(app: &mut App, mut hints: Hints, action: &Action) -> Answer {
    match action {
        Action::HintKey(c) => {
            hints.typed.push(*c);
            let typed = hints.typed.clone();
            if let Some(&(_, link)) = hints.labels.iter().find(|(l, _)| *l == typed) {
                return (None, Outcome::Handled(follow_link(app, link)));
            }
            if !hints.labels.iter().any(|(l, _)| l.starts_with(&typed)) {
                app.status = Some(format!("No link has the hint {typed}."));
                return (None, Outcome::Handled(Vec::new()));
            }
            app.status = Some(format!("Hint: {typed}"));
            (Some(Layer::Hints(hints)), Outcome::Handled(Vec::new()))
        }
        Action::Escape | Action::Quit | Action::Hints => (None, Outcome::Handled(Vec::new())),
        _ => (None, Outcome::Passed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_labels_grow_past_nine_links() {
        assert_eq!(hint_labels(3), ["a", "s", "d"]);
        let many = hint_labels(12);
        assert_eq!(many.len(), 12);
        assert!(many.iter().all(|l| l.len() == 2));
        let unique: std::collections::HashSet<_> = many.iter().collect();
        assert_eq!(unique.len(), 12);
    }
}
