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
        let rows: Vec<String> = s.rows(0, COLS).skip(2).take(3).collect();
        rows.iter()
            .all(|r| r.contains("│post ") || r.contains("┃post "))
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
        s.rows(0, COLS).skip(2).all(|r| {
            let library = r.split('┃').nth(1).unwrap_or_default();
            !library.contains("post ") && !library.contains("pers ")
        })
    });
    // Walk down to the initiative's row, counted on screen, one redraw at a time.
    let rows: Vec<String> = session.parser.screen().rows(0, COLS).skip(2).collect();
    let initiative = rows
        .iter()
        .position(|r| r.contains("init "))
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
