//! The author's loop: `e` asks for the editor (the effect carries the program, the file
//! and the line on screen), the runtime reads the content again after it, the watcher
//! brings changes on disk to the screen without a key press, and markdown read from
//! standard input opens like a file. Files live in temporary folders; waits for the
//! watcher are bounded and fail with what was on screen.

mod tui_support;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use paap::app::{Action, App, Effect, Focus};
use paap::content::{ContentSource, LoadOptions};
use paap::markdown::Theme;
use paap::tui::Watcher;
use tui_support::{Drive, TestSession, draw, run, screen_text, session};

/// How long a change on disk may take to arrive before the test fails (the watcher's
/// debounce is 150 ms; a loaded machine is slow).
const PATIENCE: Duration = Duration::from_secs(20);

fn folder_source(dir: &Path) -> ContentSource {
    ContentSource {
        options: LoadOptions {
            bundled: false,
            dirs: vec![dir.to_path_buf()],
        },
        standard_input: None,
        sources: None,
    }
}

/// A folder with a long note and a short one.
fn notes() -> (tempfile::TempDir, ContentSource) {
    let dir = tempfile::tempdir().unwrap();
    let mut long = String::from("---\ntitle: Long note\n---\n# Long note\n\nThe start.\n\n");
    for i in 1..=40 {
        long.push_str(&format!(
            "Line {i} of the first part, which says little.\n\n"
        ));
    }
    long.push_str("## Second part\n\nThe second part begins here.\n\n");
    for i in 1..=40 {
        long.push_str(&format!("More text {i} in the second part.\n\n"));
    }
    std::fs::write(dir.path().join("long.md"), long).unwrap();
    std::fs::write(
        dir.path().join("short.md"),
        "# Short note\n\nNothing much.\n",
    )
    .unwrap();
    let source = folder_source(dir.path());
    (dir, source)
}

fn app_on(source: &ContentSource, width: u16, height: u16) -> App {
    App::new(source.load().unwrap(), Theme::dark(), width, height)
}

/// The runtime over `source`, reading it again after the editor.
fn session_on(source: &ContentSource, width: u16, height: u16) -> TestSession {
    let mut s = session(app_on(source, width, height), None);
    s.set_source(source.clone());
    s
}

fn doc_titled(app: &App, title: &str) -> usize {
    (0..app.library().docs().len())
        .find(|&i| app.library().doc(i).title == title)
        .expect("the document is loaded")
}

/// Scrolls until `line` (rendered) is at the top.
fn scroll_to(app: &mut impl Drive, line: usize) {
    while app.state().scroll() < line {
        app.act(Action::Down);
    }
}

/// The one edit in `effects`: program, file, line.
fn the_edit(effects: &[Effect]) -> (Vec<String>, std::path::PathBuf, usize) {
    match effects {
        [
            Effect::Edit {
                program,
                file,
                line,
            },
        ] => (program.clone(), file.clone(), *line),
        other => panic!("expected one edit, got {other:?}"),
    }
}

fn file_line(file: &Path, text: &str) -> usize {
    let content = std::fs::read_to_string(file).unwrap();
    content
        .lines()
        .position(|l| l == text)
        .expect("the text is in the file")
        + 1
}

#[test]
fn e_asks_for_the_editor_with_the_program_the_file_and_the_line_on_screen() {
    let (dir, source) = notes();
    let mut app = app_on(&source, 120, 40);
    app.set_editor(vec!["my-editor".into(), "--wait".into()]);
    let doc = doc_titled(&app, "Long note");
    run(&mut app, &[Action::OpenDocument(doc)]);
    // The heading "Second part" at the top of the view.
    let heading = app.rendered().unwrap().rendered.headings[0].line;
    scroll_to(&mut app, heading);
    let (program, file, line) = the_edit(&run(&mut app, &[Action::Edit]));
    assert_eq!(program, ["my-editor", "--wait"]);
    assert_eq!(file, dir.path().join("long.md"));
    assert_eq!(line, file_line(&file, "## Second part"));
    // A paragraph at the top: its own line in the file.
    let lines = &app.rendered().unwrap().rendered.lines;
    let third = lines
        .iter()
        .position(|l| paap::markdown::line_text(l).contains("More text 3 "))
        .unwrap();
    let top = paap::markdown::line_text(&lines[third]);
    scroll_to(&mut app, third);
    let (_, _, line) = the_edit(&run(&mut app, &[Action::Edit]));
    assert_eq!(line, file_line(&file, top.trim()), "{top:?}");
}

#[test]
fn a_bundled_document_has_no_file_and_says_so() {
    let mut app = tui_support::app(120, 40);
    let effects = run(&mut app, &[Action::Activate, Action::Edit]);
    assert!(effects.is_empty());
    let status = app.status().unwrap_or_default();
    assert!(status.contains("no file to edit"), "{status}");
}

#[test]
fn after_the_editor_the_document_is_read_again_at_the_same_place() {
    let (dir, source) = notes();
    let mut s = session_on(&source, 120, 40);
    s.outside_mut().editor_appends = Some("\nAdded by the editor.\n".into());
    let doc = doc_titled(&s, "Long note");
    s.act(Action::OpenDocument(doc));
    let heading = s.rendered().unwrap().rendered.headings[0].line;
    scroll_to(&mut s, heading);
    s.act(Action::Edit);
    let (program, file, _) = &s.outside().edited[0];
    assert_eq!(program, &["vi"]);
    assert_eq!(file, &dir.path().join("long.md"));
    // Read again: the new line is there, the view still at "Second part".
    let rendered = &s.rendered().unwrap().rendered;
    assert_eq!(s.scroll(), rendered.headings[0].line);
    s.act(Action::Bottom);
    let screen = screen_text(&draw(s.state()));
    assert!(screen.contains("Added by the editor."), "{screen}");
    // Mouse capture was given back after the editor.
    assert_eq!(s.outside().mouse.last(), Some(&true));
}

/// Hands the watcher's reloads to the session until `done` holds for it (one change on
/// disk may arrive as more than one reload); fails after `PATIENCE` with the screen.
fn reload_until(
    s: &mut TestSession,
    inbox: &mpsc::Receiver<Action>,
    what: &str,
    done: impl Fn(&App) -> bool,
) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while !done(s.state()) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match inbox.recv_timeout(left) {
            Ok(action) => {
                s.act(action);
            }
            Err(_) => panic!(
                "no reload brought {what}; the screen:\n{}",
                screen_text(&draw(s.state()))
            ),
        }
    }
}

fn on_screen(app: &App, text: &str) -> bool {
    screen_text(&draw(app)).contains(text)
}

#[test]
fn a_file_changed_on_disk_reaches_the_screen_without_a_key() {
    let (dir, source) = notes();
    let mut s = session_on(&source, 120, 40);
    let (sender, inbox) = mpsc::channel();
    let _watcher = Watcher::start(source, None, move |a| {
        let _ = sender.send(a);
    })
    .unwrap();
    let doc = doc_titled(&s, "Short note");
    s.act(Action::OpenDocument(doc));
    std::fs::write(
        dir.path().join("short.md"),
        "# Short note\n\nRewritten while paap was open.\n",
    )
    .unwrap();
    reload_until(&mut s, &inbox, "the new text", |app| {
        on_screen(app, "Rewritten while paap was open.")
    });
    assert_eq!(s.current_doc().unwrap().title, "Short note");

    // A new file joins the library and the search index.
    std::fs::write(dir.path().join("new.md"), "# Brand new\n\nA wombat.\n").unwrap();
    reload_until(&mut s, &inbox, "the new file", |app| {
        on_screen(app, "Brand new")
    });
    s.act(Action::Search);
    run(
        &mut s,
        &"wombat".chars().map(Action::Input).collect::<Vec<_>>(),
    );
    let hits = &s.search_box().unwrap().hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title, "Brand new");
    s.act(Action::Escape);

    // The open document removed: the library says so.
    std::fs::remove_file(dir.path().join("short.md")).unwrap();
    reload_until(&mut s, &inbox, "the removal", |app| {
        app.library().docs().iter().all(|d| d.title != "Short note")
    });
    let status = s.status().unwrap_or_default().to_string();
    assert!(status.contains("\"Short note\" was removed"), "{status}");
    assert_eq!(s.focus(), Focus::Library);
    assert!(s.library().docs().iter().all(|d| d.title != "Short note"));
    let screen = screen_text(&draw(s.state()));
    assert!(screen.contains("was removed"), "{screen}");
}

#[test]
fn a_single_file_is_watched_through_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.md");
    std::fs::write(&file, "# One\n\nFirst words.\n").unwrap();
    let source = folder_source(&file);
    let mut s = session_on(&source, 120, 40);
    let (sender, inbox) = mpsc::channel();
    let _watcher = Watcher::start(source, None, move |a| {
        let _ = sender.send(a);
    })
    .unwrap();
    s.act(Action::OpenDocument(0));
    // Saved the way many editors save: a new file renamed over the old one.
    let temp = dir.path().join(".one.md.tmp");
    std::fs::write(&temp, "# One\n\nSecond words.\n").unwrap();
    std::fs::rename(&temp, &file).unwrap();
    reload_until(&mut s, &inbox, "the saved file", |app| {
        on_screen(app, "Second words.")
    });
}

/// The watch starts after the first frame: a file saved between its reading and then
/// sends no event, and is found by its time once the watch is up.
#[test]
fn a_file_changed_before_the_watch_began_is_loaded_again() {
    let (dir, source) = notes();
    let since = std::time::SystemTime::now();
    let mut s = session_on(&source, 120, 40);
    let doc = doc_titled(&s, "Short note");
    s.act(Action::OpenDocument(doc));
    std::fs::write(
        dir.path().join("short.md"),
        "# Short note\n\nSaved before the watch began.\n",
    )
    .unwrap();
    let (sender, inbox) = mpsc::channel();
    let _watcher = Watcher::start(source, Some(since), move |a| {
        let _ = sender.send(a);
    })
    .unwrap();
    reload_until(&mut s, &inbox, "the text saved before the watch", |app| {
        on_screen(app, "Saved before the watch began.")
    });
}

#[test]
fn markdown_from_standard_input_opens_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other.md"), "# Other\n").unwrap();
    let source = ContentSource {
        options: LoadOptions::default(),
        standard_input: Some(
            b"---\ntitle: Piped notes\ntags: [pipe]\n---\n\nSee [the guide](guide.md).\n".to_vec(),
        ),
        sources: None,
    };
    let library = source.load().unwrap();
    let doc = library
        .standard_input_doc()
        .expect("a document from standard input");
    assert_eq!(library.doc(doc).title, "Piped notes");
    assert_eq!(library.doc(doc).tags, ["pipe"]);
    assert_eq!(library.find("-"), Ok(doc));
    let mut s = session(App::new(library, Theme::dark(), 80, 24), None);
    s.set_source(source);
    s.act(Action::OpenDocument(doc));
    let screen = screen_text(&draw(s.state()));
    assert!(
        screen.contains("Piped notes") && screen.contains("See the guide."),
        "{screen}"
    );
    // It has no file to edit, and says so.
    let effects = s.act(Action::Edit);
    assert!(effects.is_empty());
    assert!(s.status().unwrap_or_default().contains("standard input"));
}
