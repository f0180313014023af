//! Folders loaded after the first frame: the progress line, then the library handed over
//! as a reload, with the document on screen and the selected row kept, and an open search
//! asked again over the new worker.

mod tui_support;

use std::sync::Arc;

use paap::app::{Action, App, Effect, Reload};
use paap::content::{Doc, Kind, Library};
use paap::markdown::Theme;
use tui_support::{draw, run, screen_text, session};

fn note(i: usize) -> Doc {
    Doc {
        id: format!("notes/note-{i}.md"),
        slug: format!("note-{i}"),
        kind: Kind::Page,
        title: format!("Note {i}"),
        body: format!("# Note {i}\n\nA platform note, number {i}.\n"),
        // Half newer and half older than every test document: notes arrive above the
        // rows on screen and below them.
        date: chrono::NaiveDate::from_ymd_opt(
            if i.is_multiple_of(2) { 2030 } else { 2000 },
            1,
            1 + (i % 28) as u32,
        ),
        ..Doc::default()
    }
}

/// The test library plus `extra` notes: what the background load brings.
fn bigger(extra: usize) -> Library {
    let mut docs = tui_support::library().docs().to_vec();
    docs.extend((0..extra).map(note));
    Library::from_docs(docs, Vec::new())
}

#[test]
fn progress_shows_in_the_status_line_and_the_swap_keeps_what_the_reader_sees() {
    let mut app = App::new(tui_support::library(), Theme::dark(), 100, 30);
    run(&mut app, &[Action::Down, Action::Down, Action::Activate]);
    let reading = app.current_doc().unwrap().id.clone();
    run(
        &mut app,
        &[Action::LoadProgress {
            done: 12_345,
            total: 49_600,
        }],
    );
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("loading 12,345 of 49,600 documents"),
        "{screen}"
    );
    assert_eq!(app.loading(), Some((12_345, 49_600)));

    let loaded = Reload::new(Arc::new(bigger(40)), Some("45 documents loaded.".into()));
    run(&mut app, &[Action::Reloaded(loaded)]);
    assert_eq!(app.library().docs().len(), 45);
    assert_eq!(app.current_doc().unwrap().id, reading, "the same document");
    let row = app.rows()[app.selected_row()];
    assert_eq!(app.library().doc(row).id, reading, "the same row selected");
    assert_eq!(app.loading(), None);
    assert_eq!(app.status(), Some("45 documents loaded."));
    assert!(screen_text(&draw(&app)).contains("Library (45)"));
}

/// A session on the test library with 10 of 45 files read.
fn loading_session() -> tui_support::TestSession {
    let mut app = session(
        App::new(tui_support::library(), Theme::dark(), 100, 30),
        None,
    );
    run(
        &mut app,
        &[Action::LoadProgress {
            done: 10,
            total: 45,
        }],
    );
    app
}

#[test]
fn a_search_typed_while_loading_says_so_and_runs_again_over_everything() {
    let mut app = loading_session();
    run(&mut app, &[Action::Search]);
    for c in "note".chars() {
        run(&mut app, &[Action::Input(c)]);
    }
    let search = app.search_box().unwrap();
    assert!(
        search
            .warnings
            .iter()
            .any(|w| w.contains("loading 10 of 45 documents")),
        "{:?}",
        search.warnings
    );
    let loaded = Reload::new(Arc::new(bigger(40)), None);
    let effects = app.handle(Action::Reloaded(loaded)).unwrap();
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Search(_))),
        "{effects:?}"
    );
    app.settle().unwrap();
    let search = app.search_box().unwrap();
    assert!(search.warnings.is_empty(), "{:?}", search.warnings);
    assert!(
        search.hits.iter().any(|h| h.title.starts_with("Note ")),
        "the new documents are found: {:?}",
        search.hits.iter().map(|h| &h.title).collect::<Vec<_>>()
    );
}

/// A part of a load still going: the documents read so far, and more to come.
fn part(extra: usize) -> Reload {
    Reload {
        partial: true,
        ..Reload::new(Arc::new(bigger(extra)), None)
    }
}

#[test]
fn the_library_fills_in_as_parts_arrive_and_the_selected_row_stays_on_its_line() {
    let mut app = App::new(tui_support::library(), Theme::dark(), 100, 30);
    run(
        &mut app,
        &[
            Action::LoadProgress {
                done: 20,
                total: 45,
            },
            Action::Down,
            Action::Down,
        ],
    );
    let selected = app.rows()[app.selected_row()];
    let chosen = app.library().doc(selected).id.clone();
    let line_of = |app: &App| app.selected_row() - app.list_offset();
    let line = line_of(&app);

    run(&mut app, &[Action::Reloaded(part(200))]);
    assert_eq!(app.library().docs().len(), 205);
    assert_eq!(app.loading(), Some((20, 45)), "still loading");
    let row = app.rows()[app.selected_row()];
    assert_eq!(
        app.library().doc(row).id,
        chosen,
        "the same document selected"
    );
    assert_eq!(line_of(&app), line, "on the same line of the screen");
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Library (205)"), "{screen}");

    run(
        &mut app,
        &[Action::Reloaded(Reload::new(Arc::new(bigger(400)), None))],
    );
    assert_eq!(app.library().docs().len(), 405);
    assert_eq!(line_of(&app), line);
    assert_eq!(app.loading(), None, "the whole library ends the load");
    let row = app.rows()[app.selected_row()];
    assert_eq!(app.library().doc(row).id, chosen);
}

#[test]
fn a_search_over_a_part_finds_what_is_in_and_runs_again_over_the_whole() {
    let mut app = loading_session();
    app.handle(Action::Reloaded(part(10))).unwrap();
    run(&mut app, &[Action::Search]);
    for c in "note".chars() {
        run(&mut app, &[Action::Input(c)]);
    }
    app.settle().unwrap();
    let titles = |app: &tui_support::TestSession| {
        let mut titles: Vec<String> = app
            .app()
            .search_box()
            .unwrap()
            .hits
            .iter()
            .filter(|h| h.title.starts_with("Note "))
            .map(|h| h.title.clone())
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(titles(&app).len(), 10, "{:?}", titles(&app));
    assert!(
        app.app()
            .search_box()
            .unwrap()
            .warnings
            .iter()
            .any(|w| w.contains("loading 10 of 45")),
        "{:?}",
        app.app().search_box().unwrap().warnings
    );

    app.handle(Action::Reloaded(Reload::new(Arc::new(bigger(40)), None)))
        .unwrap();
    app.settle().unwrap();
    assert!(titles(&app).len() > 10, "{:?}", titles(&app));
    assert!(app.app().search_box().unwrap().warnings.is_empty());
}
