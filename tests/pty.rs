//! End to end: the real binary in a pseudo-terminal, read back through a vt100 parser.

mod pty_support;

use std::time::Instant;

use pty_support::{COLS, ROWS, Session};

/// The scroll position in the document border, e.g. "1–27/140 19%", or "all".
fn scroll_indicator(screen: &vt100::Screen) -> Option<String> {
    let bottom = screen.rows(0, COLS).nth(ROWS as usize - 2)?;
    let start = bottom.find(|c: char| c.is_ascii_digit())?;
    let text: String = bottom[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    Some(text)
}

#[test]
fn opens_a_post_scrolls_and_quits_leaving_the_alternate_screen() {
    let started = Instant::now();
    let mut session = Session::start();
    session.wait_for("the library", |s| {
        s.alternate_screen() && s.contents().contains("All Posts Personas Pages")
    });
    // A measurement for the report (spawn to first full frame, debug build), not a check.
    eprintln!("first frame after {:?}", started.elapsed());

    // The Posts tab, then open the selected post.
    session.press("2");
    // Only posts are listed once the tab has switched.
    session.wait_for("the posts tab", |s| {
        let kinds: Vec<char> = s
            .rows(0, COLS)
            .skip(2)
            .filter_map(|r| row_mark(&r))
            .collect();
        !kinds.is_empty() && kinds.iter().all(|&k| k == '✎')
    });
    session.press("\r");
    session.wait_for("the document to take focus", |s| {
        s.contents().contains("Tab link")
    });
    let before = scroll_indicator(session.parser.screen());
    assert!(
        before.as_deref().is_some_and(|b| b.starts_with("1–")),
        "a long post starts at its first line: {before:?}\n{}",
        session.screen()
    );

    // Page down: the position in the border moves.
    session.press(" ");
    session.wait_for("the post to scroll", |s| {
        scroll_indicator(s).is_some_and(|now| !now.starts_with("1–"))
    });

    session.press("q");
    let status = session.wait_for_exit();
    assert!(status.success(), "paap exited with {status:?}");
    let screen = session.parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture is off"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut session = Session::start();
    session.wait_for("the library", |s| {
        s.alternate_screen() && s.contents().contains("All Posts Personas Pages")
    });
    let pid = session.child.process_id().expect("paap's pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let status = session.wait_for_exit();
    assert!(!status.success());
    let screen = session.parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
}

#[test]
fn without_a_terminal_paap_says_so_and_exits_2() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_paap"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run paap");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("paap list"), "{stderr}");
    assert!(stderr.contains("paap show"), "{stderr}");
}

/// The kind mark that starts a library row on this screen line (`None` on a title's
/// second line or outside the list).
fn row_mark(line: &str) -> Option<char> {
    let mut chars = line.chars();
    let border = chars.next()?;
    let mark = chars.next()?;
    (matches!(border, '│' | '┃') && "⚑✎☺▢".contains(mark)).then_some(mark)
}

/// The document's title as drawn in its header (second screen row, right of the library).
fn document_title(screen: &vt100::Screen) -> String {
    let row = screen.rows(0, COLS).nth(1).unwrap_or_default();
    let mut panes = row
        .split(['│', '┃'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    panes.nth(1).unwrap_or_default().to_string()
}

#[test]
fn from_the_initiative_page_tab_enter_follows_a_link_and_backspace_returns() {
    let mut session = Session::start();
    session.wait_for("the library", |s| {
        s.contents().contains("All Posts Personas Pages")
    });
    session.press("4");
    // Only pages (and the initiative) are listed once the tab has switched. Every row of the
    // library pane is checked: a redraw can arrive in several reads, and rows further down may
    // still show the All tab's list until the last one is in.
    session.wait_for("the pages tab", |s| {
        let kinds: Vec<char> = s
            .rows(0, COLS)
            .skip(2)
            .filter_map(|r| row_mark(&r))
            .collect();
        !kinds.is_empty() && kinds.iter().all(|&k| k == '▢' || k == '⚑')
    });
    // Walk down to the initiative's row, counted on screen, one redraw at a time.
    let kinds: Vec<char> = session
        .parser
        .screen()
        .rows(0, COLS)
        .skip(2)
        .filter_map(|r| row_mark(&r))
        .collect();
    let initiative = kinds
        .iter()
        .position(|&k| k == '⚑')
        .expect("the initiative is listed");
    for _ in 0..initiative {
        let before = document_title(session.parser.screen());
        session.press("j");
        session.wait_for("the next row's preview", |s| document_title(s) != before);
    }
    assert!(
        session
            .parser
            .screen()
            .rows(0, COLS)
            .nth(2)
            .is_some_and(|r| r.contains(" initiative")),
        "the initiative is previewed:\n{}",
        session.screen()
    );
    let initiative_title = document_title(session.parser.screen());
    assert!(!initiative_title.is_empty());

    session.press("\r\t");
    session.wait_for("a selected link", |s| {
        s.rows(0, COLS)
            .last()
            .is_some_and(|r| r.trim_start().starts_with('→'))
    });
    let status = session
        .parser
        .screen()
        .rows(0, COLS)
        .last()
        .unwrap_or_default();
    let target = status.trim().trim_start_matches('→').trim();
    let target_title = target.split(" #").next().unwrap_or(target).to_string();

    session.press("\r");
    session.wait_for("the linked document", |s| {
        document_title(s).starts_with(&target_title[..target_title.len().min(20)])
    });
    session.press("\x7f");
    session.wait_for("the initiative again", |s| {
        document_title(s) == initiative_title
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}

/// On a terminal, `paap search` prints matched words in bold red, as grep and ripgrep do;
/// the text itself reads the same as when piped.
#[test]
fn search_on_a_terminal_highlights_matched_words() {
    let mut session = Session::start_with(&["search", "roadmap", "--limit", "3"]);
    assert!(session.wait_for_exit().success());
    let screen = session.parser.screen();
    let (rows, cols) = (ROWS, COLS);
    let mut highlighted = String::new();
    for row in 0..rows {
        for col in 0..cols {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            if cell.bold() && cell.fgcolor() == vt100::Color::Idx(1) {
                highlighted.push_str(cell.contents());
            }
        }
        highlighted.push('|');
    }
    assert!(
        highlighted.to_lowercase().contains("roadmap"),
        "no highlighted match; the screen:\n{}",
        session.screen()
    );
    assert!(session.screen().contains("roadmap") || session.screen().contains("Roadmap"));
}

/// `paap --content notes.md` opens on that file, as `glow notes.md` would show it.
#[test]
fn one_markdown_file_given_opens_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.md");
    std::fs::write(&file, "# My notes\n\nHello from a single file.\n").unwrap();
    let mut session = Session::start_with(&["--content", file.to_str().unwrap()]);
    session.wait_for("the file's text in the document pane", |s| {
        s.contents().contains("Hello from a single file.") && s.contents().contains("Tab link")
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}

/// `e` runs `$EDITOR` (here a script that appends a line) with the terminal given to it;
/// when it exits paap is back, with the document read again.
#[test]
fn e_runs_the_editor_and_the_document_comes_back_read_again() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.md");
    std::fs::write(&file, "# My notes\n\nBefore the editor.\n").unwrap();
    let editor = dir.path().join("append-editor");
    std::fs::write(
        &editor,
        "#!/bin/sh\nfor last; do :; done\necho 'Appended by the editor.' >> \"$last\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut session = Session::start_with_env(
        &[
            "--no-bundled",
            "--no-watch",
            "--content",
            file.to_str().unwrap(),
        ],
        &[("EDITOR", editor.to_str().unwrap())],
    );
    session.wait_for("the note", |s| s.contents().contains("Before the editor."));
    session.press("e");
    session.wait_for("the appended line after the editor", |s| {
        s.alternate_screen() && s.contents().contains("Appended by the editor.")
    });
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Appended by the editor.")
    );
    session.press("q");
    assert!(session.wait_for_exit().success());
}

/// A watched file changed by someone else shows on screen without a key press.
#[test]
fn a_watched_file_changed_from_outside_shows_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.md");
    std::fs::write(&file, "# My notes\n\nThe first version.\n").unwrap();
    let mut session =
        Session::start_with(&["--no-bundled", "--content", dir.path().to_str().unwrap()]);
    session.press("\r");
    session.wait_for("the note", |s| s.contents().contains("The first version."));
    std::fs::write(
        &file,
        "# My notes\n\nThe second version, written outside.\n",
    )
    .unwrap();
    session.wait_for("the new version", |s| {
        s.contents()
            .contains("The second version, written outside.")
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}

/// `cat notes.md | paap`: the piped markdown opens, and keys come from the terminal.
#[test]
fn markdown_piped_in_opens_and_keys_come_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("piped.md");
    std::fs::write(&file, "# Piped notes\n\nRead from a pipe.\n").unwrap();
    let line = format!(
        "cat '{}' | '{}' --no-bundled",
        file.display(),
        env!("CARGO_BIN_EXE_paap")
    );
    let mut session = Session::start_shell(&line);
    session.wait_for("the piped text", |s| {
        s.contents().contains("Read from a pipe.")
    });
    session.press("q");
    assert!(session.wait_for_exit().success());
}
