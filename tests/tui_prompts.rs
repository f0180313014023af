//! Prompts under hostile input, and keys that no config can take away: a huge paste
//! costs one search, a prompt holds a bounded query, Ctrl-c always quits, Ctrl-z suspends.

mod tui_support;

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use paap::app::{Action, Effect, KeyMap, default_keymap};
use tui_support::{app, draw, run, screen_text};

const LIMIT: usize = 500;

#[test]
fn a_100_kb_paste_into_the_search_box_is_one_search_of_a_bounded_query() {
    let mut app = app(80, 24);
    run(&mut app, &[Action::Search]);
    let paste = "platform ".repeat(11_500);
    let effects = run(&mut app, &[Action::Paste(paste)]);
    let searches: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::Search(_)))
        .collect();
    assert_eq!(searches.len(), 1, "one search for the whole paste");
    let search = app.search_box().unwrap();
    assert_eq!(search.query.chars().count(), LIMIT);
    assert!(
        search.warnings.iter().any(|w| w.contains("cut at 500")),
        "{:?}",
        search.warnings
    );
    // Typing more changes nothing and asks for no search.
    let more = run(&mut app, &[Action::Input('x')]);
    assert!(more.is_empty(), "{more:?}");
    assert_eq!(app.search_box().unwrap().query.chars().count(), LIMIT);
}

#[test]
fn the_find_prompt_holds_a_bounded_pattern_and_drops_control_characters() {
    let mut app = app(120, 40);
    run(&mut app, &[Action::Activate, Action::Find]);
    run(
        &mut app,
        &[Action::Paste(format!("a\u{1b}[2J{}", "b".repeat(100_000)))],
    );
    let find = app.find().expect("the prompt's find");
    assert_eq!(find.prompt_text().chars().count(), LIMIT);
    assert!(find.prompt_text().starts_with("a[2Jb"));
    assert_eq!(app.status(), Some("cut at 500 characters"));
}

#[test]
fn ctrl_c_quits_even_when_the_config_binds_it_to_something_else() {
    let overrides = BTreeMap::from([("top".to_string(), vec!["ctrl-c".to_string()])]);
    let mut keymap: KeyMap = default_keymap();
    assert!(keymap.apply_overrides(&overrides).is_empty());
    let mut app = app(80, 24);
    app.set_keymap(keymap);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.action_for_key(&ctrl_c), Some(Action::ForceQuit));
    assert_eq!(run(&mut app, &[Action::ForceQuit]), vec![Effect::Quit]);
}

#[test]
fn ctrl_z_asks_the_runtime_to_suspend() {
    let mut app = app(80, 24);
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(app.action_for_key(&ctrl_z), Some(Action::Suspend));
    assert_eq!(run(&mut app, &[Action::Suspend]), vec![Effect::Suspend]);
}

#[test]
fn typing_into_the_find_prompt_looks_only_where_the_shorter_text_matched() {
    use paap::app::find::{Pattern, all_matches};
    let mut app = app(120, 40);
    // The findings post: sixty numbered paragraphs.
    run(
        &mut app,
        &[Action::Down, Action::Down, Action::Activate, Action::Find],
    );
    let total = app.rendered().unwrap().rendered.lines.len();
    let mut scanned = Vec::new();
    for c in "paragraph 55".chars() {
        run(&mut app, &[Action::Input(c)]);
        scanned.push(app.find_lines_scanned());
        // The same matches a whole scan finds.
        let pattern = Pattern::Text(app.find().unwrap().prompt_text().to_string());
        assert_eq!(
            *app.find_matches(),
            all_matches(&pattern, &app.rendered().unwrap().rendered)
        );
    }
    assert_eq!(
        scanned[0], total,
        "the first letter reads the whole document"
    );
    // "paragraph 5" matches paragraphs 5 and 50–59: "paragraph 55" looks at those lines.
    assert!(*scanned.last().unwrap() <= 11, "{scanned:?}");
    assert_eq!(app.find_matches().len(), 1);
    // Backspace goes back to a pattern already known: nothing is scanned.
    run(&mut app, &[Action::InputBackspace]);
    assert_eq!(app.find_lines_scanned(), 0);
    assert_eq!(app.find_matches().len(), 11);
}

#[test]
fn the_help_title_names_the_keys_the_config_binds() {
    let mut app = app(80, 12);
    run(&mut app, &[Action::Help]);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Keys · ? or Esc closes"), "{screen}");
    assert!(screen.contains("j/↓ more"), "{screen}");

    let overrides = BTreeMap::from([
        ("help".to_string(), vec!["f1".to_string()]),
        ("down".to_string(), vec!["n".to_string()]),
    ]);
    let mut keymap: KeyMap = default_keymap();
    assert!(keymap.apply_overrides(&overrides).is_empty());
    let mut app = app_with(keymap);
    run(&mut app, &[Action::Help]);
    let screen = screen_text(&draw(&app));
    assert!(screen.contains("Keys · F1 or Esc closes"), "{screen}");
    assert!(screen.contains(" n more "), "{screen}");
    assert!(!screen.contains("j/↓"), "{screen}");
}

fn app_with(keymap: KeyMap) -> paap::app::App {
    let mut app = app(80, 12);
    app.set_keymap(keymap);
    app
}
