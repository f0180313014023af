//! The real binary in a pseudo-terminal, read back through a vt100 parser, for the end to
//! end tests. Every wait is bounded and polls the parsed screen; nothing sleeps for timing.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;
/// The config the sessions run with unless a test gives its own.
const DARK: &str = "theme = \"dark\"\n";

pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Session {
    pub parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    input: Arc<Mutex<Box<dyn Write + Send>>>,
    pub child: Box<dyn Child + Send + Sync>,
    /// The terminal's side of the pty, to read its modes (raw or not) afterwards.
    master: Box<dyn MasterPty + Send>,
    /// The temporary home folder paap runs with (its state is under `state/paap`).
    pub home: std::path::PathBuf,
    /// Set once the program's side of the terminal has closed.
    closed: bool,
}

impl Session {
    pub fn start() -> Session {
        Session::start_with(&[])
    }

    /// paap with `args` and the dark theme: `theme = "auto"` asks the terminal after the
    /// first frame, and keys a test types while that query reads the terminal could be
    /// taken by it.
    pub fn start_with(args: &[&str]) -> Session {
        Session::start_configured(args, DARK)
    }

    /// paap with `args` and these environment variables set.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_paap"), args, env, DARK, true)
    }

    /// A shell command line in the terminal (for pipes).
    pub fn start_shell(line: &str) -> Session {
        Session::start_program("sh", &["-c", line], &[], DARK, true)
    }

    /// paap with `args` and this config file.
    pub fn start_configured(args: &[&str], config: &str) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_paap"), args, &[], config, true)
    }

    /// paap with `args` in a terminal that answers no query (a test answers with
    /// `press`, when it likes, or never).
    pub fn start_mute(args: &[&str]) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_paap"), args, &[], DARK, false)
    }

    fn start_program(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        config: &str,
        answers: bool,
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let home = tempfile::tempdir().expect("temp home").keep();
        let config_dir = home.join("config").join("paap");
        std::fs::create_dir_all(&config_dir).expect("config folder");
        std::fs::write(config_dir.join("config.toml"), config).expect("config file");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("HOME", &home);
        command.env("XDG_CONFIG_HOME", home.join("config"));
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("XDG_DATA_HOME", home.join("data"));
        command.env_remove("NO_COLOR");
        command.env_remove("COLORFGBG");
        command.env_remove("BROWSER");
        command.env_remove("VISUAL");
        command.env_remove("EDITOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn paap");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let input = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let answers_queries = answers;
        let answers = Arc::clone(&input);
        let (sender, output) = channel();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = reader.read(&mut chunk) {
                // Like a real terminal (and unlike vt100's parser) this one answers the
                // background colour query and device attributes, so the query paap makes
                // after its first frame returns at once instead of waiting out its timeout.
                if answers_queries {
                    answer_queries(&chunk[..n], &answers);
                }
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
            master: pty.master,
            home,
            closed: false,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feeds output to the parser until `done` holds for the screen, or fails after `PATIENCE`.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&vt100::Screen) -> bool) {
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

    /// Feeds output to the parser until the bytes paap wrote hold `needle` (a query,
    /// which the parser drops), or fails after `PATIENCE`; only output from now on counts.
    pub fn wait_for_bytes(&mut self, what: &str, needle: &[u8]) {
        let deadline = Instant::now() + PATIENCE;
        let mut seen: Vec<u8> = Vec::new();
        while !seen.windows(needle.len()).any(|w| w == needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    seen.extend_from_slice(&bytes);
                }
                Err(_) => panic!("no {what} from paap; the screen:\n{}", self.screen()),
            }
        }
    }

    pub fn press(&mut self, keys: &str) {
        let mut input = self.input.lock().expect("the pty writer");
        input.write_all(keys.as_bytes()).expect("write to the pty");
        input.flush().expect("flush the pty");
    }

    /// Waits (bounded) for the program to exit and its output to be read to the end.
    pub fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
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

/// Answers OSC 11 (background colour: white), DA1 (device attributes: no graphics) and
/// DSR (device status: fine; the picture protocol query ends with it) found in `bytes`,
/// in the order a terminal would.
fn answer_queries(bytes: &[u8], input: &Mutex<Box<dyn Write + Send>>) {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let mut reply = Vec::new();
    if has(b"\x1b]11;?") {
        reply.extend_from_slice(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\");
    }
    if has(b"\x1b[c") {
        reply.extend_from_slice(b"\x1b[?62;22c");
    }
    if has(b"\x1b[5n") {
        reply.extend_from_slice(b"\x1b[0n");
    }
    if !reply.is_empty()
        && let Ok(mut input) = input.lock()
    {
        let _ = input.write_all(&reply);
        let _ = input.flush();
    }
}

impl Session {
    /// Sends `signal` (a name such as "INT") to paap with kill(1).
    pub fn signal(&self, signal: &str) {
        let pid = self.child.process_id().expect("paap's pid");
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -{signal} {pid}");
    }

    /// Whether the terminal is in canonical (cooked) mode with echo, as a shell wants it:
    /// false while paap holds it in raw mode.
    pub fn cooked(&self) -> bool {
        let termios = self.master.get_termios().expect("the pty's modes");
        let flags = format!("{:?}", termios.local_flags);
        flags.contains("ICANON") && flags.contains("ECHO")
    }

    /// Waits (bounded) until the terminal is cooked again, reading output meanwhile.
    pub fn wait_for_cooked(&mut self, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.cooked() {
            assert!(Instant::now() < deadline, "{what}: the terminal stayed raw");
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(20)) {
                self.parser.process(&bytes);
            }
        }
    }

    /// Waits (bounded) until the kernel reports paap stopped (state `T` in /proc), so a
    /// SIGCONT sent next finds it stopped rather than about to stop.
    pub fn wait_stopped(&mut self, what: &str) {
        let pid = self.child.process_id().expect("paap's pid");
        let stat = format!("/proc/{pid}/stat");
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = std::fs::read_to_string(&stat).unwrap_or_default();
            // The state follows the command name, which is in parentheses.
            let state = text
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().next());
            if state == Some("T") {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: paap did not stop ({text})"
            );
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(20)) {
                self.parser.process(&bytes);
            }
        }
    }

    /// The terminal is given back: cooked, the main screen, the cursor shown, no mouse.
    pub fn assert_given_back(&self, what: &str) {
        let screen = self.parser.screen();
        assert!(self.cooked(), "{what}: raw mode was left on");
        assert!(
            !screen.alternate_screen(),
            "{what}: the alternate screen was left on"
        );
        assert!(!screen.hide_cursor(), "{what}: the cursor is hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{what}: mouse capture is on"
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.closed {
            let _ = self.child.kill();
        }
    }
}
