//! `paap sync` on a terminal: the real binary in a pseudo-terminal, against a loopback
//! server, read back through a vt100 parser. The server holds the second half of the
//! archive until the test has seen the bar part-way, so nothing waits on timing.

mod sync_support;

use std::io::Read;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use sync_support::{Gate, Reply, Server, community_archive};

const ROWS: u16 = 12;
const COLS: u16 = 120;
const PATIENCE: Duration = Duration::from_secs(20);

/// Feeds the pty's output to `parser` until `done` holds for the screen, or fails after
/// `PATIENCE`; returns false if the program's side closed first.
fn wait_for(
    parser: &mut vt100::Parser,
    output: &Receiver<Vec<u8>>,
    what: &str,
    done: impl Fn(&str) -> bool,
) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while !done(&parser.screen().contents()) {
        match output.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(bytes) => parser.process(&bytes),
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "timed out waiting for {what}:\n{}",
                    parser.screen().contents()
                )
            }
            Err(RecvTimeoutError::Disconnected) => return done(&parser.screen().contents()),
        }
    }
    true
}

#[test]
fn sync_on_a_terminal_draws_a_progress_bar_then_one_summary_line() {
    let server = Server::start();
    let archive = community_archive("The full post.");
    let half = archive.len() / 2;
    let gate = Gate::default();
    server.set(
        "/cnpe.tar.gz",
        Reply::Gated {
            first: archive[..half].to_vec(),
            rest: archive[half..].to_vec(),
            gate: gate.clone(),
        },
    );
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[sources]]\nname = \"cnpe-community\"\nurl = \"{}\"\n\
             paths = [\"website/content/en\", \"platform-as-a-product\"]\n",
            server.url("/cnpe.tar.gz")
        ),
    )
    .unwrap();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_paap"));
    command.args([
        "--config",
        &config.to_string_lossy(),
        "sync",
        "--insecure-http",
    ]);
    command.env("TERM", "xterm-256color");
    command.env("HOME", home.path());
    command.env("XDG_DATA_HOME", home.path().join("data"));
    command.env("XDG_STATE_HOME", home.path().join("state"));
    for proxy in [
        "ALL_PROXY",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "all_proxy",
        "https_proxy",
        "http_proxy",
    ] {
        command.env_remove(proxy);
    }
    let mut child = pty.slave.spawn_command(command).expect("spawn paap");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
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
    let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);

    // Half the archive has come: the bar is drawn part-way, with the total it expects.
    let bytes = indicatif::HumanBytes(archive.len() as u64).to_string();
    let total = format!("/{bytes}");
    let part_way = |screen: &str| {
        screen.contains("cnpe-community [") && screen.contains(&total) && screen.contains("=> ")
    };
    assert!(
        wait_for(&mut parser, &output, "the bar part-way", part_way),
        "paap ended before the download did:\n{}",
        parser.screen().contents()
    );

    gate.open();
    let summary = "cnpe-community: synced 5 files,";
    wait_for(&mut parser, &output, "the summary line", |s| {
        s.contains(summary)
    });
    let status = child.wait().expect("paap exits");
    assert!(status.success(), "{}", parser.screen().contents());

    let screen = parser.screen().contents();
    let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    // The finished bar, full, then the one summary line.
    assert_eq!(lines.len(), 2, "{screen}");
    assert!(lines[0].starts_with("cnpe-community [="), "{screen}");
    assert!(lines[0].contains(&format!("{bytes}{total}")), "{screen}");
    assert!(!lines[0].contains("=> "), "a full bar: {screen}");
    assert!(lines[1].starts_with(summary), "{screen}");
    assert!(lines[1].contains("(commit 0123456789ab)"), "{screen}");
}
