//! Whole-screen snapshots of the TUI on ratatui's TestBackend at 80×24 and 120×40.

mod tui_support;

use paap::app::{Action, SideMode};
use tui_support::{app, draw, run};

fn snapshot_both_sizes(name: &str, actions: &[Action]) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app(w, h);
        run(&mut app, actions);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn start_screen() {
    snapshot_both_sizes("start", &[]);
}

#[test]
fn document_open() {
    snapshot_both_sizes("document_open", &[Action::Down, Action::Activate]);
}

#[test]
fn side_pane_outline() {
    let mut probe = app(120, 40);
    assert_eq!(probe.side_mode(), SideMode::Outline);
    run(&mut probe, &[]);
    snapshot_both_sizes(
        "side_outline",
        &[Action::Down, Action::Activate, Action::FocusNext],
    );
}

#[test]
fn side_pane_links() {
    snapshot_both_sizes(
        "side_links",
        &[Action::Down, Action::Activate, Action::CycleSidePane],
    );
}

#[test]
fn side_pane_backlinks() {
    snapshot_both_sizes(
        "side_backlinks",
        &[
            Action::Down,
            Action::Activate,
            Action::CycleSidePane,
            Action::CycleSidePane,
        ],
    );
}

#[test]
fn side_pane_hidden() {
    snapshot_both_sizes(
        "side_hidden",
        &[
            Action::Down,
            Action::Activate,
            Action::CycleSidePane,
            Action::CycleSidePane,
            Action::CycleSidePane,
        ],
    );
}

#[test]
fn help_overlay() {
    snapshot_both_sizes("help", &[Action::Help]);
}

#[test]
fn too_small_notice() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Resize(39, 12)]);
    insta::assert_snapshot!("too_small_39x12", draw(&app).backend());
}

#[test]
fn link_hints() {
    snapshot_both_sizes("link_hints", &[Action::Hints]);
}

#[test]
fn narrow_side_pane_overlay() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::CycleSidePane]);
    insta::assert_snapshot!("side_overlay_links_80x24", draw(&app).backend());
}
