//! The search box (`/`) and find in document (`Ctrl-f`, `n`, `N`), driven through the
//! runtime (`Session`, with the real search worker) by actions and key events, checked on
//! the App state and on TestBackend buffers.

mod tui_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use paap::app::find::Pattern;
use paap::app::{Action, App, Focus};
use paap::content::{Doc, Kind, Library};
use paap::markdown::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tui_support::{Drive, TestSession, draw, run, screen_text, session};

/// The test library in a session of this size.
fn app(width: u16, height: u16) -> TestSession {
    session(tui_support::app(width, height), None)
}

fn session_of(library: Library, width: u16, height: u16) -> TestSession {
    session(App::new(library, Theme::dark(), width, height), None)
}

// Document indices in the test library.
const INITIATIVE: usize = 0;
const SURVEY: usize = 1;
const OLDER: usize = 2;

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// Presses keys the way the event loop does: key map (or text box) to action, then update.
fn press(app: &mut TestSession, keys: &[KeyEvent]) {
    for k in keys {
        if let Some(action) = app.action_for_key(k) {
            app.act(action);
        }
    }
}

fn typed(text: &str) -> Vec<KeyEvent> {
    text.chars()
        .map(|c| key(KeyCode::Char(c), KeyModifiers::NONE))
        .collect()
}

fn type_text(app: &mut TestSession, text: &str) {
    let actions: Vec<Action> = text.chars().map(Action::Input).collect();
    run(app, &actions);
}

fn hit_titles(app: &App) -> Vec<String> {
    app.search_box()
        .unwrap()
        .hits
        .iter()
        .map(|h| h.title.clone())
        .collect()
}

/// The screen row holding `needle`, and its column (in cells).
fn find_on_screen(terminal: &Terminal<TestBackend>, needle: &str) -> Option<(u16, u16)> {
    let text = screen_text(terminal);
    text.lines().enumerate().find_map(|(y, row)| {
        row.find(needle)
            .map(|at| (row[..at].chars().count() as u16, y as u16))
    })
}

fn background(terminal: &Terminal<TestBackend>, x: u16, y: u16) -> Option<Color> {
    terminal.backend().buffer()[(x, y)].bg.into()
}

#[test]
fn slash_opens_the_box_and_typed_keys_go_to_the_query_not_the_key_map() {
    let mut app = app(80, 24);
    press(&mut app, &typed("/"));
    let search = app.search_box().expect("/ opens the search box");
    assert_eq!(search.query, "");
    assert_eq!(search.hits.len(), 5, "an empty query lists everything");

    // q, j, 1 and ? would quit, move, switch tab and open help without the box.
    press(&mut app, &typed("qj1?"));
    assert_eq!(app.search_box().unwrap().query, "qj1?");
    assert_eq!(app.help(), None);
    press(&mut app, &[key(KeyCode::Backspace, KeyModifiers::NONE)]);
    press(&mut app, &[key(KeyCode::Backspace, KeyModifiers::NONE)]);
    assert_eq!(app.search_box().unwrap().query, "qj");
    assert_eq!(
        app.action_for_key(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::ForceQuit),
        "Ctrl-c still quits"
    );
    assert_eq!(
        app.action_for_key(&key(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        Some(Action::Down)
    );
    assert_eq!(
        app.action_for_key(&key(KeyCode::Char('p'), KeyModifiers::CONTROL)),
        Some(Action::Up)
    );
}

#[test]
fn typing_a_query_updates_the_results_on_screen() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "finding");
    let hits = &app.search_box().unwrap().hits;
    let docs: Vec<usize> = hits.iter().map(|h| h.doc).collect();
    assert_eq!(
        docs.first(),
        Some(&OLDER),
        "the findings post first: {docs:?}"
    );
    assert!(
        docs.contains(&INITIATIVE),
        "the initiative mentions the findings"
    );
    assert!(!docs.contains(&SURVEY));
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("What we learned from platform teams"),
        "{screen}"
    );
    assert!(screen.contains("Platforms as a Product"), "{screen}");
    assert!(!screen.contains("Announcing the Platform"), "{screen}");
    assert!(screen.contains("2 results"), "{screen}");

    // Every keystroke searches again: erasing the query lists everything, a word found
    // nowhere lists nothing.
    run(&mut app, &vec![Action::InputBackspace; 7]);
    assert_eq!(app.search_box().unwrap().query, "");
    assert_eq!(app.search_box().unwrap().hits.len(), 5);
    assert!(screen_text(&draw(&app)).contains("5 results"));
    type_text(&mut app, "zqxv");
    assert_eq!(hit_titles(&app), Vec::<String>::new());
    assert!(screen_text(&draw(&app)).contains("no results"));
}

#[test]
fn titles_and_snippets_mark_the_matched_characters() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "findings");
    let second = &app.search_box().unwrap().hits[1];
    assert_eq!(second.doc, INITIATIVE);
    assert!(!second.snippet.as_ref().unwrap().highlights.is_empty());
    let terminal = draw(&app);
    // The initiative's snippet mentions the findings far to the right: the row is cut so
    // that the marked word shows, and it is marked.
    let (x, y) = find_on_screen(&terminal, "findings.")
        .expect("the second result's snippet shows its marked word");
    assert!(y > 3, "in the results, not the query line");
    assert_eq!(background(&terminal, x, y), Some(Color::Yellow));
    assert_ne!(background(&terminal, x - 2, y), Some(Color::Yellow));

    // Title letters matched are marked on a result row that is not selected.
    run(&mut app, &[Action::Escape, Action::Search]);
    type_text(&mut app, "platforms");
    assert_eq!(hit_titles(&app)[0], "Platforms as a Product");
    run(&mut app, &[Action::Down]);
    let terminal = draw(&app);
    let (x, y) = find_on_screen(&terminal, "init  Platforms as a Product").unwrap();
    let title_x = x + 6;
    assert_eq!(background(&terminal, title_x, y), Some(Color::Yellow));
    assert_eq!(
        background(&terminal, title_x + 8, y),
        Some(Color::Yellow),
        "s"
    );
    assert_ne!(
        background(&terminal, title_x + 10, y),
        Some(Color::Yellow),
        "a"
    );
}

#[test]
fn enter_opens_the_document_at_the_first_hit_with_the_words_highlighted() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "\"paragraph 45\"");
    assert_eq!(app.search_box().unwrap().hits[0].doc, OLDER);
    run(&mut app, &[Action::Activate]);
    assert!(app.search_box().is_none(), "Enter closes the box");
    assert_eq!(app.current(), Some(OLDER));
    assert_eq!(app.focus(), Focus::Document);
    assert!(app.history().depth() > 0, "opening a hit is a visit");

    let lines = &app.rendered().unwrap().rendered.lines;
    let hit_line = lines
        .iter()
        .position(|l| paap::app::find::line_text(l).contains("Paragraph 45 "))
        .expect("the line with the hit");
    let height = app.layout().doc_body.height as usize;
    assert!(app.scroll() > 0);
    assert!(
        (app.scroll()..app.scroll() + height).contains(&hit_line),
        "line {hit_line} on screen at scroll {}",
        app.scroll()
    );
    // The query's words, and the phrase as the document matched it.
    let find = app.find().expect("the search words stay highlighted");
    assert_eq!(
        find.pattern,
        Pattern::Words(vec!["45".into(), "paragraph".into(), "paragraph 45".into()])
    );

    let terminal = draw(&app);
    let (x, y) = find_on_screen(&terminal, "Paragraph 45 ").expect("hit on screen");
    assert_eq!(background(&terminal, x, y), Some(Color::Yellow));
    assert_eq!(background(&terminal, x + 10, y), Some(Color::Yellow), "45");
    // Other paragraphs on screen have the word marked too, but not their numbers.
    let (x2, y2) = find_on_screen(&terminal, "Paragraph 46 ").expect("next paragraph");
    assert_eq!(background(&terminal, x2, y2), Some(Color::Yellow));
    assert_ne!(background(&terminal, x2 + 10, y2), Some(Color::Yellow));

    // n continues from the hit.
    run(&mut app, &[Action::FindNext]);
    assert!(
        app.status().unwrap().starts_with("match "),
        "{:?}",
        app.status()
    );

    // Esc clears the highlights.
    run(&mut app, &[Action::Escape]);
    assert!(app.find().is_none());
    let terminal = draw(&app);
    let (x, y) = find_on_screen(&terminal, "Paragraph 45 ").unwrap();
    assert_ne!(background(&terminal, x, y), Some(Color::Yellow));
}

#[test]
fn selection_moves_and_enter_opens_the_selected_result() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "platform");
    let hits = app.search_box().unwrap().hits.clone();
    assert!(hits.len() >= 3, "{hits:?}");
    run(&mut app, &[Action::Down, Action::Down, Action::Up]);
    assert_eq!(app.search_box().unwrap().selected, 1);
    run(&mut app, &[Action::Up, Action::Up]);
    assert_eq!(app.search_box().unwrap().selected, 0, "stops at the top");
    run(&mut app, &[Action::Bottom, Action::Down]);
    run(&mut app, &vec![Action::Down; 10]);
    assert_eq!(app.search_box().unwrap().selected, hits.len() - 1);
    run(&mut app, &[Action::Activate]);
    assert_eq!(app.current(), Some(hits[hits.len() - 1].doc));
}

#[test]
fn a_click_selects_a_result_and_a_double_click_opens_it() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "platform");
    let terminal = draw(&app);
    let title = app.search_box().unwrap().hits[2].title.clone();
    let (x, y) = find_on_screen(&terminal, &title[..20]).unwrap();
    run(
        &mut app,
        &[Action::ClickAt {
            column: x,
            row: y + 1,
        }],
    );
    assert_eq!(
        app.search_box().unwrap().selected,
        2,
        "the snippet row counts too"
    );
    run(&mut app, &[Action::ClickAt { column: 79, row: 0 }]);
    assert_eq!(app.search_box().unwrap().selected, 2, "outside the results");
    run(&mut app, &[Action::DoubleClickAt { column: x, row: y }]);
    assert!(app.search_box().is_none());
    assert_eq!(app.current_doc().unwrap().title, title);
}

#[test]
fn escape_closes_the_box_and_leaves_everything_as_it_was() {
    let mut app = app(80, 24);
    let before = (app.current(), app.focus(), app.scroll());
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "survey");
    assert!(screen_text(&draw(&app)).contains(" Search "));
    run(&mut app, &[Action::Escape]);
    assert!(app.search_box().is_none());
    assert_eq!((app.current(), app.focus(), app.scroll()), before);
    assert!(!screen_text(&draw(&app)).contains(" Search "));
    // Typing no longer goes to a query: q quits again.
    assert_eq!(
        app.action_for_key(&key(KeyCode::Char('q'), KeyModifiers::NONE)),
        Some(Action::Quit)
    );
}

/// The findings post opened in the document pane.
fn older_open(width: u16, height: u16) -> TestSession {
    let mut app = app(width, height);
    run(&mut app, &[Action::Down, Action::Down, Action::Activate]);
    assert_eq!(app.current(), Some(OLDER));
    app
}

#[test]
fn ctrl_f_typing_and_enter_highlight_and_jump_to_the_first_match() {
    let mut app = older_open(80, 24);
    press(&mut app, &[key(KeyCode::Char('f'), KeyModifiers::CONTROL)]);
    assert!(app.find().is_some() && app.find_prompt_open());
    // n and N are typed into the prompt while it is open.
    press(&mut app, &typed("Part"));
    assert_eq!(app.find().unwrap().prompt_text(), "Part");
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Find: Part█"), "{screen}");
    assert!(screen.contains("3 matches"), "{screen}");
    press(&mut app, &[key(KeyCode::Enter, KeyModifiers::NONE)]);
    assert!(app.find().is_some() && !app.find_prompt_open());
    assert_eq!(app.status(), Some("match 1 of 3"));

    let lines = &app.rendered().unwrap().rendered.lines;
    let part1 = lines
        .iter()
        .position(|l| paap::app::find::line_text(l).contains("Part 1"))
        .unwrap();
    let height = app.layout().doc_body.height as usize;
    assert!((app.scroll()..app.scroll() + height).contains(&part1));
    let terminal = draw(&app);
    let (x, y) = find_on_screen(&terminal, "Part 1").expect("the match on screen");
    assert_eq!(background(&terminal, x, y), Some(Color::Yellow));
    assert!(screen_text(&terminal).contains("match 1 of 3"));
}

#[test]
fn n_and_shift_n_step_through_the_matches_and_wrap_around() {
    let mut app = older_open(80, 24);
    run(&mut app, &[Action::Find]);
    type_text(&mut app, "part");
    run(&mut app, &[Action::Activate]);
    press(&mut app, &typed("n"));
    assert_eq!(app.status(), Some("match 2 of 3"));
    let terminal = draw(&app);
    assert!(screen_text(&terminal).contains("match 2 of 3"));
    let (x, y) = find_on_screen(&terminal, "Part 2").expect("scrolled to the match");
    assert_eq!(background(&terminal, x, y), Some(Color::Yellow));
    assert_eq!(app.find().unwrap().current, Some(1));

    run(&mut app, &[Action::FindNext]);
    assert_eq!(app.status(), Some("match 3 of 3"));
    run(&mut app, &[Action::FindNext]);
    assert_eq!(app.status(), Some("match 1 of 3"), "wraps to the first");
    press(&mut app, &typed("N"));
    assert_eq!(app.status(), Some("match 3 of 3"), "and back to the last");
    assert!(screen_text(&draw(&app)).contains("Part 3"));
}

#[test]
fn find_matches_follow_the_layout_after_a_resize() {
    let mut app = older_open(120, 40);
    run(&mut app, &[Action::Find]);
    type_text(&mut app, "part");
    run(&mut app, &[Action::Activate]);
    let wide = app.find_matches();
    run(&mut app, &[Action::Resize(60, 24)]);
    let narrow = app.find_matches();
    assert_eq!(narrow.len(), wide.len());
    assert_ne!(*narrow, *wide, "the matches moved with the narrower layout");
    let lines = &app.rendered().unwrap().rendered.lines;
    for m in narrow.iter() {
        let text = paap::app::find::line_text(&lines[m.line]);
        let cols: String = text
            .chars()
            .skip(usize::from(m.start))
            .take(usize::from(m.end - m.start))
            .collect();
        assert_eq!(cols.to_lowercase(), "part", "line {}: {text:?}", m.line);
    }
}

#[test]
fn a_find_without_matches_says_so_and_esc_in_the_prompt_goes_back() {
    let mut app = older_open(80, 24);
    run(&mut app, &[Action::Down, Action::Down]);
    let scroll = app.scroll();
    run(&mut app, &[Action::Find]);
    type_text(&mut app, "zebra");
    assert!(screen_text(&draw(&app)).contains("no match"));
    run(&mut app, &[Action::Activate]);
    assert_eq!(app.status(), Some("no match for “zebra”"));
    run(&mut app, &[Action::FindNext]);
    assert_eq!(app.status(), Some("no match for “zebra”"));

    run(&mut app, &[Action::Find]);
    type_text(&mut app, "part");
    assert!(app.scroll() > scroll, "typing jumps to the first match");
    run(&mut app, &[Action::Escape]);
    assert!(app.find().is_none());
    assert_eq!(
        app.scroll(),
        scroll,
        "Esc goes back to where the reader was"
    );
    run(&mut app, &[Action::FindNext]);
    assert_eq!(
        app.status(),
        Some("Nothing to find: Ctrl-f finds in this document.")
    );
}

#[test]
fn a_find_belongs_to_its_document() {
    let mut app = older_open(120, 40);
    run(&mut app, &[Action::Find]);
    type_text(&mut app, "part");
    run(&mut app, &[Action::Activate]);
    assert!(app.find().is_some());
    run(&mut app, &[Action::FocusPrev, Action::Up]);
    assert_ne!(app.current(), Some(OLDER));
    assert!(app.find().is_none(), "another document has no highlights");
    run(&mut app, &[Action::Down]);
    assert_eq!(app.current(), Some(OLDER));
    assert!(app.find().is_none(), "nor does this one when it comes back");
}

#[test]
fn control_characters_in_titles_never_reach_the_screen() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "engineer");
    assert!(hit_titles(&app).iter().any(|t| t.contains('\x07')));
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "{:?}",
            cell.symbol()
        );
    }
    assert!(screen_text(&terminal).contains("Platform engineer"));
}

fn many_docs(count: usize) -> Library {
    let docs = (0..count)
        .map(|i| Doc {
            id: format!("blog/p{i}.md"),
            slug: format!("p{i}"),
            kind: Kind::Post,
            title: format!("Note number {i}"),
            body: format!("Platform note {i}."),
            ..Doc::default()
        })
        .collect();
    Library::from_docs(docs, Vec::new())
}

#[test]
fn scrolling_past_the_fetched_results_fetches_more() {
    let mut app = session_of(many_docs(100), 80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "platform");
    let first = app.search_box().unwrap().hits.len();
    assert!(first < 100, "a keystroke fetches a bounded page: {first}");
    assert!(screen_text(&draw(&app)).contains(&format!("{first}+ results")));
    run(&mut app, &vec![Action::PageDown; 30]);
    let search = app.search_box().unwrap();
    assert_eq!(search.hits.len(), 100);
    assert_eq!(search.selected, 99);
    let last_title = search.hits[99].title.clone();
    assert!(screen_text(&draw(&app)).contains(&last_title));
}

#[test]
fn search_overlay_snapshot_80x24() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "platform");
    run(&mut app, &[Action::Down]);
    insta::assert_snapshot!("search_overlay_80x24", draw(&app).backend());
}

#[test]
fn find_prompt_snapshot_80x24() {
    let mut app = older_open(80, 24);
    run(&mut app, &[Action::Find]);
    type_text(&mut app, "part");
    insta::assert_snapshot!("find_prompt_80x24", draw(&app).backend());
}

#[test]
fn the_newest_query_wins_and_old_hits_stay_until_then() {
    let mut app = app(80, 24);
    app.handle(Action::Search).unwrap();
    assert!(app.awaiting_search());
    app.settle().unwrap();
    assert_eq!(app.search_box().unwrap().hits.len(), 5);
    // The worker indexed the library and computed the backlinks before answering, so the
    // backlinks pane never parses every body on the UI thread.
    assert!(app.library().backlinks_ready());

    // Keys typed faster than the worker answers: the hits shown are the previous ones
    // until the newest query's arrive; answers to older queries are dropped.
    for c in "findings".chars() {
        app.handle(Action::Input(c)).unwrap();
    }
    assert!(app.awaiting_search());
    assert_eq!(
        app.search_box().unwrap().hits.len(),
        5,
        "previous hits meanwhile"
    );
    assert!(screen_text(&draw(&app)).contains("searching…"));
    app.settle().unwrap();
    let docs: Vec<usize> = app
        .search_box()
        .unwrap()
        .hits
        .iter()
        .map(|h| h.doc)
        .collect();
    assert_eq!(docs, [OLDER, INITIATIVE]);
    assert!(!screen_text(&draw(&app)).contains("searching…"));

    run(&mut app, &[Action::Activate]);
    assert_eq!(app.current(), Some(OLDER));
    assert!(app.find().is_some(), "the words are highlighted");
}

#[test]
fn the_worker_answers_what_the_index_answers() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "platform -kind:persona");
    let library = tui_support::library();
    let limit = app.search_box().unwrap().hits.len().max(8);
    let query = paap::search::parse_query("platform -kind:persona");
    let direct = paap::search::Index::build(&library).search(&library, &query, limit);
    assert!(!direct.is_empty());
    assert_eq!(app.search_box().unwrap().hits, direct);
}

#[test]
fn every_screen_size_draws_the_box_and_the_prompt_without_panicking() {
    let long = format!("{} 日本語 \u{1b}[2J \"platform", "x".repeat(300));
    for (w, h) in [
        (40, 10),
        (41, 11),
        (52, 12),
        (80, 24),
        (100, 30),
        (200, 60),
        (39, 9),
        (1, 1),
    ] {
        let mut app = app(w, h);
        run(&mut app, &[Action::Search]);
        type_text(&mut app, &long);
        run(&mut app, &vec![Action::InputBackspace; 300]);
        run(
            &mut app,
            &[
                Action::Down,
                Action::PageDown,
                Action::Resize(w / 2 + 1, h / 2 + 1),
            ],
        );
        draw(&app);
        run(&mut app, &[Action::Resize(w, h), Action::Escape]);
        run(
            &mut app,
            &[Action::Down, Action::Down, Action::Activate, Action::Find],
        );
        type_text(&mut app, &long);
        let screen = screen_text(&draw(&app));
        assert!(!screen.contains('\u{1b}'), "{w}x{h}");
    }
}

#[test]
fn an_empty_library_searches_to_no_results() {
    let mut app = session_of(Library::from_docs(Vec::new(), Vec::new()), 80, 24);
    run(&mut app, &[Action::Search]);
    assert!(screen_text(&draw(&app)).contains("no results"));
    type_text(&mut app, "anything");
    run(&mut app, &[Action::Activate]);
    assert_eq!(app.status(), Some("No result to open."));
    assert!(
        app.search_box().is_some(),
        "the box stays open to edit the query"
    );
    run(&mut app, &[Action::Escape, Action::Find]);
    assert_eq!(app.status(), Some("No document open: Enter opens one."));
}

/// A question about the bundled survey: the hit opens at its section, with the words the
/// document matched highlighted (the stemmed "funding" for "funded").
#[test]
fn a_question_opens_the_answering_section_with_its_word_forms_highlighted() {
    let library = paap::content::Library::load(&paap::content::LoadOptions {
        bundled: true,
        dirs: Vec::new(),
    })
    .unwrap();
    let mut app = session_of(library, 120, 40);
    run(&mut app, &[Action::Search]);
    type_text(&mut app, "how are platforms funded");
    let hit = app.search_box().unwrap().hits[0].clone();
    let section = hit.section.clone().expect("the hit names its section");
    assert_eq!(section.path.last().map(String::as_str), Some("Funding"));
    run(&mut app, &[Action::Activate]);
    assert_eq!(app.current(), Some(hit.doc));
    let rendered = &app.rendered().unwrap().rendered;
    let heading = rendered.anchor_line(&section.anchor).expect("the anchor");
    let top = app.scroll();
    assert!(
        top <= heading + 1 && heading < top + 38,
        "the Funding heading (line {heading}) is on screen from line {top}"
    );
    let find = app.find().expect("the matched words are highlighted");
    let Pattern::Words(words) = &find.pattern else {
        panic!("a search leaves words to highlight");
    };
    assert!(
        words.iter().any(|w| w.starts_with("fund") && w != "funded"),
        "the document's own form of the word: {words:?}"
    );
}
