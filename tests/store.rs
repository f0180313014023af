//! The state store: round trip, corrupt files moved aside, stale temporary files,
//! and two windows (threads of one test, and real processes) saving at once.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use paap::store::{RECENT_CAP, State, Store};

const STATE: &str = "state.json";

fn open_clean(dir: &Path) -> Store {
    let (store, warning) = Store::open(dir);
    assert_eq!(warning, None);
    store
}

fn bookmark_keys(state: &State) -> BTreeSet<(String, usize)> {
    state
        .bookmarks
        .iter()
        .map(|b| (b.doc_id.clone(), b.line))
        .collect()
}

fn keys(items: &[(&str, usize)]) -> BTreeSet<(String, usize)> {
    items.iter().map(|(d, l)| (d.to_string(), *l)).collect()
}

#[test]
fn state_survives_a_round_trip() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("not/yet/there");
    let mut store = open_clean(&dir);
    assert!(store.toggle_bookmark("posts/a", 12, "Post A"));
    assert!(store.toggle_bookmark("pages/b", 0, "Page B"));
    store.set_position("posts/a", 40);
    store.touch_recent("pages/b");
    store.touch_recent("posts/a");
    assert_eq!(store.save().unwrap(), None);

    let reopened = open_clean(&dir);
    assert_eq!(reopened.state(), store.state());
    let state = reopened.state();
    assert_eq!(state.bookmarks[0].title, "Post A");
    assert_eq!(reopened.position("posts/a"), Some(40));
    let recent: Vec<_> = state.recent.iter().map(|r| r.doc_id.as_str()).collect();
    assert_eq!(recent, ["posts/a", "pages/b"]);
    // The file is plain JSON a person can read.
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join(STATE)).unwrap()).unwrap();
    assert_eq!(json["positions"]["posts/a"], 40);
}

#[test]
fn toggling_twice_removes_the_bookmark_on_disk_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_clean(dir.path());
    assert!(store.toggle_bookmark("d", 3, "D"));
    store.save().unwrap();
    assert!(!store.toggle_bookmark("d", 3, "D"));
    store.save().unwrap();
    assert!(open_clean(dir.path()).state().bookmarks.is_empty());
}

#[test]
fn recent_is_deduplicated_and_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_clean(dir.path());
    for i in 0..RECENT_CAP + 10 {
        store.touch_recent(&format!("doc-{i}"));
    }
    store.touch_recent("doc-0");
    store.touch_recent("doc-0");
    store.save().unwrap();
    let state = open_clean(dir.path()).state().clone();
    assert_eq!(state.recent.len(), RECENT_CAP);
    assert_eq!(state.recent[0].doc_id, "doc-0");
    assert_eq!(
        state.recent.iter().filter(|r| r.doc_id == "doc-0").count(),
        1
    );
}

#[test]
fn corrupt_file_is_moved_aside_with_its_bytes_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"{\"bookmarks\": [ {\"doc_id\": \"half-writ\xff\x00";
    fs::write(dir.path().join(STATE), garbage).unwrap();

    let (mut store, warning) = Store::open(dir.path());
    let warning = warning.expect("a warning for the status line");
    assert_eq!(store.state(), &State::default());

    let moved: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("state.json.corrupt-")
        })
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(fs::read(&moved[0]).unwrap(), garbage);
    assert!(!dir.path().join(STATE).exists());
    assert!(warning.contains("not valid state JSON"), "{warning}");
    assert!(
        warning.contains(&moved[0].display().to_string()),
        "{warning}"
    );

    // Saving afterwards writes a fresh file and leaves the moved one alone.
    store.toggle_bookmark("d", 1, "D");
    store.save().unwrap();
    assert_eq!(fs::read(&moved[0]).unwrap(), garbage);
    assert_eq!(open_clean(dir.path()).state().bookmarks.len(), 1);
}

#[test]
fn a_second_corrupt_file_does_not_replace_the_first() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(STATE), b"first").unwrap();
    let _ = Store::open(dir.path());
    fs::write(dir.path().join(STATE), b"second").unwrap();
    let _ = Store::open(dir.path());
    let mut kept: Vec<Vec<u8>> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .map(|p| fs::read(p).unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept, [b"first".to_vec(), b"second".to_vec()]);
}

#[test]
fn stale_temporary_file_from_a_killed_write_is_ignored_and_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_clean(dir.path());
    store.toggle_bookmark("kept", 7, "Kept");
    store.save().unwrap();
    let saved = fs::read(dir.path().join(STATE)).unwrap();
    // What a write killed half-way leaves behind: a partial temporary file.
    let stale = dir.path().join("state.json.tmp-999999-0");
    fs::write(&stale, b"{\"bookmarks\": [").unwrap();

    let (reopened, warning) = Store::open(dir.path());
    assert_eq!(warning, None);
    assert_eq!(bookmark_keys(reopened.state()), keys(&[("kept", 7)]));
    assert_eq!(fs::read(dir.path().join(STATE)).unwrap(), saved);
    assert!(!stale.exists());
}

#[test]
fn two_windows_keep_each_others_bookmarks_and_removals() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open_clean(dir.path());
    let mut b = open_clean(dir.path());

    a.toggle_bookmark("x", 1, "X");
    a.save().unwrap();
    b.toggle_bookmark("y", 2, "Y");
    b.save().unwrap();
    assert_eq!(bookmark_keys(b.state()), keys(&[("x", 1), ("y", 2)]));

    // A removes x; B, which has seen x, saves again without touching it: x stays gone.
    a.save().unwrap();
    a.toggle_bookmark("x", 1, "X");
    a.save().unwrap();
    b.set_position("other", 5);
    b.save().unwrap();
    let on_disk = open_clean(dir.path());
    assert_eq!(bookmark_keys(on_disk.state()), keys(&[("y", 2)]));
    assert_eq!(on_disk.position("other"), Some(5));
}

#[test]
fn the_latest_change_to_a_position_wins() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open_clean(dir.path());
    let mut b = open_clean(dir.path());
    a.set_position("doc", 10);
    a.save().unwrap();
    b.set_position("doc", 20);
    b.save().unwrap();
    // A saves something else: its old position for "doc" is not a change, so B's stays.
    a.set_position("elsewhere", 1);
    a.save().unwrap();
    assert_eq!(a.position("doc"), Some(20));
    assert_eq!(open_clean(dir.path()).position("doc"), Some(20));
}

const CHILD_DIR_VAR: &str = "PAAP_STORE_TEST_CHILD_DIR";
const CHILD_NAME_VAR: &str = "PAAP_STORE_TEST_CHILD_NAME";
const SAVES_PER_CHILD: usize = 25;

/// Not a test on its own: the body of one "paap window" for
/// `two_processes_adding_bookmarks_concurrently_lose_nothing`, which runs this test
/// binary twice with the environment variables set.
#[test]
#[ignore = "run by two_processes_adding_bookmarks_concurrently_lose_nothing"]
fn child_window_adding_bookmarks() {
    let (Some(dir), Some(name)) = (
        std::env::var_os(CHILD_DIR_VAR),
        std::env::var(CHILD_NAME_VAR).ok(),
    ) else {
        return;
    };
    let (mut store, _) = Store::open(Path::new(&dir));
    for i in 0..SAVES_PER_CHILD {
        store.toggle_bookmark(&format!("{name}-{i}"), i, &name);
        store.set_position(&name, i);
        store.touch_recent(&format!("{name}-{i}"));
        store.save().unwrap();
    }
}

#[test]
fn two_processes_adding_bookmarks_concurrently_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["left", "right"];
    let children: Vec<_> = names
        .iter()
        .map(|name| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "child_window_adding_bookmarks", "--ignored"])
                .env(CHILD_DIR_VAR, dir.path())
                .env(CHILD_NAME_VAR, name)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout.contains("1 passed"),
            "the child ran no test: {stdout}"
        );
    }

    let store = open_clean(dir.path());
    let expected: BTreeSet<_> = names
        .iter()
        .flat_map(|name| (0..SAVES_PER_CHILD).map(move |i| (format!("{name}-{i}"), i)))
        .collect();
    assert_eq!(bookmark_keys(store.state()), expected);
    for name in names {
        assert_eq!(store.position(name), Some(SAVES_PER_CHILD - 1));
    }
    assert_eq!(store.state().recent.len(), RECENT_CAP);
}

/// A newer paap may write fields this one does not know, at the top and in bookmarks;
/// saving here must keep them, or running an older paap would lose what the newer saved.
#[test]
fn fields_written_by_a_newer_paap_survive_a_save() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(STATE),
        r#"{
  "bookmarks": [{"doc_id": "d", "line": 3, "title": "D", "added": 5, "note": "read again"}],
  "positions": {"d": 3},
  "recent": [{"doc_id": "d", "opened": 5, "pinned": true}],
  "reading_lists": {"later": ["e", "f"]}
}"#,
    )
    .unwrap();
    let mut store = open_clean(dir.path());
    assert!(store.toggle_bookmark("e", 0, "E"));
    store.touch_recent("e");
    assert_eq!(store.save().unwrap(), None);

    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join(STATE)).unwrap()).unwrap();
    assert_eq!(
        json["reading_lists"]["later"],
        serde_json::json!(["e", "f"])
    );
    assert_eq!(json["bookmarks"][0]["note"], "read again");
    assert_eq!(json["bookmarks"][1]["doc_id"], "e");
    assert_eq!(json["recent"][1]["doc_id"], "d");
    assert_eq!(json["recent"][1]["pinned"], true);

    // Reopening "d" here while a newer paap changed what it keeps with "d" on disk: the
    // entry moves to the front with the disk's fields.
    fs::write(
        dir.path().join(STATE),
        fs::read_to_string(dir.path().join(STATE))
            .unwrap()
            .replace("\"pinned\": true", "\"pinned\": false"),
    )
    .unwrap();
    store.touch_recent("d");
    assert_eq!(store.save().unwrap(), None);
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join(STATE)).unwrap()).unwrap();
    assert_eq!(json["recent"][0]["doc_id"], "d");
    assert_eq!(json["recent"][0]["pinned"], false);
}

/// `state.json` kept elsewhere (a dotfiles repository, a synced folder) through a symlink:
/// saving replaces the file the link leads to and leaves the link a link.
#[cfg(unix)]
#[test]
fn a_symlinked_state_file_is_written_through_to_its_target() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("state");
    let elsewhere = root.path().join("dotfiles");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    let target = elsewhere.join("paap-state.json");
    fs::write(&target, r#"{"positions": {"kept": 4}}"#).unwrap();
    // A relative link, read from the link's folder.
    std::os::unix::fs::symlink("../dotfiles/paap-state.json", dir.join(STATE)).unwrap();

    let mut store = open_clean(&dir);
    assert_eq!(store.position("kept"), Some(4));
    store.toggle_bookmark("d", 2, "D");
    store.save().unwrap();
    store.set_position("d", 9);
    store.save().unwrap();

    let link = fs::symlink_metadata(dir.join(STATE)).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let saved: State = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(bookmark_keys(&saved), keys(&[("d", 2)]));
    assert_eq!(saved.positions.get("kept"), Some(&4));
    assert_eq!(saved.positions.get("d"), Some(&9));
    let leftovers: Vec<_> = fs::read_dir(&elsewhere)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["paap-state.json"], "no temporary file is left");
}

/// A link to a file not written yet: the first save creates it.
#[cfg(unix)]
#[test]
fn a_dangling_state_symlink_gets_its_target_created() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("later.json");
    std::os::unix::fs::symlink(&target, root.path().join(STATE)).unwrap();
    let mut store = open_clean(root.path());
    store.toggle_bookmark("d", 1, "D");
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(root.path().join(STATE))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let saved: State = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(bookmark_keys(&saved), keys(&[("d", 1)]));
}

/// Line numbers past any document (up to `u64::MAX`, more than `usize` holds on a 32-bit
/// system) are read as `MAX_LINE`: the file still loads, and nothing that adds a screen's
/// height to a line can overflow.
#[test]
fn huge_stored_line_numbers_saturate_instead_of_wrapping() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(STATE),
        format!(
            r#"{{"bookmarks": [{{"doc_id": "d", "line": {max}, "title": "D", "added": 1}}],
               "positions": {{"d": {max}, "e": 7}}}}"#,
            max = u64::MAX
        ),
    )
    .unwrap();
    let store = open_clean(dir.path());
    assert_eq!(store.position("d"), Some(paap::store::MAX_LINE));
    assert_eq!(store.position("e"), Some(7));
    assert_eq!(
        bookmark_keys(store.state()),
        keys(&[("d", paap::store::MAX_LINE)])
    );
    assert!(
        paap::store::MAX_LINE
            .checked_add(usize::from(u16::MAX))
            .is_some()
    );
}

#[test]
fn a_state_file_over_the_size_cap_is_moved_aside_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STATE);
    // Sparse: 65 MiB on paper, nothing on the disk.
    fs::File::create(&path)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let (store, warning) = Store::open(dir.path());
    let warning = warning.expect("a warning");
    assert!(warning.contains("is over the 64 MiB limit"), "{warning}");
    assert!(warning.contains("moved it to"), "{warning}");
    assert_eq!(store.state(), &State::default());
}
