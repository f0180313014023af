//! The plain commands, run as the real binary: stdout, stderr, exit codes and JSON shape.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

mod common;
use common::write_executable;

fn paap() -> Command {
    let mut cmd = Command::cargo_bin("paap").unwrap();
    // Isolated from the developer's own settings and state.
    let home = std::env::temp_dir().join("paap-cli-tests-home");
    cmd.env_remove("BROWSER")
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        // Originals a `paap sync` on this machine fetched would be listed too.
        .env("XDG_DATA_HOME", home.join("data"));
    cmd
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A small site: two posts, a persona, a page with one good and one broken link.
fn site() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(
        root,
        "blog/older.md",
        "---\ntitle: Older Post\nslug: older\ndate: 2024-01-02\nauthor: Ann Lee & Bo Chan\ntags: [alpha]\nsource: https://example.com/blog/older/\n---\n\nBody of the older post.\n",
    );
    write(
        root,
        "blog/newer.md",
        "---\ntitle: Newer Post\nslug: newer\ndate: 2025-03-04\ntags: [beta]\n---\n\nSee [the older one](/blog/older/) and [the web](https://example.com/x).\n",
    );
    write(
        root,
        "personas/builder.md",
        "---\ntitle: Builder\ntype: persona\n---\n\nBuilds the platform.\n",
    );
    write(
        root,
        "guide.md",
        "---\ntitle: Guide\n---\n\n# Guide\n\nGo [to the persona](personas/builder.md).\n\nThen [nowhere](missing.md).\n",
    );
    dir
}

/// paap over only the given folder.
fn local(dir: &TempDir) -> Command {
    let mut cmd = paap();
    cmd.arg("--no-bundled").arg("--content").arg(dir.path());
    cmd
}

/// The JSON value a command printed.
fn json_of(assert: assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&assert.get_output().stdout).expect("stdout is one JSON value")
}

#[test]
fn list_prints_newest_first_with_kind_date_title_id() {
    let dir = site();
    let out = local(&dir)
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[0].starts_with("post")
            && lines[0].contains("2025-03-04")
            && lines[0].contains("Newer Post")
            && lines[0].ends_with("blog/newer.md"),
        "{text}"
    );
    assert!(
        lines[1].contains("2024-01-02") && lines[1].ends_with("blog/older.md"),
        "{text}"
    );
}

#[test]
fn list_filters_by_kind_and_tag() {
    let dir = site();
    local(&dir)
        .args(["list", "--kind", "persona"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Builder").and(predicate::str::contains("Post").not()));
    local(&dir)
        .args(["list", "--tag", "ALPHA"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Older Post").and(predicate::str::contains("Newer").not()),
        );
}

#[test]
fn list_json_has_the_documented_fields() {
    let dir = site();
    let value = json_of(local(&dir).args(["list", "--json"]).assert().success());
    let docs = value.as_array().unwrap();
    assert_eq!(docs.len(), 4);
    let older = docs.iter().find(|d| d["id"] == "blog/older.md").unwrap();
    assert_eq!(older["kind"], "post");
    assert_eq!(older["slug"], "older");
    assert_eq!(older["date"], "2024-01-02");
    assert_eq!(older["authors"], serde_json::json!(["Ann Lee", "Bo Chan"]));
    assert_eq!(older["source"], "https://example.com/blog/older/");
    for key in [
        "title",
        "tags",
        "categories",
        "description",
        "url",
        "draft",
        "extra",
        "words",
    ] {
        assert!(older.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn show_plain_wraps_to_width_and_numbers_links() {
    let dir = site();
    let out = local(&dir)
        .args(["show", "newer", "--plain", "--width", "30"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Newer Post"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "plain output has escapes: {text:?}"
    );
    assert!(text.contains("https://example.com/x"), "{text}");
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 30,
            "too wide: {line:?}"
        );
    }
}

#[test]
fn show_piped_is_plain_even_without_flag() {
    let dir = site();
    local(&dir)
        .args(["show", "blog/older"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Body of the older post")
                .and(predicate::str::contains("\u{1b}[").not()),
        );
}

#[test]
fn unknown_doc_lists_candidates_and_exits_2() {
    let dir = site();
    local(&dir).args(["show", "Post"]).assert().code(2).stderr(
        predicate::str::contains("blog/newer.md").and(predicate::str::contains("blog/older.md")),
    );
    local(&dir)
        .args(["show", "zzzz-nothing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("zzzz-nothing"));
}

#[test]
fn links_resolve_to_docs_urls_and_missing() {
    let dir = site();
    local(&dir)
        .args(["links", "guide"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("-> personas/builder.md")
                .and(predicate::str::contains("missing:")),
        );
    let links = json_of(
        local(&dir)
            .args(["links", "newer", "--json"])
            .assert()
            .success(),
    );
    assert_eq!(links[0]["target"], "doc");
    assert_eq!(links[0]["to"], "blog/older.md");
    assert_eq!(links[0]["href"], "/blog/older/");
    assert_eq!(links[1]["target"], "external");
    assert_eq!(links[1]["to"], "https://example.com/x");
    assert!(links[0]["line"].as_u64().unwrap() >= 6);
}

#[test]
fn check_reports_broken_links_with_file_and_line_and_exits_1() {
    let dir = site();
    local(&dir)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::is_match(r"guide\.md:9: .*missing\.md").unwrap());
    let problems = json_of(local(&dir).args(["check", "--json"]).assert().code(1));
    assert_eq!(problems.as_array().unwrap().len(), 1);
    assert_eq!(problems[0]["line"], 9);
    assert!(problems[0]["file"].as_str().unwrap().ends_with("guide.md"));
}

#[test]
fn check_on_a_clean_tree_is_silent_and_exits_0() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "a.md", "---\ntitle: A\n---\n[b](b.md)\n");
    write(dir.path(), "b.md", "# B\n");
    local(&dir).arg("check").assert().success().stdout("");
}

#[test]
fn bundled_content_checks_clean() {
    paap().arg("check").assert().success().stdout("");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let out = paap()
        .args(["--content", "/no/such/folder", "list"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let message = String::from_utf8(out).unwrap();
    // One line: what, where, and what to do; the system's reason said once.
    assert_eq!(
        message,
        "paap: /no/such/folder cannot be read: No such file or directory (os error 2). \
         Check the path given to --content.\n"
    );
}

#[test]
fn open_passes_the_source_url_to_browser_as_one_argument() {
    let dir = site();
    let record = dir.path().join("args.txt");
    let script = dir.path().join("browser.sh");
    write_executable(
        &script,
        &format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            record.display()
        ),
    );
    local(&dir)
        .env("BROWSER", &script)
        .args(["open", "older"])
        .assert()
        .success()
        .stdout(predicate::str::contains("https://example.com/blog/older/"));
    // The launch is detached: wait (bounded) for the script to record its arguments.
    let mut recorded = String::new();
    for _ in 0..500 {
        recorded = fs::read_to_string(&record).unwrap_or_default();
        if !recorded.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(recorded, "https://example.com/blog/older/\n");
}

#[test]
fn open_without_source_says_what_to_add() {
    let dir = site();
    local(&dir)
        .args(["open", "newer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("source"));
}

#[test]
fn completions_and_man_are_generated() {
    paap()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("paap"));
    paap()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH paap"));
    paap()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("paap "));
}

#[test]
fn search_finds_by_title_and_prints_json_hits() {
    let dir = site();
    let hits = json_of(
        local(&dir)
            .args(["search", "older", "--json"])
            .assert()
            .success(),
    );
    assert_eq!(hits[0]["id"], "blog/older.md");
    for key in [
        "slug",
        "title",
        "kind",
        "score",
        "field",
        "positions",
        "snippet",
    ] {
        assert!(hits[0].get(key).is_some(), "missing {key}");
    }
    local(&dir)
        .args(["search", "builds", "--kind", "persona"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("personas/builder.md")
                .and(predicate::str::contains("Post").not()),
        );
}

/// `-word` excludes a word as in the search box, though clap would take it for an option;
/// options after it still count.
#[test]
fn search_takes_excluded_words_as_separate_arguments() {
    let dir = site();
    let ids = |args: &[&str]| -> Vec<String> {
        let hits = json_of(local(&dir).args(args).assert().success());
        hits.as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = ids(&["search", "post", "--json"]);
    assert!(all.contains(&"blog/older.md".to_string()), "{all:?}");
    // The older post is the one tagged `alpha`.
    let without_older = ids(&["search", "post", "-alpha", "--json"]);
    assert!(!without_older.is_empty());
    assert!(!without_older.contains(&"blog/older.md".to_string()));
    assert_eq!(without_older, ids(&["search", "post -alpha", "--json"]));
    assert_eq!(without_older, ids(&["search", "-alpha", "--json", "post"]));
    assert_eq!(
        ids(&["search", "-alpha", "post", "--json", "--limit", "1"]).len(),
        1
    );
    // Nothing found: empty stdout (an empty array with --json), and a word on stderr.
    local(&dir)
        .args(["search", "zebra"])
        .assert()
        .success()
        .stdout("")
        .stderr("paap: no documents match \"zebra\"\n");
    assert_eq!(ids(&["search", "zebra", "--json"]), Vec::<String>::new());
    // A mistyped option is still refused, with clap's suggestion.
    local(&dir)
        .args(["search", "post", "--limt", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--limit"));
    // No results on purpose is a usage error, not "no documents match".
    local(&dir)
        .args(["search", "post", "--limit", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--limit"));
}

#[test]
fn ui_without_a_terminal_explains_and_exits_2() {
    paap()
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("paap list"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    // `paap list | head -c 1`: the reader closes early. The output must be larger than a pipe
    // buffer (64 KiB) for paap to see the closed pipe, hence many documents.
    let dir = TempDir::new().unwrap();
    for i in 0..800 {
        write(
            dir.path(),
            &format!("d{i}.md"),
            &format!("---\ntitle: Document number {i} with a longish title\n---\nText.\n"),
        );
    }
    let paap = assert_cmd::cargo::cargo_bin("paap");
    for format in ["", "--json"] {
        let output = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' --no-bundled --content '{}' list {format} | head -c 1 >/dev/null",
                paap.display(),
                dir.path().display()
            ))
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}: {output:?}");
        assert!(output.stderr.is_empty(), "{format}: {output:?}");
    }
}

#[test]
fn config_prints_defaults_and_rejects_a_bad_file_with_its_line() {
    let dir = TempDir::new().unwrap();
    paap()
        .args(["config", "--default"])
        .assert()
        .success()
        .stdout(predicate::str::contains("theme"));
    let good = dir.path().join("good.toml");
    fs::write(&good, "theme = \"light\"\n").unwrap();
    paap()
        .arg("--config")
        .arg(&good)
        .arg("config")
        .assert()
        .success()
        .stdout(predicate::str::contains("theme = \"light\""));
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "theme = \"light\"\nmouse = \"yes\"\n").unwrap();
    paap()
        .arg("--config")
        .arg(&bad)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:2:").and(predicate::str::contains("mouse")));
}

/// Two files whose names differ only in bytes that are not UTF-8 get one id; two pages
/// with one slug in one folder get one address. `check` names both files of each pair.
#[cfg(unix)]
#[test]
fn check_reports_ids_and_slugs_that_reach_two_documents() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;

    let dir = TempDir::new().unwrap();
    let root = dir.path();
    fs::write(root.join(OsStr::from_bytes(b"a\xff.md")), "# A one\n").unwrap();
    fs::write(root.join(OsStr::from_bytes(b"a\xfe.md")), "# A two\n").unwrap();
    write(root, "blog/one.md", "---\nslug: same\n---\n# One\n");
    write(root, "blog/two.md", "---\nslug: Same\n---\n# Two\n");
    let output = local(&dir).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first = format!("{:?}", root.join(OsStr::from_bytes(b"a\xfe.md")));
    let second = format!("{:?}", root.join(OsStr::from_bytes(b"a\xff.md")));
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "{second}: has the same id \"a\u{FFFD}.md\" as {first}, the only one of them that \
                 can be opened (the file names differ only in bytes that are not UTF-8): rename one"
            ),
            format!(
                "{}: has the same address \"/blog/same/\" (from its slug \"Same\") as {}, which \
                 links to it reach: give one of them another `slug`",
                root.join("blog/two.md").display(),
                root.join("blog/one.md").display()
            ),
        ],
        "{stdout}"
    );
}

/// `paap show -` prints markdown read from standard input, front matter read as for a file.
#[test]
fn show_dash_prints_standard_input() {
    let output = assert_cmd::Command::cargo_bin("paap")
        .unwrap()
        .args(["--no-bundled", "show", "-", "--plain"])
        .write_stdin("---\ntitle: From a pipe\n---\n\nHello from standard input.\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("From a pipe"), "{stdout}");
    assert!(stdout.contains("Hello from standard input."), "{stdout}");
}

#[test]
fn a_word_that_is_no_command_is_called_so_with_the_nearest_command() {
    paap()
        .arg("lst")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'lst' is not a paap command; did you mean 'list'?",
        ))
        .stderr(predicate::str::contains("The commands: list, search, show"))
        .stderr(predicate::str::contains("invalid value").not());
    paap()
        .arg("wombat")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'wombat' is not a paap command\n"));
}

#[test]
fn an_error_with_nowhere_to_go_still_ends_with_its_exit_code_not_a_panic() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_paap"))
        .args(["show", "no-such-document"])
        .env("HOME", tempfile::tempdir().unwrap().path())
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "{status:?}");
}
