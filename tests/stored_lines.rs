//! A state file whose line numbers are as large as JSON allows (`u64::MAX`) must not make
//! the UI wrap or overflow anywhere: opening the document, stepping through it, hints,
//! the bookmarks overlay and drawing all stay within the document.

mod tui_support;

use paap::app::Action;
use tui_support::{Drive, app, draw, run, screen_text, session};

#[test]
fn a_document_left_at_line_u64_max_opens_within_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("state.json"),
        format!(
            r#"{{"bookmarks": [{{"doc_id": "blog/older.md", "line": {max}, "title": "Older", "added": 1}}],
               "positions": {{"blog/older.md": {max}}},
               "recent": [{{"doc_id": "blog/older.md", "opened": 1}}]}}"#,
            max = u64::MAX
        ),
    )
    .unwrap();
    let mut ui = session(app(100, 30), Some(dir.path()));
    assert_eq!(ui.status(), None, "the file loads as it is");
    run(&mut ui, &[Action::Down, Action::Down, Action::Activate]);
    assert_eq!(ui.state().current(), Some(2));
    let opened_at = ui.state().scroll();
    for action in [
        Action::Hints,
        Action::Escape,
        Action::NextLink,
        Action::PageDown,
        Action::Down,
        Action::Up,
        Action::Bottom,
    ] {
        run(&mut ui, &[action]);
        screen_text(&draw(ui.state()));
    }
    let bottom = ui.state().scroll();
    assert!(
        opened_at <= bottom,
        "{opened_at} > {bottom}: reopened past the end"
    );
    run(&mut ui, &[Action::Top]);
    assert_eq!(ui.state().scroll(), 0);

    // The overlay shows the bookmark's line as stored (saturated), not wrapped to 0; it
    // opens at the document's end.
    run(&mut ui, &[Action::ShowBookmarks]);
    let overlay = screen_text(&draw(ui.state()));
    let shown = format!("line {}", paap::store::MAX_LINE + 1);
    assert!(overlay.contains(&shown), "{overlay}");
    run(&mut ui, &[Action::Activate]);
    assert_eq!(ui.state().scroll(), bottom);
    screen_text(&draw(ui.state()));
}
