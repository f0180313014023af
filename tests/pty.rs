//! End to end: the real binary in a pseudo-terminal, read back through a vt100 parser.
//! Every wait is bounded and polls the parsed screen; nothing sleeps for timing.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    input: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    /// Set once the program's side of the terminal has closed.
    closed: bool,
}

impl Session {
    fn start() -> Session {
        Session::start_with(&[])
    }

    fn start_with(args: &[&str]) -> Session {
        Session::start_with_env(args, &[])
    }

    fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_paap"), args, env)
    }

    fn start_program(program: &str, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let home = tempfile::tempdir().expect("temp home").keep();
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("HOME", &home);
        command.env("XDG_CONFIG_HOME", home.join("config"));
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("XDG_DATA_HOME", home.join("data"));
        command.env_remove("NO_COLOR");
        command.env_remove("BROWSER");
        command.env_remove("VISUAL");
        command.env_remove("EDITOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn paap");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let input = pty.master.take_writer().expect("pty writer");
        let (sender, output) = channel();
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut chunk = [0u8; 8192];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 || sender.send(chunk[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let size = |n| std::num::NonZeroU16::new(n).expect("a non-zero size");
        Session {
            parser: vt100::Parser::new(size(ROWS), size(COLS), 0),
            output,
            input,
            child,
            closed: false,
        }
    }

    /// A shell command line in the terminal (for pipes).
    fn start_shell(line: &str) -> Session {
        Session::start_program("sh", &["-c", line], &[])
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feeds output to the parser until `done` holds for the screen, or fails after `PATIENCE`.
    fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self.parser.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "timed out waiting for {what}; the screen:\n{}",
                        self.screen()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    assert!(
                        done(self.parser.screen()),
                        "paap exited before {what}; the screen:\n{}",
                        self.screen()
                    );
                    return;
                }
            }
        }
    }

    fn press(&mut self, keys: &str) {
        self.input
            .write_all(keys.as_bytes())
            .expect("write to the pty");
        self.input.flush().expect("flush the pty");
    }

    /// Waits (bounded) for the program to exit and its output to be read to the end.
    fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                // Drain to the end of the output (the reader stops when the program's side
                // of the pty closes), so the parser sees the final escape sequences however
                // slowly a busy machine delivers them; a fixed grace period would be a race.
                loop {
                    let left = deadline.saturating_duration_since(Instant::now());
                    match self.output.recv_timeout(left) {
                        Ok(bytes) => self.parser.process(&bytes),
                        Err(RecvTimeoutError::Disconnected) => {
                            self.closed = true;
                            break;
                        }
                        Err(RecvTimeoutError::Timeout) => break,
                    }
                }
                return status;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "paap did not exit; the screen:\n{}",
                self.screen()
            );
            match self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                Ok(bytes) => self.parser.process(&bytes),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.closed {
            let _ = self.child.kill();
        }
    }
}

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
    // Only pages (and the initiative) are listed once the tab has switched.
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
