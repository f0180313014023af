//! Opening URLs: the scheme allow-list, `$BROWSER` handling with a script that records
//! its arguments, the no-launcher fallback and the OSC 52 sequence.
//!
//! The environment is passed to `open_url_with` directly, so no test mutates the
//! process environment (tests run on parallel threads).

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use paap::browser::{
    BrowserError, Launched, browser_command_line, check_url, graphical_session_available,
    open_url_with,
};
use paap::tui::osc52_copy;

mod common;
use common::write_executable;

/// An environment with nothing set: no display, no WSL.
fn empty_env(_: &str) -> Option<OsString> {
    None
}

/// A fake browser: each run writes its arguments, NUL-terminated, to its own file in
/// `out_dir` (written under a temporary name, then renamed, so a file that exists is complete).
#[cfg(unix)]
fn recording_browser(dir: &Path) -> (PathBuf, PathBuf) {
    let out_dir = dir.join("runs");
    fs::create_dir(&out_dir).unwrap();
    // A space in the folder name checks that $BROWSER's quoting is honoured.
    let bin_dir = dir.join("my browser");
    fs::create_dir(&bin_dir).unwrap();
    let script = bin_dir.join("record-args");
    let body = format!(
        "#!/bin/sh\nout='{out}'/run-$$\n: > \"$out.part\"\nfor a in \"$@\"; do printf '%s\\0' \"$a\" >> \"$out.part\"; done\nmv \"$out.part\" \"$out\"\n",
        out = out_dir.display()
    );
    write_executable(&script, &body);
    (script, out_dir)
}

/// Finished runs of the fake browser, each as its argument list.
fn finished_runs(out_dir: &Path) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    for entry in fs::read_dir(out_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "part") {
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        let args = bytes
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8(a.to_vec()).unwrap())
            .collect();
        runs.push(args);
    }
    runs
}

/// Bounded wait for the external process to finish (up to 5 s in 10 ms steps).
fn wait_for_runs(out_dir: &Path, count: usize) -> Vec<Vec<String>> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let runs = finished_runs(out_dir);
        if runs.len() >= count || Instant::now() > deadline {
            return runs;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn quoted(path: &Path) -> String {
    shell_words::quote(&path.to_string_lossy()).into_owned()
}

#[cfg(unix)]
#[test]
fn url_with_spaces_quotes_and_semicolon_arrives_as_one_exact_argument() {
    let dir = tempfile::tempdir().unwrap();
    let (script, out_dir) = recording_browser(dir.path());
    let url = r#"https://example.com/a b?q="x";touch pwned&y='z' $(id)"#;

    let launched = open_url_with(url, Some(&quoted(&script)), &empty_env).unwrap();

    assert_eq!(
        launched,
        Launched::BrowserVar {
            program: script.to_string_lossy().into_owned()
        }
    );
    assert_eq!(wait_for_runs(&out_dir, 1), vec![vec![url.to_string()]]);
    assert!(!dir.path().join("pwned").exists());
}

#[cfg(unix)]
#[test]
fn browser_var_with_extra_arguments_keeps_them_before_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let (script, out_dir) = recording_browser(dir.path());
    let browser_var = format!("{} --new-tab", quoted(&script));

    open_url_with("https://example.com/x", Some(&browser_var), &empty_env).unwrap();

    assert_eq!(
        wait_for_runs(&out_dir, 1),
        vec![vec![
            "--new-tab".to_string(),
            "https://example.com/x".to_string()
        ]]
    );
}

#[cfg(unix)]
#[test]
fn percent_s_in_browser_var_is_replaced_by_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let (script, out_dir) = recording_browser(dir.path());
    let browser_var = format!("{} --url=%s --private", quoted(&script));

    open_url_with("mailto:a@example.com", Some(&browser_var), &empty_env).unwrap();

    assert_eq!(
        wait_for_runs(&out_dir, 1),
        vec![vec![
            "--url=mailto:a@example.com".to_string(),
            "--private".to_string()
        ]]
    );
}

#[cfg(unix)]
#[test]
fn javascript_url_never_launches() {
    let dir = tempfile::tempdir().unwrap();
    let (script, out_dir) = recording_browser(dir.path());
    let browser_var = quoted(&script);

    let refused = open_url_with("javascript:alert(1)", Some(&browser_var), &empty_env);
    assert!(matches!(refused, Err(BrowserError::Refused { .. })));
    assert!(finished_runs(&out_dir).is_empty());

    // A later allowed URL runs the script once: the refused one left no run behind.
    open_url_with("https://example.com/", Some(&browser_var), &empty_env).unwrap();
    assert_eq!(
        wait_for_runs(&out_dir, 1),
        vec![vec!["https://example.com/".to_string()]]
    );
    assert_eq!(fs::read_dir(&out_dir).unwrap().count(), 1);
}

#[test]
fn allowed_schemes_are_accepted_in_any_case() {
    for url in [
        "http://example.com",
        "https://example.com/path?q=1#frag",
        "HTTPS://EXAMPLE.COM",
        "Http://example.com/a b",
        "mailto:someone@example.com",
        "MAILTO:someone@example.com?subject=hi",
    ] {
        assert!(check_url(url).is_ok(), "{url} should be allowed");
    }
}

#[test]
fn other_schemes_and_malformed_urls_are_refused_with_a_reason() {
    for (url, reason) in [
        ("javascript:alert(1)", "scheme javascript: is not allowed"),
        ("JavaScript:alert(1)", "scheme javascript: is not allowed"),
        ("file:///etc/passwd", "scheme file: is not allowed"),
        (
            "data:text/html,<script>1</script>",
            "scheme data: is not allowed",
        ),
        ("vbscript:msgbox", "scheme vbscript: is not allowed"),
        ("example.com/page", "no scheme"),
        ("/relative/path", "no scheme"),
        (" https://example.com", "no scheme"),
        ("", "no scheme"),
        ("https:example.com", "has no host"),
        ("http://", "has no host"),
        ("mailto:", "has no address"),
        ("https://example.com/\u{1b}[2J", "control characters"),
        ("https://example.com/\nx", "control characters"),
    ] {
        let err = check_url(url).expect_err(url);
        let message = err.to_string();
        assert!(message.contains(reason), "{url:?}: {message}");
        assert!(
            message.contains("only http, https and mailto"),
            "{url:?}: {message}"
        );
        assert!(!message.contains('\u{1b}'), "{url:?}: {message}");
        assert_eq!(err.url_to_copy(), None);
    }
}

#[test]
fn without_display_or_browser_var_it_says_so_and_shows_the_url() {
    if cfg!(any(windows, target_os = "macos")) {
        return; // these platforms always have an opener
    }
    for browser_var in [None, Some(""), Some("   ")] {
        let err = open_url_with("https://example.com/post", browser_var, &empty_env).unwrap_err();
        assert!(matches!(err, BrowserError::NoLauncher { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("no browser could be started"), "{message}");
        assert!(message.contains("https://example.com/post"), "{message}");
        assert_eq!(err.url_to_copy(), Some("https://example.com/post"));
    }
}

#[test]
fn a_display_or_wsl_counts_as_a_graphical_session() {
    let only = |name: &'static str| move |key: &str| (key == name).then(|| OsString::from(":0"));
    assert!(graphical_session_available(&only("DISPLAY")));
    assert!(graphical_session_available(&only("WAYLAND_DISPLAY")));
    assert!(graphical_session_available(&only("WSL_DISTRO_NAME")));
    let empty_display = |key: &str| (key == "DISPLAY").then(OsString::new);
    assert_eq!(
        graphical_session_available(&empty_display),
        cfg!(any(windows, target_os = "macos"))
    );
}

#[test]
fn unusable_browser_var_is_reported_with_the_url() {
    let err = open_url_with(
        "https://example.com/",
        Some("firefox 'unclosed"),
        &empty_env,
    )
    .unwrap_err();
    assert!(matches!(err, BrowserError::BadBrowserVar { .. }), "{err:?}");
    assert!(err.to_string().contains("https://example.com/"));

    let err = open_url_with(
        "https://example.com/",
        Some("/nonexistent/paap-test-browser --flag"),
        &empty_env,
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, BrowserError::BrowserVarFailed { .. }),
        "{err:?}"
    );
    assert!(
        message.contains("/nonexistent/paap-test-browser"),
        "{message}"
    );
    assert!(message.contains("https://example.com/"), "{message}");
}

#[test]
fn browser_command_line_splits_like_a_shell_without_running_one() {
    assert_eq!(
        browser_command_line("'my browser' -a \"b c\"", "https://x/;y").unwrap(),
        ["my browser", "-a", "b c", "https://x/;y"]
    );
    assert_eq!(
        browser_command_line("b %s", "https://x/").unwrap(),
        ["b", "https://x/"]
    );
    assert!(browser_command_line("", "https://x/").is_err());
}

#[test]
fn osc52_sequence_carries_the_text_in_base64() {
    let text = "https://example.com/é?a=1";
    let sequence = osc52_copy(text);
    let payload = sequence
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix("\x1b\\"))
        .expect("OSC 52 framing");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    assert_eq!(decoded, text.as_bytes());
    assert!(!payload.contains('\x1b'));
}
