//! Control characters in every front-matter field that is shown and in a link (its text and
//! its target) reach neither the screen (a TestBackend buffer) nor stdout, whichever pane,
//! overlay or command shows them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use paap::app::{Action, App, update};
use paap::content::{Doc, Library};
use paap::markdown::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An escape sequence, a bell, C1 (NEL, CSI), DEL and bidi controls, spelled raw.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;t\u{7}\u{85}\u{9b}\u{7f}\u{202e}\u{2066}\u{200f}\u{61c}";

/// Every shown front-matter field and a link hold `HOSTILE` (YAML double-quoted strings
/// spell it with escapes; the body has it raw).
fn page() -> String {
    let y = "\\e[2J\\e]0;t\\a\\x85\\x9b\\x7f\\u202e\\u2066\\u200f\\u061c";
    format!(
        "---\ntitle: \"Title {y} end\"\nauthors: [\"Ann {y}\"]\ntags: [\"tag{y}\"]\n\
         categories: [\"cat{y}\"]\ndescription: \"Desc {y}\"\n\
         source: \"https://example.org/{y}\"\nurl: \"/p/{y}/\"\ndate: 2024-01-02\n---\n\n\
         Body with [link {HOSTILE} text](<https://example.org/{HOSTILE}>) and \
         [local {HOSTILE}](<other{HOSTILE}.md>).\n"
    )
}

fn is_forbidden(c: char) -> bool {
    paap::text::is_unsafe(c) && c != '\n'
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| paap::ui::view(app, f)).unwrap();
    terminal
        .backend()
        .buffer()
        .content
        .chunks(120)
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn no_control_character_reaches_the_screen_from_any_field_or_link() {
    let (doc, _) = Doc::from_markdown("hostile.md", &page());
    let mut app = App::new(
        Library::from_docs(vec![doc], Vec::new()),
        Theme::dark(),
        120,
        40,
    );
    let mut screens = vec![("library", screen(&app))];
    let steps: &[(&str, &[Action])] = &[
        ("document", &[Action::Activate]),
        ("selected link", &[Action::NextLink]),
        ("side pane", &[Action::CycleSidePane, Action::CycleSidePane]),
        ("hints", &[Action::Hints]),
        (
            "bookmark",
            &[
                Action::Escape,
                Action::ToggleBookmark,
                Action::ShowBookmarks,
            ],
        ),
        (
            "search",
            &[
                Action::Escape,
                Action::Search,
                Action::Paste(format!("title{HOSTILE}")),
            ],
        ),
        ("help", &[Action::Escape, Action::Help]),
    ];
    for (name, actions) in steps {
        for action in actions.iter() {
            update(&mut app, action.clone());
        }
        screens.push((name, screen(&app)));
    }
    for (name, text) in &screens {
        let bad: Vec<char> = text.chars().filter(|&c| is_forbidden(c)).collect();
        assert_eq!(bad, [], "{name}:\n{text}");
    }
    // The fields were shown (cleaned, not dropped).
    let all: String = screens.iter().map(|(_, s)| s.as_str()).collect();
    for shown in [
        "Title [2J]0;t end",
        "by Ann [2J]0",
        "#tag[2J]0;t",
        "link [2J]0;t text",
    ] {
        assert!(
            all.contains(shown),
            "{shown:?} not on any screen:\n{}",
            screens[1].1
        );
    }
}

fn paap(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("paap").unwrap();
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn no_control_character_reaches_stdout_from_any_field_or_link() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(site.join("hostile.md"), page()).unwrap();
    let commands: &[&[&str]] = &[
        &["show", "hostile", "--plain", "--width", "100"],
        &["show", "hostile", "--width", "100"],
        &["list"],
        &["links", "hostile"],
        &["check"],
        &["search", "title"],
        &["search", "body"],
    ];
    for args in commands {
        let output = paap(dir.path())
            .args(["--no-bundled", "--content"])
            .arg(&site)
            .args(*args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            !stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let bad: Vec<char> = stdout
            .chars()
            .filter(|&c| is_forbidden(c) && c != '\t')
            .collect();
        assert_eq!(bad, [], "{args:?}:\n{stdout}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        let bad: Vec<char> = stderr.chars().filter(|&c| is_forbidden(c)).collect();
        assert_eq!(bad, [], "{args:?} on stderr:\n{stderr}");
    }
}
