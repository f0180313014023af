//! Scripted `Action` sequences over `update`: the TUI's behaviour without a terminal.

mod tui_support;

use paap::app::{Action, Effect, Focus, SideMode, Tab};
use tui_support::{app, draw, run, screen_text};

// Document indices in the test library.
const INITIATIVE: usize = 0;
const SURVEY: usize = 1;
const OLDER: usize = 2;
const PERSONA: usize = 3;
const ABOUT: usize = 4;

#[test]
fn starts_on_the_newest_document_in_the_library() {
    let app = app(120, 40);
    assert_eq!(app.rows(), &[SURVEY, PERSONA, OLDER, ABOUT, INITIATIVE]);
    assert_eq!(app.focus(), Focus::Library);
    assert_eq!(app.current(), Some(SURVEY));
    assert_eq!(app.side_mode(), SideMode::Outline);
}

#[test]
fn moving_in_the_library_previews_and_enter_focuses_the_document() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Down, Action::Down]);
    assert_eq!(app.current(), Some(OLDER));
    assert_eq!(app.focus(), Focus::Library);
    run(&mut app, &[Action::Activate]);
    assert_eq!(app.focus(), Focus::Document);
    assert!(app.history().depth() == 0, "a preview is not a visit");
    run(&mut app, &[Action::Bottom]);
    assert_eq!(
        app.current(),
        Some(OLDER),
        "Bottom in the document scrolls, it does not move the list"
    );
    assert!(app.scroll() > 0);
}

#[test]
fn scrolling_stops_at_both_ends() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Down, Action::Down, Action::Activate]);
    let height = app.layout().doc_body.height as usize;
    let lines = app.rendered().unwrap().rendered.lines.len();
    assert!(lines > 2 * height, "the long document needs several pages");
    run(&mut app, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(app.scroll(), 3);
    run(&mut app, &[Action::PageDown]);
    assert_eq!(app.scroll(), 3 + height);
    run(&mut app, &[Action::HalfPageUp]);
    assert_eq!(app.scroll(), 3 + height - height / 2);
    run(&mut app, &[Action::Bottom, Action::Down, Action::PageDown]);
    assert_eq!(app.scroll(), lines - height);
    run(&mut app, &[Action::Top, Action::Up]);
    assert_eq!(app.scroll(), 0);
    // The position is in the border.
    run(&mut app, &[Action::Down]);
    assert!(screen_text(&draw(&app)).contains(&format!("2–{}/{lines}", height + 1)));
}

#[test]
fn tabs_filter_the_library_and_keep_the_document_when_they_can() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::ShowTab(Tab::Posts)]);
    assert_eq!(app.rows(), &[SURVEY, OLDER]);
    assert_eq!(app.current(), Some(SURVEY));
    run(&mut app, &[Action::ShowTab(Tab::Personas)]);
    assert_eq!(app.rows(), &[PERSONA]);
    assert_eq!(app.current(), Some(PERSONA));
    run(&mut app, &[Action::ShowTab(Tab::Pages)]);
    assert_eq!(app.rows(), &[ABOUT, INITIATIVE]);
    run(&mut app, &[Action::ShowTab(Tab::All)]);
    assert_eq!(app.rows().len(), 5);
    assert_eq!(app.current(), Some(ABOUT));
    assert_eq!(app.selected_row(), 3);
}

#[test]
fn focus_moves_between_the_panes_and_skips_a_hidden_side_pane() {
    let mut app = app(120, 40);
    run(
        &mut app,
        &[Action::FocusNext, Action::FocusNext, Action::FocusNext],
    );
    assert_eq!(app.focus(), Focus::Side);
    run(
        &mut app,
        &[Action::FocusPrev, Action::FocusPrev, Action::FocusPrev],
    );
    assert_eq!(app.focus(), Focus::Library);
    run(
        &mut app,
        &[
            Action::CycleSidePane,
            Action::CycleSidePane,
            Action::CycleSidePane,
        ],
    );
    assert_eq!(app.side_mode(), SideMode::Hidden);
    run(&mut app, &[Action::FocusNext, Action::FocusNext]);
    assert_eq!(app.focus(), Focus::Document);
}

#[test]
fn narrow_terminals_show_the_side_pane_as_an_overlay_that_q_closes() {
    let mut app = app(120, 40);
    assert!(app.layout().side.is_some());
    run(&mut app, &[Action::Resize(80, 24)]);
    assert_eq!(
        app.layout().side,
        None,
        "narrow: no side pane until asked for"
    );
    let effects = run(&mut app, &[Action::CycleSidePane]);
    assert!(effects.is_empty());
    assert_eq!(app.side_mode(), SideMode::Links);
    assert_eq!(app.focus(), Focus::Side);
    assert!(app.layout().side_is_overlay);
    assert_eq!(run(&mut app, &[Action::Quit]), vec![]);
    assert_eq!(app.focus(), Focus::Document);
    assert_eq!(app.layout().side, None);
    assert_eq!(run(&mut app, &[Action::Quit]), vec![Effect::Quit]);
}

#[test]
fn resizing_keeps_the_scroll_inside_the_document() {
    let mut app = app(120, 40);
    run(
        &mut app,
        &[Action::Down, Action::Down, Action::Activate, Action::Bottom],
    );
    let before = app.scroll();
    run(&mut app, &[Action::Resize(200, 80)]);
    let lines = app.rendered().unwrap().rendered.lines.len();
    assert!(app.scroll() <= lines.saturating_sub(app.layout().doc_body.height as usize));
    assert!(app.scroll() <= before);
    run(&mut app, &[Action::Resize(10, 3), Action::Resize(120, 40)]);
    assert_eq!(app.current(), Some(OLDER));
}

#[test]
fn help_overlay_opens_scrolls_and_closes_before_quitting() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Help]);
    assert_eq!(app.help(), Some(0));
    run(&mut app, &[Action::Down, Action::Down]);
    assert_eq!(app.help(), Some(2));
    run(&mut app, &[Action::Bottom]);
    let last = app.help().unwrap();
    assert!(last > 2);
    assert!(screen_text(&draw(&app)).contains("double click"));
    assert_eq!(run(&mut app, &[Action::Quit]), vec![]);
    assert_eq!(app.help(), None);
    run(&mut app, &[Action::Help]);
    assert_eq!(run(&mut app, &[Action::ForceQuit]), vec![Effect::Quit]);
}

#[test]
fn back_and_forward_restore_document_and_scroll() {
    let mut app = app(120, 40);
    // Open the long post and scroll into it.
    run(
        &mut app,
        &[
            Action::Down,
            Action::Down,
            Action::Activate,
            Action::Down,
            Action::Down,
        ],
    );
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 2));
    // Its backlinks list the initiative and the survey; Enter on the survey visits it.
    run(&mut app, &[Action::CycleSidePane, Action::CycleSidePane]);
    assert_eq!(app.side_mode(), SideMode::Backlinks);
    assert_eq!(app.backlinks(), &[INITIATIVE, SURVEY]);
    run(
        &mut app,
        &[Action::FocusNext, Action::Down, Action::Activate],
    );
    assert_eq!(app.current(), Some(SURVEY));
    assert_eq!(app.focus(), Focus::Document);
    assert_eq!(
        app.selected_row(),
        0,
        "the library follows the open document"
    );
    run(&mut app, &[Action::Back]);
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 2));
    run(&mut app, &[Action::Forward]);
    assert_eq!(app.current(), Some(SURVEY));
    run(&mut app, &[Action::Forward]);
    assert_eq!(app.status(), Some("Nothing to go forward to."));
    run(&mut app, &[Action::Back, Action::Back]);
    assert_eq!(app.status(), Some("Nothing to go back to."));
    assert_eq!(app.current(), Some(OLDER));
}

#[test]
fn the_mouse_scrolls_selects_and_opens_what_is_under_it() {
    let mut app = app(120, 40);
    let layout = app.layout();
    // A click on the third library row selects it and previews it (rows take one line
    // or two).
    let third = app.visible_rows(layout.list.height as usize)[2].1 as u16;
    let (x, y) = (layout.list.x + 2, layout.list.y + third);
    run(&mut app, &[Action::ClickAt { column: x, row: y }]);
    assert_eq!((app.current(), app.focus()), (Some(OLDER), Focus::Library));
    // The wheel over the document scrolls it, whatever has focus.
    let (dx, dy) = (layout.doc_body.x + 3, layout.doc_body.y + 3);
    run(
        &mut app,
        &[Action::ScrollAt {
            column: dx,
            row: dy,
            lines: 3,
        }],
    );
    assert_eq!((app.scroll(), app.focus()), (3, Focus::Library));
    // A double click on a row opens it.
    run(
        &mut app,
        &[Action::DoubleClickAt {
            column: x,
            row: layout.list.y,
        }],
    );
    assert_eq!(
        (app.current(), app.focus()),
        (Some(SURVEY), Focus::Document)
    );
    // A click on nothing (below the rows) changes nothing.
    run(
        &mut app,
        &[Action::ClickAt {
            column: x,
            row: layout.list.y + 20,
        }],
    );
    assert_eq!(app.current(), Some(SURVEY));
}

#[test]
fn clicking_a_tab_shows_it() {
    let mut app = app(120, 40);
    let tabs = app.layout().tabs;
    // "All Posts Personas Pages": "Personas" starts at column 10.
    run(
        &mut app,
        &[Action::ClickAt {
            column: tabs.x + 12,
            row: tabs.y,
        }],
    );
    assert_eq!(app.tab(), Tab::Personas);
    run(
        &mut app,
        &[Action::ClickAt {
            column: tabs.x + 9,
            row: tabs.y,
        }],
    );
    assert_eq!(
        app.tab(),
        Tab::Personas,
        "the gap between labels is not a tab"
    );
    run(
        &mut app,
        &[Action::ClickAt {
            column: tabs.x,
            row: tabs.y,
        }],
    );
    assert_eq!(app.tab(), Tab::All);
}

#[test]
fn mouse_capture_toggles_through_an_effect() {
    let mut app = app(120, 40);
    assert_eq!(
        run(&mut app, &[Action::ToggleMouse]),
        vec![Effect::SetMouseCapture(false)]
    );
    assert!(!app.mouse_captured());
    assert!(screen_text(&draw(&app)).contains("mouse off"));
    assert_eq!(
        run(&mut app, &[Action::ToggleMouse]),
        vec![Effect::SetMouseCapture(true)]
    );
}

#[test]
fn o_opens_the_source_page_when_no_link_is_selected() {
    let mut app = app(120, 40);
    assert_eq!(
        run(&mut app, &[Action::OpenInBrowser]),
        vec![Effect::OpenUrl(
            "https://tag-app-delivery.cncf.io/blog/survey/".into()
        )]
    );
    run(&mut app, &[Action::Down]);
    assert_eq!(run(&mut app, &[Action::OpenInBrowser]), vec![]);
    assert_eq!(app.status(), Some("This document has no source page."));
    // The message lasts until the next action.
    run(&mut app, &[Action::Up]);
    assert_eq!(app.status(), None);
}

#[test]
fn y_without_a_selected_link_says_how_to_select_one() {
    let mut app = app(120, 40);
    assert_eq!(run(&mut app, &[Action::CopyLink]), vec![]);
    assert!(app.status().unwrap().contains("Tab"));
}

#[test]
fn no_size_panics_and_nothing_is_drawn_outside_the_screen() {
    let states: &[&[Action]] = &[
        &[],
        &[Action::Help],
        &[Action::CycleSidePane],
        &[Action::Down, Action::Down, Action::Activate, Action::Bottom],
    ];
    for actions in states {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (0, 10),
            (10, 0),
            (2, 2),
            (39, 9),
            (40, 10),
            (41, 11),
            (99, 30),
            (100, 30),
            (250, 80),
            // Wider than u16 percentage arithmetic allows (35% of 3000 overflows u16 * 35).
            (3000, 12),
        ] {
            let mut app = app(120, 40);
            run(&mut app, actions);
            run(&mut app, &[Action::Resize(w, h)]);
            draw(&app);
            // Keys and clicks at a tiny size must not panic either.
            run(
                &mut app,
                &[
                    Action::Down,
                    Action::PageDown,
                    Action::ClickAt { column: 0, row: 0 },
                    Action::Activate,
                ],
            );
            draw(&app);
        }
    }
}

#[test]
fn frame_and_state_sizes_may_disagree_for_a_frame() {
    // After a resize the next frame can be drawn before the Resize action arrives.
    let app = app(120, 40);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 12)).unwrap();
    terminal.draw(|f| paap::ui::view(&app, f)).unwrap();
}

#[test]
fn control_characters_in_content_never_reach_the_screen() {
    let app = app(120, 40);
    let text = screen_text(&draw(&app));
    assert!(text.contains("escape"), "the survey body is on screen");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
}

/// Opening a document at start (`paap --content FILE`) shows it in the document pane; an
/// index past the library changes nothing.
#[test]
fn a_document_opened_at_start_is_shown() {
    let mut app = app(100, 30);
    run(&mut app, &[Action::OpenDocument(1)]);
    assert_eq!(app.current(), Some(1));
    // The document pane's header starts with the title (cut to the pane's width).
    let title: String = app.library().doc(1).title.chars().take(20).collect();
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains(&format!("┃ {title}")),
        "{title:?} not on\n{screen}"
    );
    run(&mut app, &[Action::OpenDocument(10_000)]);
    assert_eq!(app.current(), Some(1));
}
