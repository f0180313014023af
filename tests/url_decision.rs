//! One decision for opening and copying URLs (`browser::check_url`, on the URL as written),
//! asked by the UI (`Enter`, `o`, `y`), `paap open` and `paap links` alike: a URL one of
//! them refuses, every one refuses.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use paap::app::{Action, App, Effect, update};
use paap::browser::check_url;
use paap::content::{Doc, Library};
use paap::markdown::Theme;

/// URLs as written, and whether paap may open (and copy) them.
const DECISIONS: &[(&str, bool)] = &[
    ("https://ok.example/", true),
    ("HTTP://ok.example/path?q=1#top", true),
    ("mailto:ann@example.org", true),
    ("javascript:alert(1)", false),
    ("JavaScript:alert(1)", false),
    ("java\tscript:alert(1)", false),
    ("ht\ttps://evil.example/", false),
    ("https://evil.\nexample/", false),
    ("ht\u{202e}tps://evil.example/", false),
    ("https://evil\u{2066}.example/", false),
    ("https://evil.example/\u{200f}", false),
    ("https://evil.example/\u{9b}31m", false),
    ("//evil.example/x", false),
    ("file:///etc/passwd", false),
    ("data:text/html,alert(1)", false),
    ("https://", false),
    ("mailto:", false),
    ("evil.example", false),
    ("../page.md", false),
];

#[test]
fn the_decision_table() {
    for &(url, allowed) in DECISIONS {
        assert_eq!(check_url(url).is_ok(), allowed, "{url:?}");
    }
}

/// Every link of the table in one document, in table order, written so that markdown
/// keeps each destination as it is (`<…>` allows tabs and spaces).
fn body() -> String {
    let mut body = String::from("# Links\n\n");
    for (i, (url, _)) in DECISIONS.iter().enumerate() {
        if url.contains('\n') {
            continue;
        }
        body.push_str(&format!("[link {i}](<{url}>)\n\n"));
    }
    body
}

fn decisions_in_body() -> Vec<(&'static str, bool)> {
    DECISIONS
        .iter()
        .copied()
        .filter(|(url, _)| !url.contains('\n'))
        .collect()
}

fn app_on(body: &str, source: Option<&str>) -> App {
    let (mut doc, problems) = Doc::from_markdown("links.md", body);
    assert_eq!(problems, []);
    doc.source = source.map(str::to_string);
    let mut app = App::new(
        Library::from_docs(vec![doc], Vec::new()),
        Theme::dark(),
        100,
        60,
    );
    update(&mut app, Action::Activate);
    app
}

/// What `action` asks the runtime to do with link `n` selected (Tab `n + 1` times).
fn with_link_selected(n: usize, action: Action) -> (Vec<Effect>, String) {
    let mut app = app_on(&body(), None);
    for _ in 0..=n {
        update(&mut app, Action::NextLink);
    }
    assert_eq!(app.selected_link(), Some(n));
    let effects = update(&mut app, action);
    (effects, app.status().unwrap_or_default().to_string())
}

#[test]
fn the_ui_opens_and_copies_exactly_what_the_decision_allows() {
    for (n, (url, allowed)) in decisions_in_body().into_iter().enumerate() {
        for action in [Action::OpenInBrowser, Action::Activate] {
            let (effects, status) = with_link_selected(n, action.clone());
            if allowed {
                assert_eq!(effects, [Effect::OpenUrl(url.to_string())], "{url:?}");
            } else {
                assert_eq!(effects, [], "{action:?} on {url:?}: {status}");
                assert!(!status.is_empty(), "{action:?} on {url:?} says why");
            }
        }
        let (effects, status) = with_link_selected(n, Action::CopyLink);
        if allowed {
            assert_eq!(effects, [Effect::Copy(url.to_string())], "{url:?}");
            assert!(status.starts_with("Copied "), "{status}");
        } else {
            assert_eq!(effects, [], "y on {url:?}: {status}");
            assert!(status.starts_with("Not copied"), "{url:?}: {status}");
        }
    }
}

#[test]
fn y_over_a_javascript_link_says_why_it_is_not_copied() {
    let n = decisions_in_body()
        .iter()
        .position(|(url, _)| *url == "javascript:alert(1)")
        .unwrap();
    let (effects, status) = with_link_selected(n, Action::CopyLink);
    assert_eq!(effects, []);
    assert_eq!(
        status,
        "Not copied javascript:alert(1): the scheme javascript: is not allowed; only http, \
         https and mailto links are copied"
    );
}

#[test]
fn o_without_a_selected_link_decides_on_the_source_as_written() {
    for &(url, allowed) in DECISIONS {
        let mut app = app_on("# Page\n\nNo links.\n", Some(url));
        let effects = update(&mut app, Action::OpenInBrowser);
        if allowed {
            assert_eq!(effects, [Effect::OpenUrl(url.to_string())]);
        } else {
            assert_eq!(effects, [], "{url:?}");
            let status = app.status().unwrap();
            assert!(status.starts_with("refused to open"), "{status}");
            assert!(!status.chars().any(paap::text::is_unsafe), "{status:?}");
        }
    }
}

fn paap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("paap").unwrap();
    let home = dir.join("home");
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("BROWSER")
        .args(["--no-bundled", "--content"])
        .arg(dir.join("site"));
    cmd
}

#[test]
fn paap_links_marks_every_link_the_decision_refuses() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("site")).unwrap();
    fs::write(dir.path().join("site/links.md"), body()).unwrap();
    let output = paap(dir.path())
        .args(["links", "links", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let links: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let decisions = decisions_in_body();
    assert_eq!(links.len(), decisions.len());
    for (link, (url, allowed)) in links.iter().zip(decisions) {
        assert_eq!(link["href"], url);
        let target = link["target"].as_str().unwrap();
        assert_eq!(target == "external", allowed, "{url:?}: {link}");
    }
}

/// `paap open` over documents whose `source` is each URL of the table, with `$BROWSER` a
/// script that writes its arguments into a FIFO: the test reads the FIFO, so it waits for
/// exactly the launch it expects and never sleeps.
#[cfg(unix)]
#[test]
fn paap_open_launches_exactly_what_the_decision_allows() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;

    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("site")).unwrap();
    let fifo = dir.path().join("launches");
    let name = CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let script = dir.path().join("record-browser");
    common::write_executable(
        &script,
        &format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n", fifo.display()),
    );
    for (i, &(url, _)) in DECISIONS.iter().enumerate() {
        let yaml = serde_json::to_string(url).unwrap();
        fs::write(
            dir.path().join(format!("site/doc-{i}.md")),
            format!("---\ntitle: Doc {i}\nsource: {yaml}\n---\n\nBody.\n"),
        )
        .unwrap();
    }
    for (i, &(url, allowed)) in DECISIONS.iter().enumerate() {
        let output = paap(dir.path())
            .env("BROWSER", &script)
            .args(["open", &format!("doc-{i}.md")])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !allowed {
            assert_eq!(output.status.code(), Some(2), "{url:?}");
            assert!(
                stderr.starts_with("paap: refused to open"),
                "{url:?}: {stderr}"
            );
            continue;
        }
        assert!(output.status.success(), "{url:?}: {stderr}");
        // Opening the FIFO waits for the browser script to write its one argument; the
        // timeout only turns a launch that never comes into a failure.
        let (sent, launch) = std::sync::mpsc::channel();
        let reading = fifo.clone();
        std::thread::spawn(move || sent.send(fs::read_to_string(reading).unwrap()));
        let launched = launch
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("{url:?} was not launched"));
        assert_eq!(launched, format!("{url}\n"));
    }
}

mod common;

#[test]
fn a_browser_that_cannot_start_is_named_with_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("site")).unwrap();
    fs::write(
        dir.path().join("site/page.md"),
        "---\ntitle: Page\nsource: https://example.org/\n---\n\nBody.\n",
    )
    .unwrap();
    let output = paap(dir.path())
        .env("BROWSER", dir.path().join("no-such-browser"))
        .args(["open", "page"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("os error 2").count(), 1, "{stderr}");
    assert!(
        stderr.ends_with("the link is https://example.org/\n"),
        "{stderr}"
    );
}
