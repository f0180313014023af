//! Links in the document: select, follow, hints, history, the browser and the clipboard.

mod tui_support;

use paap::app::{Action, App, Effect, Focus, SideMode};
use paap::content::Target;
use tui_support::{app, draw, run};

const INITIATIVE: usize = 0;
const SURVEY: usize = 1;
const OLDER: usize = 2;
const CNCF: &str = "https://www.cncf.io/";

/// The survey (open at start) links, in order: the older post, the initiative,
/// the CNCF site, and a missing page.
fn targets(app: &App) -> Vec<Target> {
    app.rendered().unwrap().targets.clone()
}

#[test]
fn the_survey_links_resolve_to_documents_urls_and_a_broken_link() {
    let app = app(120, 40);
    let t = targets(&app);
    assert_eq!(t.len(), 4, "{t:?}");
    assert_eq!(
        t[0],
        Target::Doc {
            index: OLDER,
            anchor: None
        }
    );
    assert_eq!(
        t[1],
        Target::Doc {
            index: INITIATIVE,
            anchor: None
        }
    );
    assert_eq!(t[2], Target::External(CNCF.into()));
    assert!(matches!(t[3], Target::Missing(_)));
}

#[test]
fn tab_selects_links_in_order_and_the_status_says_where_they_go() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::NextLink]);
    assert_eq!(app.focus(), Focus::Document);
    assert_eq!(app.selected_link(), Some(0));
    assert_eq!(app.status(), Some("→ What we learned from platform teams"));
    run(&mut app, &[Action::NextLink, Action::NextLink]);
    assert_eq!(app.status(), Some(format!("↗ {CNCF}").as_str()));
    run(&mut app, &[Action::NextLink]);
    assert!(
        app.status().unwrap().starts_with("broken: "),
        "{:?}",
        app.status()
    );
    run(&mut app, &[Action::NextLink]);
    assert_eq!(app.selected_link(), Some(0), "wraps around");
    run(&mut app, &[Action::PrevLink]);
    assert_eq!(app.selected_link(), Some(3));
    run(&mut app, &[Action::Escape]);
    assert_eq!(app.selected_link(), None);
    run(&mut app, &[Action::PrevLink]);
    assert_eq!(
        app.selected_link(),
        Some(3),
        "Shift-Tab starts from the last visible link"
    );
}

#[test]
fn the_selected_link_is_highlighted_on_screen() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::NextLink]);
    let body = app.layout().doc_body;
    let link = &app.rendered().unwrap().rendered.links[0];
    let (line, start, end) = link.segments[0];
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let y = body.y + (line - app.scroll()) as u16;
    for x in start..end {
        let cell = &buffer[(body.x + x, y)];
        assert_eq!(cell.bg, app.theme().link_selected.bg.unwrap(), "column {x}");
    }
    let after = &buffer[(body.x + end, y)];
    assert_ne!(after.bg, app.theme().link_selected.bg.unwrap());
}

#[test]
fn enter_on_an_internal_link_opens_it_and_back_restores_the_selection() {
    let mut app = app(120, 40);
    let effects = run(&mut app, &[Action::NextLink, Action::Activate]);
    assert!(effects.is_empty());
    assert_eq!(app.current(), Some(OLDER));
    assert_eq!((app.scroll(), app.selected_link()), (0, None));
    run(&mut app, &[Action::PageDown]);
    let deep = app.scroll();
    run(&mut app, &[Action::Back]);
    assert_eq!(app.current(), Some(SURVEY));
    assert_eq!(app.selected_link(), Some(0));
    run(&mut app, &[Action::Forward]);
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), deep));
}

#[test]
fn enter_on_an_external_link_asks_the_event_loop_to_open_it() {
    let mut app = app(120, 40);
    let effects = run(
        &mut app,
        &[
            Action::NextLink,
            Action::NextLink,
            Action::NextLink,
            Action::Activate,
        ],
    );
    assert_eq!(effects, vec![Effect::OpenUrl(CNCF.into())]);
    assert_eq!(app.current(), Some(SURVEY), "the document stays");
    assert_eq!(
        run(&mut app, &[Action::OpenInBrowser]),
        vec![Effect::OpenUrl(CNCF.into())]
    );
    assert_eq!(
        run(&mut app, &[Action::CopyLink]),
        vec![Effect::Copy(CNCF.into())]
    );
}

#[test]
fn a_broken_link_only_gives_a_message() {
    let mut app = app(120, 40);
    let effects = run(&mut app, &[Action::PrevLink, Action::Activate]);
    assert!(effects.is_empty());
    assert_eq!(app.current(), Some(SURVEY));
    assert!(
        app.status().unwrap().starts_with("Broken link: "),
        "{:?}",
        app.status()
    );
    assert!(app.history().depth() == 0);
}

#[test]
fn o_refuses_to_open_an_internal_link() {
    let mut app = app(120, 40);
    assert_eq!(
        run(&mut app, &[Action::NextLink, Action::OpenInBrowser]),
        vec![]
    );
    assert!(app.status().unwrap().contains("not a web link"));
}

#[test]
fn a_link_with_an_anchor_opens_at_that_heading() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Bottom, Action::Activate]);
    assert_eq!(app.current(), Some(INITIATIVE));
    run(
        &mut app,
        &[Action::NextLink, Action::NextLink, Action::Activate],
    );
    assert_eq!(app.current(), Some(OLDER));
    let heading = app
        .rendered()
        .unwrap()
        .rendered
        .headings
        .iter()
        .find(|h| h.text == "Part 1")
        .unwrap()
        .line;
    assert_eq!(app.scroll(), heading);
}

#[test]
fn hints_label_every_visible_link_and_typing_one_follows_it() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Hints]);
    let hints = app.hints().expect("hints shown");
    let labels: Vec<&str> = hints.labels.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["a", "s", "d", "f"]);
    // While hints are shown, letters are hint keys, not bindings.
    let key = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('d'));
    assert_eq!(app.action_for_key(&key), Some(Action::HintKey('d')));
    assert!(tui_support::screen_text(&draw(&app)).contains("Type a hint"));
    assert_eq!(
        run(&mut app, &[Action::HintKey('d')]),
        vec![Effect::OpenUrl(CNCF.into())]
    );
    assert!(app.hints().is_none());

    run(&mut app, &[Action::Hints, Action::HintKey('a')]);
    assert_eq!(app.current(), Some(OLDER));

    run(
        &mut app,
        &[Action::Back, Action::Hints, Action::HintKey('z')],
    );
    assert!(app.hints().is_none());
    assert_eq!(app.current(), Some(SURVEY));
    run(&mut app, &[Action::Hints, Action::Escape]);
    assert!(app.hints().is_none());
}

#[test]
fn the_side_pane_lists_links_and_enter_follows_one() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::CycleSidePane]);
    assert_eq!(app.side_mode(), SideMode::Links);
    assert_eq!(app.side_items().len(), 4);
    let screen = tui_support::screen_text(&draw(&app));
    assert!(screen.contains("→ What we learned"), "{screen}");
    assert!(screen.contains("↗ the CNCF"), "{screen}");
    assert!(screen.contains("✗ nowhere.md"), "{screen}");
    run(
        &mut app,
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::Down,
            Action::Activate,
        ],
    );
    assert_eq!(app.current(), Some(INITIATIVE));
}

#[test]
fn the_outline_jumps_to_a_heading() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Down, Action::Down]);
    assert_eq!(app.current(), Some(OLDER));
    run(
        &mut app,
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::Bottom,
            Action::Activate,
        ],
    );
    let last = app
        .rendered()
        .unwrap()
        .rendered
        .headings
        .last()
        .unwrap()
        .line;
    assert_eq!(app.focus(), Focus::Document);
    let max = app.rendered().unwrap().rendered.lines.len() - app.layout().doc_body.height as usize;
    assert_eq!(app.scroll(), last.min(max));
    assert!(app.scroll() > 0);
}

#[test]
fn clicking_a_link_selects_it_and_a_double_click_follows_it() {
    let mut app = app(120, 40);
    let body = app.layout().doc_body;
    let (line, start, _) = app.rendered().unwrap().rendered.links[1].segments[0];
    let (column, row) = (body.x + start, body.y + line as u16);
    run(&mut app, &[Action::ClickAt { column, row }]);
    assert_eq!(
        (app.selected_link(), app.focus()),
        (Some(1), Focus::Document)
    );
    run(&mut app, &[Action::DoubleClickAt { column, row }]);
    assert_eq!(app.current(), Some(INITIATIVE));
}
