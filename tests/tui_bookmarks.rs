//! Bookmarks, the bookmarks and recently read overlay, and reading positions: scripted
//! `Action`s over `update`, and whole sessions (the runtime with its real store) on
//! temporary folders.

mod tui_support;

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use paap::app::{Action, Effect, Focus, MemoryChange, MemoryItem};
use paap::config::Config;
use paap::tui::Options;
use tui_support::{Drive, TestSession, app, draw, run, screen_text, session};

// Document indices in the test library.
const SURVEY: usize = 1;
const OLDER: usize = 2;
const OLDER_ID: &str = "blog/older.md";

/// Opens the long document from the library and scrolls `lines` down.
fn read_older(app: &mut impl Drive, lines: usize) {
    run(app, &[Action::Down, Action::Down, Action::Activate]);
    let state = app.state();
    assert_eq!(
        (state.current(), state.focus()),
        (Some(OLDER), Focus::Document)
    );
    for _ in 0..lines {
        run(app, &[Action::Down]);
    }
    assert_eq!(app.state().scroll(), lines);
}

/// A session of the test library whose memory is kept in `dir`.
fn stored(dir: &Path, width: u16, height: u16) -> TestSession {
    session(app(width, height), Some(dir))
}

/// Back to the library and opens the newest post (the survey).
fn open_survey(app: &mut impl Drive) -> Vec<Effect> {
    run(app, &[Action::FocusPrev, Action::Top, Action::Activate])
}

#[test]
fn m_bookmarks_the_top_line_and_the_overlay_lists_it() {
    let mut app = app(120, 40);
    read_older(&mut app, 7);
    let effects = run(&mut app, &[Action::ToggleBookmark]);
    assert_eq!(effects, vec![Effect::SaveState]);
    assert_eq!(
        app.status(),
        Some("Bookmarked line 8 of What we learned from platform teams (' lists bookmarks).")
    );
    assert!(app.memory().has_bookmark(OLDER_ID, 7));

    run(&mut app, &[Action::ShowBookmarks]);
    assert!(app.memory_overlay().is_some());
    assert_eq!(
        app.memory_items().first(),
        Some(&MemoryItem::Bookmark {
            doc: Some(OLDER),
            doc_id: OLDER_ID.into(),
            line: 7,
            title: "What we learned from platform teams".into(),
        })
    );
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Bookmarks & recently read"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("  What we learned from platform teams"))
        .unwrap_or_else(|| panic!("no bookmark row:\n{screen}"));
    assert!(row.contains("line 8"), "{row}");
    assert!(screen.contains("Recently read"), "{screen}");
    assert!(
        screen.contains("Enter open · d remove · Esc close"),
        "{screen}"
    );
}

#[test]
fn enter_in_the_overlay_opens_the_bookmark_at_its_line() {
    let mut app = app(120, 40);
    read_older(&mut app, 12);
    run(&mut app, &[Action::ToggleBookmark]);
    // Read further, then go elsewhere: the bookmark still opens at line 13.
    run(&mut app, &[Action::PageDown]);
    open_survey(&mut app);
    assert_eq!(app.current(), Some(SURVEY));

    run(&mut app, &[Action::ShowBookmarks, Action::Activate]);
    assert_eq!(app.memory_overlay(), None, "Enter closes the overlay");
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 12));
    assert_eq!(app.focus(), Focus::Document);
    assert!(app.history().depth() > 0, "opening a bookmark is a visit");
}

#[test]
fn the_overlay_opens_recent_documents_where_they_were_left_and_esc_closes_it() {
    let mut app = app(120, 40);
    read_older(&mut app, 5);
    open_survey(&mut app);
    run(&mut app, &[Action::ShowBookmarks]);
    // No bookmarks: a note says how to add one; then the recent documents, newest first.
    let items = app.memory_items();
    assert_eq!(
        items,
        vec![
            MemoryItem::Recent {
                doc: SURVEY,
                line: Some(0)
            },
            MemoryItem::Recent {
                doc: OLDER,
                line: Some(5)
            },
        ]
    );
    let screen = screen_text(&draw(&app));
    assert!(
        screen.contains("None yet: m in a document bookmarks the line at the top."),
        "{screen}"
    );
    run(&mut app, &[Action::Escape]);
    assert_eq!(app.memory_overlay(), None);
    assert_eq!(app.current(), Some(SURVEY), "Esc opens nothing");

    run(
        &mut app,
        &[Action::ShowBookmarks, Action::Down, Action::Activate],
    );
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 5));
}

#[test]
fn toggling_twice_removes_the_bookmark_and_d_removes_one_in_the_overlay() {
    let mut app = app(120, 40);
    read_older(&mut app, 3);
    assert_eq!(
        run(&mut app, &[Action::ToggleBookmark]),
        vec![Effect::SaveState]
    );
    assert_eq!(
        run(&mut app, &[Action::ToggleBookmark]),
        vec![Effect::SaveState]
    );
    assert_eq!(
        app.status(),
        Some("Bookmark removed: line 4 of What we learned from platform teams.")
    );
    assert!(app.memory().bookmarks.is_empty());

    run(&mut app, &[Action::ToggleBookmark, Action::ShowBookmarks]);
    assert_eq!(app.memory().bookmarks.len(), 1);
    let effects = run(&mut app, &[Action::DeleteBookmark]);
    assert_eq!(effects, vec![Effect::SaveState]);
    assert!(app.memory().bookmarks.is_empty());
    assert!(app.memory_overlay().is_some(), "d keeps the overlay open");
    // On a recent document, d explains instead of removing anything.
    run(&mut app, &[Action::DeleteBookmark]);
    assert_eq!(
        app.status(),
        Some("Only bookmarks can be removed from this list.")
    );
    // Outside the overlay, d says where it works.
    run(&mut app, &[Action::Escape, Action::DeleteBookmark]);
    assert!(app.status().unwrap().contains("bookmarks list ('"));
}

#[test]
fn a_document_reopens_where_it_was_left() {
    let mut app = app(120, 40);
    read_older(&mut app, 9);
    let effects = open_survey(&mut app);
    assert_eq!(
        effects,
        vec![Effect::SaveState],
        "leaving saves the position"
    );
    assert_eq!(app.memory().positions.get(OLDER_ID), Some(&9));

    // Reopening from the library, not through history, continues at line 10.
    run(&mut app, &[Action::FocusPrev, Action::Down, Action::Down]);
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 9));
    run(&mut app, &[Action::Activate]);
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 9));

    // Quitting records the position without an extra effect: the event loop saves
    // everything pending before it quits.
    run(&mut app, &[Action::Down, Action::Down]);
    let before = app.pending_changes().len();
    assert_eq!(run(&mut app, &[Action::Quit]), vec![Effect::Quit]);
    assert_eq!(
        app.pending_changes()[before..],
        [MemoryChange::SetPosition {
            doc_id: OLDER_ID.into(),
            line: 11
        }]
    );
}

#[test]
fn the_store_keeps_bookmarks_and_positions_across_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = stored(dir.path(), 120, 40);
    assert_eq!(first.status(), None);
    read_older(&mut first, 6);
    run(&mut first, &[Action::ToggleBookmark]);
    run(&mut first, &[Action::Down, Action::Down]);
    run(&mut first, &[Action::Quit]);
    assert!(first.finished());
    assert!(dir.path().join("state.json").is_file());

    let mut second = stored(dir.path(), 120, 40);
    assert!(second.memory().has_bookmark(OLDER_ID, 6));
    assert_eq!(second.memory().recent[0].doc_id, OLDER_ID);
    run(&mut second, &[Action::Down, Action::Down, Action::Activate]);
    assert_eq!((second.current(), second.scroll()), (Some(OLDER), 8));
}

#[test]
fn the_document_shown_at_start_opens_where_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = stored(dir.path(), 120, 16);
    run(&mut first, &[Action::Activate, Action::Down, Action::Down]);
    assert_eq!((first.current(), first.scroll()), (Some(SURVEY), 2));
    run(&mut first, &[Action::ForceQuit]);

    let mut second = stored(dir.path(), 120, 16);
    assert_eq!((second.current(), second.scroll()), (Some(SURVEY), 2));
    run(&mut second, &[Action::Activate]);
    assert_eq!(second.scroll(), 2);
}

#[test]
fn two_windows_keep_both_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    let mut one = stored(dir.path(), 120, 40);
    let mut two = stored(dir.path(), 120, 40);
    read_older(&mut one, 2);
    // Each bookmark is saved at once, merged with what the other window saved.
    run(&mut one, &[Action::ToggleBookmark]);
    read_older(&mut two, 4);
    run(&mut two, &[Action::ToggleBookmark]);
    assert!(two.memory().has_bookmark(OLDER_ID, 2), "merged on save");
    assert!(two.memory().has_bookmark(OLDER_ID, 4));
    let three = stored(dir.path(), 120, 40);
    assert_eq!(three.memory().bookmarks.len(), 2);
}

#[test]
fn a_corrupt_state_file_is_moved_aside_and_reported_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("state.json"), "{\"bookmarks\": [oops").unwrap();
    let mut app = stored(dir.path(), 120, 40);
    let status = app.status().expect("a warning").to_string();
    assert!(status.contains("not valid state JSON"), "{status}");
    assert!(status.contains("moved it to"), "{status}");
    assert!(screen_text(&draw(&app)).contains("not valid state JSON"));
    assert!(app.memory().bookmarks.is_empty() && app.memory().recent.is_empty());
    let moved: Vec<String> = files_in(dir.path())
        .into_iter()
        .filter(|name| name.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&moved[0])).unwrap(),
        "{\"bookmarks\": [oops",
        "the old bytes are kept"
    );
    // A clean start: a bookmark saves into a new file.
    read_older(&mut app, 1);
    run(&mut app, &[Action::ToggleBookmark]);
    let saved = std::fs::read_to_string(dir.path().join("state.json")).unwrap();
    assert!(saved.contains(OLDER_ID), "{saved}");
}

#[test]
fn a_failed_save_is_reported_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    // The state folder's place is taken by a file: creating the folder fails.
    let blocked = dir.path().join("state");
    std::fs::write(&blocked, "not a folder").unwrap();
    let mut app = session(app(120, 40), Some(&blocked));
    read_older(&mut app, 4);
    run(&mut app, &[Action::ToggleBookmark]);
    let status = app.status().unwrap();
    assert!(status.contains("are not saved"), "{status}");
    assert!(app.memory().has_bookmark(OLDER_ID, 4), "kept in memory");
    assert_eq!(std::fs::read_to_string(&blocked).unwrap(), "not a folder");

    // Once the folder can be made, the next save writes everything.
    std::fs::remove_file(&blocked).unwrap();
    run(&mut app, &[Action::Down, Action::ToggleBookmark]);
    let saved = std::fs::read_to_string(blocked.join("state.json")).unwrap();
    assert!(saved.contains(OLDER_ID), "{saved}");
}

#[test]
fn without_a_state_folder_memory_lasts_the_session() {
    let mut app = session(app(120, 40), None);
    assert!(app.stored_state().is_none());
    assert!(app.status().unwrap().contains("last only this session"));
    read_older(&mut app, 2);
    run(&mut app, &[Action::ToggleBookmark]);
    assert!(app.pending_changes().is_empty(), "handed to the runtime");
    assert!(app.memory().has_bookmark(OLDER_ID, 2));
}

#[test]
fn a_remapped_key_changes_what_update_does() {
    let config_text = "[keys]\ntoggle-bookmark = [\"b\"]\nbookmarks = [\"B\", \"ctrl-o\"]\n";
    let (config, warnings) =
        Config::from_toml_str(config_text, Path::new("/tmp/paap/config.toml")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let (options, problems) = Options::from_config(&config, paap::markdown::Theme::dark());
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = app(120, 40);
    app.set_keymap(options.keymap);
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(app.action_for_key(&key('m')), None, "m lost its binding");
    let action = app.action_for_key(&key('b')).expect("b is bound");
    assert_eq!(action, Action::ToggleBookmark);
    read_older(&mut app, 3);
    assert_eq!(run(&mut app, &[action]), vec![Effect::SaveState]);
    assert!(app.memory().has_bookmark(OLDER_ID, 3));
    assert!(
        app.status().unwrap().contains("(B lists bookmarks)"),
        "messages name the remapped key: {:?}",
        app.status()
    );
    let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(app.action_for_key(&ctrl_o), Some(Action::ShowBookmarks));
    // The help overlay shows the new keys.
    let help = app.help_lines();
    assert!(help.contains(&(
        "b".to_string(),
        "bookmark this document at the top line (again: remove)".to_string()
    )));
    assert!(help.iter().any(|(keys, _)| keys == "B Ctrl-o"), "{help:?}");
}

#[test]
fn help_says_d_removes_a_bookmark_in_the_list() {
    let app = app(120, 40);
    let help = app.help_lines();
    assert!(help.contains(&(
        "d".to_string(),
        "in the bookmarks list: remove the selected bookmark".to_string()
    )));
    assert!(help.contains(&(
        "'".to_string(),
        "bookmarks and recently read: Enter opens, Esc closes".to_string()
    )));
}

#[test]
fn the_overlay_takes_keys_until_closed_and_q_closes_it_first() {
    let mut app = app(120, 40);
    read_older(&mut app, 2);
    run(&mut app, &[Action::ToggleBookmark, Action::ShowBookmarks]);
    // Keys that mean something elsewhere do nothing here.
    run(
        &mut app,
        &[
            Action::NextLink,
            Action::CycleSidePane,
            Action::ToggleBookmark,
        ],
    );
    assert_eq!(app.memory().bookmarks.len(), 1);
    assert_eq!(app.selected_link(), None);
    assert_eq!(
        run(&mut app, &[Action::Quit]),
        vec![],
        "q closes the overlay"
    );
    assert_eq!(app.memory_overlay(), None);
    assert_eq!(run(&mut app, &[Action::Quit]), vec![Effect::Quit]);
}

#[test]
fn a_double_click_on_an_overlay_row_opens_it() {
    let mut app = app(120, 40);
    read_older(&mut app, 6);
    open_survey(&mut app);
    run(&mut app, &[Action::ShowBookmarks]);
    let screen = screen_text(&draw(&app));
    let row = screen
        .lines()
        .position(|l| l.contains("  What we learned from platform teams"))
        .unwrap_or_else(|| panic!("{screen}")) as u16;
    let column = app.memory_overlay_area().x + 4;
    run(&mut app, &[Action::DoubleClickAt { column, row }]);
    assert_eq!((app.current(), app.scroll()), (Some(OLDER), 6));
}

#[test]
fn a_small_terminal_scrolls_the_overlay_to_the_selection() {
    let mut app = app(60, 12);
    // Bookmarks on many lines of the long document.
    run(&mut app, &[Action::Down, Action::Down, Action::Activate]);
    for _ in 0..12 {
        run(&mut app, &[Action::ToggleBookmark, Action::Down]);
    }
    run(&mut app, &[Action::ShowBookmarks, Action::Bottom]);
    let screen = screen_text(&draw(&app));
    // The last entry is the recently read document, drawn with its heading; the
    // list scrolled past the top.
    assert!(screen.contains("│Recently read"), "{screen}");
    assert!(screen.contains("line 13 │"), "the current line: {screen}");
    assert!(!screen.contains("│Bookmarks"), "{screen}");
    run(&mut app, &[Action::Top]);
    let screen = screen_text(&draw(&app));
    assert!(!screen.contains("│Recently read"), "{screen}");
    assert!(
        screen.contains("line 12"),
        "newest bookmark first:\n{screen}"
    );
    assert!(screen.contains("│Bookmarks"), "{screen}");
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_backlink_to_a_document_read_before_opens_it_where_it_was_left() {
    let mut app = app(120, 16);
    run(&mut app, &[Action::Activate, Action::Down, Action::Down]);
    assert_eq!((app.current(), app.scroll()), (Some(SURVEY), 2));
    run(&mut app, &[Action::FocusPrev, Action::Down, Action::Down]);
    assert_eq!(app.current(), Some(OLDER));
    run(
        &mut app,
        &[
            Action::Activate,
            Action::CycleSidePane,
            Action::CycleSidePane,
            Action::FocusNext,
        ],
    );
    let survey_row = app
        .side_items()
        .iter()
        .position(|i| *i == paap::app::SideItem::Backlink { doc: SURVEY })
        .expect("the survey links to the older post");
    for _ in 0..survey_row {
        run(&mut app, &[Action::Down]);
    }
    run(&mut app, &[Action::Activate]);
    assert_eq!((app.current(), app.scroll()), (Some(SURVEY), 2));
}

#[test]
fn a_bookmark_on_a_document_no_longer_loaded_can_be_seen_and_removed() {
    let mut app = app(120, 40);
    let mut state = paap::store::State::default();
    state.add_bookmark("gone.md", 3, "Gone\u{1b}[2J away", 1);
    run(
        &mut app,
        &[Action::MemoryLoaded {
            state: Box::new(state),
            warning: None,
        }],
    );
    run(&mut app, &[Action::ShowBookmarks]);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Gone[2J away (not loaded)"), "{screen}");
    assert!(!screen.contains('\u{1b}'));
    run(&mut app, &[Action::Activate]);
    assert!(
        app.memory_overlay().is_some(),
        "nothing to open: the overlay stays"
    );
    assert_eq!(
        app.status(),
        Some("Gone[2J away (gone.md) is not in the loaded library; d removes the bookmark.")
    );
    assert_eq!(
        run(&mut app, &[Action::DeleteBookmark]),
        vec![Effect::SaveState]
    );
    assert!(app.memory().bookmarks.is_empty());
}

#[test]
fn overlay_snapshot_80x24() {
    let mut app = app(80, 24);
    read_older(&mut app, 4);
    run(&mut app, &[Action::ToggleBookmark]);
    open_survey(&mut app);
    run(&mut app, &[Action::ShowBookmarks, Action::Down]);
    let terminal = draw(&app);
    insta::assert_snapshot!("bookmarks_overlay_80x24", screen_text(&terminal));
    // The selected entry (the first recent document) is highlighted, and only it.
    let buffer = terminal.backend().buffer();
    let inner = paap::app::layout::inner(app.memory_overlay_area());
    let highlight = app.theme().highlight.bg.unwrap();
    let lit: Vec<u16> = (inner.y..inner.bottom())
        .filter(|&y| buffer[(inner.x + 2, y)].bg == highlight)
        .collect();
    assert_eq!(lit, vec![inner.y + 3]);
}

#[test]
fn what_a_signal_would_save_is_the_pending_changes_and_the_position_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = stored(dir.path(), 120, 40);
    read_older(&mut app, 3);
    run(&mut app, &[Action::ToggleBookmark]);
    assert_eq!(
        app.unsaved_changes(),
        vec![MemoryChange::SetPosition {
            doc_id: OLDER_ID.into(),
            line: 3
        }],
        "the bookmark is saved, the position not yet"
    );
    run(&mut app, &[Action::Down, Action::Down]);
    let unsaved = app.unsaved_changes();
    assert_eq!(
        unsaved,
        vec![MemoryChange::SetPosition {
            doc_id: OLDER_ID.into(),
            line: 5
        }]
    );
    assert!(app.pending_changes().is_empty(), "nothing was recorded yet");

    // A SIGHUP (terminal closed) saves them through a store of its own.
    assert_eq!(paap::tui::save_changes(dir.path(), unsaved).unwrap(), None);
    let mut next = app_after_restart(dir.path());
    run(&mut next, &[Action::Down, Action::Down, Action::Activate]);
    assert_eq!((next.current(), next.scroll()), (Some(OLDER), 5));
    assert!(next.memory().has_bookmark(OLDER_ID, 3));
}

fn app_after_restart(dir: &Path) -> TestSession {
    stored(dir, 120, 40)
}
