//! Reading at every size: reading mode (`z`), the narrow stack (below 100 columns a
//! document opens full-screen and `Esc`/`Backspace` come back to the library row), the
//! library rows at 80 columns, and the search box's preview. Snapshots at 80×24 and
//! 120×40 on ratatui's TestBackend, plus checks on the state.

mod tui_support;

use chrono::NaiveDate;
use paap::app::{Action, App, Focus};
use paap::content::{Doc, Kind, Library};
use paap::markdown::Theme;
use tui_support::{Drive, app, draw, run, screen_text, session};

fn snapshot_both_sizes(name: &str, actions: &[Action]) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app(w, h);
        run(&mut app, actions);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&app).backend());
    }
}

#[test]
fn reading_mode_gives_the_document_the_whole_screen() {
    snapshot_both_sizes(
        "reading_mode",
        &[
            Action::Down,
            Action::Down,
            Action::Activate,
            Action::ToggleReading,
        ],
    );
}

#[test]
fn reading_mode_centres_the_text_and_z_brings_the_panes_back() {
    let mut app = app(160, 40);
    app.set_max_width(60);
    run(
        &mut app,
        &[Action::Down, Action::Activate, Action::ToggleReading],
    );
    let layout = app.layout();
    assert!(app.reading() && app.full_document());
    assert_eq!(layout.library.width, 0);
    assert_eq!(layout.doc_body.width, 60);
    let (left, right) = (
        layout.doc_body.x,
        layout.document.right() - layout.doc_body.right(),
    );
    assert!(left.abs_diff(right) <= 1, "centred: {left} / {right}");
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("z or Esc brings back the panes"),
        "the status line says how to come back:\n{screen}"
    );
    run(&mut app, &[Action::Down]);
    assert!(screen_text(&draw(&app)).contains("z panes"));
    run(&mut app, &[Action::ToggleReading]);
    assert!(!app.full_document());
    assert!(app.layout().library.width > 0);
}

#[test]
fn a_narrow_screen_opens_documents_full_screen_and_esc_returns_to_the_row() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Down, Action::Down]);
    let row = app.selected_row();
    insta::assert_snapshot!("narrow_library_80x24", draw(&app).backend());
    run(&mut app, &[Action::Activate]);
    assert!(app.full_document() && app.stacked());
    insta::assert_snapshot!("narrow_stack_80x24", draw(&app).backend());
    run(&mut app, &[Action::Escape]);
    assert_eq!(app.focus(), Focus::Library);
    assert!(!app.full_document());
    assert_eq!(app.selected_row(), row);
}

#[test]
fn backspace_goes_back_through_links_then_to_the_library() {
    let mut app = app(80, 24);
    // The survey post links to the older post.
    let survey_row = 0;
    run(&mut app, &[Action::Activate]);
    assert!(app.stacked());
    let survey = app.current();
    run(&mut app, &[Action::NextLink, Action::Activate]);
    assert_ne!(app.current(), survey, "the link was followed");
    run(&mut app, &[Action::Back]);
    assert_eq!(app.current(), survey);
    assert!(app.stacked(), "back within the stack stays in the document");
    run(&mut app, &[Action::Back]);
    assert_eq!(app.focus(), Focus::Library);
    assert_eq!(app.selected_row(), survey_row);
}

#[test]
fn a_wide_screen_keeps_the_panes_when_a_document_opens() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Down, Action::Activate]);
    assert_eq!(app.focus(), Focus::Document);
    assert!(!app.full_document());
    let layout = app.layout();
    assert!(layout.library.width > 0);
    assert!(u32::from(layout.document.width) * 100 >= 120 * 60);
}

fn post(id: &str, title: &str, date: &str) -> Doc {
    Doc {
        id: id.into(),
        kind: Kind::Post,
        title: title.into(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        body: format!("# {title}\n\nText.\n"),
        ..Doc::default()
    }
}

fn page(id: &str, kind: Kind, title: &str) -> Doc {
    Doc {
        id: id.into(),
        kind,
        title: title.into(),
        body: "Text.\n".into(),
        ..Doc::default()
    }
}

/// The bundled titles as they read at the time of writing (the bundled content itself
/// changes; these rows should stay readable whatever it holds).
fn bundled_like() -> Library {
    Library::from_docs(
        vec![
            post("a.md", "Survey Results", "2025-01-29"),
            post(
                "b.md",
                "Platform as a Product: Understanding the Personas",
                "2025-01-16",
            ),
            post(
                "c.md",
                "Platform as a Product Research - Now with a Survey!",
                "2024-11-25",
            ),
            post(
                "d.md",
                "Platform As A Product: Getting Into The Mindset With User Stories",
                "2024-10-30",
            ),
            post(
                "e.md",
                "Platform Engineering in 2024, Industry Trends and Emerging Focus",
                "2024-06-25",
            ),
            post(
                "f.md",
                "Invitation To Participate in Platform As A Product Research",
                "2024-06-13",
            ),
            post("g.md", "Product Thinking for Platforms", "2024-06-13"),
            page("h.md", Kind::Page, "About this content"),
            page(
                "i.md",
                Kind::Persona,
                "Builder (research interview persona)",
            ),
            page("j.md", Kind::Initiative, "Platform as a Product"),
            page("k.md", Kind::Page, "Platform as a Product Research"),
        ],
        Vec::new(),
    )
}

#[test]
fn at_80_columns_every_row_tells_its_document_apart() {
    let app = App::new(bundled_like(), Theme::dark(), 80, 24);
    let terminal = draw(&app);
    insta::assert_snapshot!("library_rows_80x24", terminal.backend());
    let screen = screen_text(&terminal);
    for words in [
        "Understanding the",
        "Personas",
        "Now with a",
        "Mindset",
        "Industry",
        "Invitation To",
        "Product Thinking",
        "Builder (research",
    ] {
        assert!(screen.contains(words), "{words:?} on screen:\n{screen}");
    }
    // Every row's first line differs from every other's.
    let firsts: Vec<String> = (0..app.rows().len())
        .map(|row| app.row_text(row).unwrap().lines[0].clone())
        .collect();
    for (i, a) in firsts.iter().enumerate() {
        for b in &firsts[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn the_mouse_and_the_selection_follow_rows_of_two_lines() {
    let mut app = App::new(bundled_like(), Theme::dark(), 80, 24);
    let list = app.layout().list;
    let rows = app.visible_rows(list.height as usize);
    // The Personas post takes two lines; a click on its second line selects it.
    let (row, y) = rows[1];
    assert_eq!(app.row_height(row), 2);
    run(
        &mut app,
        &[Action::ClickAt {
            column: list.x + 3,
            row: list.y + y as u16 + 1,
        }],
    );
    assert_eq!(app.selected_row(), 1);
    // Down to the last row: it is drawn whole.
    run(&mut app, &[Action::Bottom]);
    let last = app.rows().len() - 1;
    let drawn = app.visible_rows(list.height as usize);
    let &(_, y) = drawn
        .iter()
        .find(|(r, _)| *r == last)
        .expect("the last row is drawn");
    assert!(y + app.row_height(last) <= list.height as usize);
}

/// A long report with one rare word far down, and a short note.
fn report_library() -> Library {
    let mut body = String::from("# Report\n\n");
    for i in 1..=60 {
        body.push_str(&format!("Paragraph {i} says what it found.\n\n"));
        if i == 45 {
            body.push_str("Here the okapi appears, once.\n\n");
        }
    }
    Library::from_docs(
        vec![
            page("report.md", Kind::Page, "Report"),
            page("note.md", Kind::Page, "Note"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            if i == 0 {
                d.body = body.clone();
            }
            d
        })
        .collect(),
        Vec::new(),
    )
}

#[test]
fn the_search_preview_shows_the_selected_hit_at_its_match() {
    let mut s = session(App::new(report_library(), Theme::dark(), 120, 40), None);
    s.act(Action::Search);
    let actions: Vec<Action> = "okapi".chars().map(Action::Input).collect();
    run(&mut s, &actions);
    let preview = s.preview().expect("a preview at 120 columns");
    let best = preview.best.expect("the match is marked");
    assert!(
        preview.scroll > 0 && preview.scroll <= best.line,
        "{preview:?}"
    );
    let terminal = draw(s.state());
    insta::assert_snapshot!("search_preview_120x40", terminal.backend());
    assert!(screen_text(&terminal).contains("Here the okapi appears, once."));
}

#[test]
fn the_search_preview_follows_the_selection() {
    let mut s = session(
        App::new(tui_support::library(), Theme::dark(), 120, 40),
        None,
    );
    s.act(Action::Search);
    let actions: Vec<Action> = "platform".chars().map(Action::Input).collect();
    run(&mut s, &actions);
    let hits: Vec<usize> = s.search_box().unwrap().hits.iter().map(|h| h.doc).collect();
    assert!(hits.len() > 1, "{hits:?}");
    assert_eq!(s.preview().map(|p| p.doc), Some(hits[0]));
    s.act(Action::Down);
    assert_eq!(s.preview().map(|p| p.doc), Some(hits[1]));
}

#[test]
fn a_narrow_search_box_keeps_its_snippets_and_has_no_preview() {
    let mut s = session(
        App::new(tui_support::library(), Theme::dark(), 80, 24),
        None,
    );
    s.act(Action::Search);
    run(&mut s, &[Action::Input('s'), Action::Input('u')]);
    assert!(s.preview().is_none());
}

#[test]
fn every_size_draws_reading_mode_the_stack_and_the_preview_without_panicking() {
    for w in [40, 60, 79, 80, 99, 100, 119, 120, 200] {
        for h in [10, 11, 24, 40] {
            let mut s = session(App::new(tui_support::library(), Theme::dark(), w, h), None);
            run(&mut s, &[Action::Activate, Action::ToggleReading]);
            draw(s.state());
            run(
                &mut s,
                &[Action::ToggleReading, Action::Search, Action::Input('p')],
            );
            draw(s.state());
        }
    }
}
