//! What the plain commands put on stdout: `--json` never lets a raw C1 control, DEL or
//! bidi control through (every command that has `--json`), `show` treats front matter as
//! data, and a reader that goes away ends every command quietly with exit 0.

use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use clap::CommandFactory as _;
use paap::cli::Cli;

/// Characters JSON allows raw that must never reach stdout raw.
fn is_hostile(c: char) -> bool {
    c >= '\u{7f}' && paap::text::is_unsafe(c)
}

const HOSTILE: &str = "\u{85}\u{7f}\u{9b}\u{202e}\u{2066}\u{200f}";

/// One document whose file name, title, tags, an extra front-matter key, link text and link
/// targets hold C1, DEL and bidi controls (the front matter spells them as YAML escapes; the
/// body has them raw). Title and tags are cleaned at load; the id and `note` are kept as
/// written, so the JSON writer still has controls to escape.
fn hostile_site(root: &Path) -> String {
    let id = format!("hos{HOSTILE}tile.md");
    fs::write(
        root.join(&id),
        format!(
            "---\ntitle: \"Hostile \\x85\\x7f\\x9b\\u202e\\u2066\\u200f title\"\n\
             tags: [\"t\\x85\\u202eg\"]\n\
             note: \"n\\x85\\x7f\\x9b\\u202e\\u2066\\u200fn\"\nsource: \"https://example.org/\\u202e\"\n---\n\n\
             # Hostile\n\nSee [te{HOSTILE}xt](no{HOSTILE}where.md) and \
             [web](https://a.example/{HOSTILE}).\n"
        ),
    )
    .unwrap();
    id
}

/// A synced source (as `paap sync --list` reads it) whose name and URL hold the controls.
fn hostile_source(home: &Path) {
    let folder = home
        .join("data")
        .join("paap")
        .join("sources")
        .join("hostile");
    fs::create_dir_all(&folder).unwrap();
    let meta = serde_json::json!({
        "name": format!("hos{HOSTILE}tile"),
        "url": format!("https://example.org/{HOSTILE}.tar.gz"),
        "download_url": "https://example.org/a.tar.gz",
        "repo": null, "paths": [], "hosts": [], "etag": null, "commit": null,
        "files": 0, "bytes": 0, "downloaded": 0,
        "fetched_at": "2026-12-01T00:00:00Z",
    });
    fs::write(folder.join(".paap-source.json"), meta.to_string()).unwrap();
}

fn paap(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("paap").unwrap();
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("NO_COLOR");
    cmd
}

/// The commands (and their argument) that print JSON over the hostile site.
fn json_commands(id: &str) -> Vec<Vec<String>> {
    [
        vec!["list"],
        vec!["search", "hostile"],
        vec!["links", id],
        vec!["check"],
        // What was synced: nothing here, but through the same escaping writer.
        vec!["sync", "--list"],
    ]
    .into_iter()
    .map(|args| {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        args.push("--json".into());
        args
    })
    .collect()
}

#[test]
fn every_command_with_json_is_covered_here() {
    let mut with_json: Vec<String> = Cli::command()
        .get_subcommands()
        .filter(|sub| sub.get_arguments().any(|arg| arg.get_id() == "json"))
        .map(|sub| sub.get_name().to_string())
        .collect();
    with_json.sort();
    let mut covered: Vec<String> = json_commands("x")
        .into_iter()
        .map(|a| a[0].clone())
        .collect();
    covered.sort();
    assert_eq!(
        with_json, covered,
        "a new --json command needs a case in json_commands"
    );
}

#[test]
fn json_output_escapes_c1_del_and_bidi_controls_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    let id = hostile_site(&site);
    hostile_source(dir.path());
    for args in json_commands(&id) {
        let output = paap(dir.path())
            .args(["--no-bundled", "--content"])
            .arg(&site)
            .args(&args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!stdout.is_empty(), "{args:?}");
        let raw: Vec<char> = stdout.chars().filter(|&c| is_hostile(c)).collect();
        assert_eq!(raw, [], "{args:?} printed raw controls:\n{stdout}");
        for escape in [
            "\\u202e", "\\u0085", "\\u007f", "\\u009b", "\\u2066", "\\u200f",
        ] {
            assert!(
                stdout.contains(escape),
                "{args:?} lacks {escape}:\n{stdout}"
            );
        }
        // A JSON reader gets the strings back as written.
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert!(
            value.to_string().contains(HOSTILE) || args[0] == "check",
            "{args:?}"
        );
        if args[0] == "list" {
            assert_eq!(value[0]["id"], id.as_str());
            // Shown text is cleaned once, at load: JSON readers get what the screen shows.
            assert_eq!(value[0]["title"], "Hostile  title");
            assert_eq!(value[0]["tags"][0], "tg");
            assert_eq!(value[0]["extra"]["note"], format!("n{HOSTILE}n"));
        }
    }
}

#[test]
fn show_prints_a_hostile_source_as_text_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(
        site.join("page.md"),
        "---\ntitle: \"Real\\n\\n# Fake title\"\nauthor: \"Ann\\n\\n    code block\"\n\
         source: \"https://a.example/x>\\n\\n# Fake heading\\n\\n[click](javascript:alert(1))\"\n\
         ---\n\nBody text.\n",
    )
    .unwrap();
    let output = paap(dir.path())
        .args(["--no-bundled", "--content"])
        .arg(&site)
        .args(["show", "page", "--plain", "--width", "200"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "Real # Fake title",
            "═════════════════",
            "",
            "page · Ann code block",
            "",
            "Original: https://a.example/x> # Fake heading [click](javascript:alert(1))",
            "",
            "Body text.",
        ],
        "{text}"
    );
}

#[test]
fn show_keeps_a_plain_source_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(
        site.join("page.md"),
        "---\ntitle: Page\nsource: https://example.org/page/\n---\n\nBody.\n",
    )
    .unwrap();
    let output = paap(dir.path())
        .args(["--no-bundled", "--content"])
        .arg(&site)
        .args(["show", "page", "--plain"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("Original: https://example.org/page/[1]"),
        "{text}"
    );
    assert!(text.ends_with("[1] https://example.org/page/\n"), "{text}");
}

/// A site large enough that every listing overflows a pipe's buffer.
fn big_site(root: &Path) {
    for i in 0..1500 {
        let links: String = (0..5)
            .map(|j| format!("[l{j}](p{}.md) ", (i + j) % 1500))
            .collect();
        fs::write(
            root.join(format!("p{i}.md")),
            format!(
                "---\ntitle: Page {i} about platforms\ntags: [a, b]\n---\n\n# Page {i}\n\n{links}\n\n\
                 Platforms as products, paragraph {i}. [broken](gone-{i}.md)\n"
            ),
        )
        .unwrap();
    }
}

/// Every command, run with a reader that reads one line (or nothing) and goes away.
#[test]
fn a_closed_pipe_ends_every_command_quietly_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    big_site(&site);
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["search", "platforms", "--limit", "1500"],
        &["search", "platforms", "--limit", "1500", "--json"],
        &["show", "p7", "--plain"],
        &["links", "p7"],
        &["links", "p7", "--json"],
        &["check"],
        &["check", "--json"],
        &["config"],
        &["config", "--default"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        for lines_read in [0, 1] {
            let mut child = Process::new(assert_cmd::cargo::cargo_bin("paap"))
                .env("XDG_CONFIG_HOME", dir.path().join("config"))
                .env("XDG_STATE_HOME", dir.path().join("state"))
                .args(["--no-bundled", "--content"])
                .arg(&site)
                .args(*args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            if lines_read > 0 {
                let mut line = String::new();
                BufReader::new(stdout).read_line(&mut line).unwrap();
                assert!(!line.is_empty(), "{args:?} printed nothing");
            } else {
                drop(stdout);
            }
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
            assert_eq!(stderr, "", "{args:?}");
        }
    }
}
