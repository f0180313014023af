//! A FIFO or `/dev/zero` in place of every file paap reads: the config file, `state.json`, a
//! markdown file given to `--content`, and an entry of a `--content` folder. None may block
//! or flood memory; each is refused with a message naming the path and what it is.
//!
//! A FIFO with no writer blocks a plain `open` forever, so every case runs under a guard
//! that fails the test if it has not finished in a generous time. The guard only detects a
//! hang; nothing waits on it for timing.
#![cfg(unix)]

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{FileTypeExt as _, symlink};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use paap::config::Config;
use paap::content::{Library, LoadOptions};
use paap::store::{Store, StoreError};

/// How long a case may take before it counts as hung (a FIFO open never returns).
const HANG: Duration = Duration::from_secs(20);

/// Runs `work` on a thread and returns its result, or fails the test if it hangs.
fn without_hanging<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    result
        .recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("{what} hung (or panicked) instead of refusing the file"))
}

fn mkfifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
    let rc = unsafe { libc::mkfifo(name.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// The two kinds of special file, made at `path`: a FIFO, or a symlink to `/dev/zero`.
#[derive(Debug, Clone, Copy)]
enum Special {
    Fifo,
    Zero,
}

const BOTH: [Special; 2] = [Special::Fifo, Special::Zero];

impl Special {
    fn make(self, path: &Path) {
        match self {
            Special::Fifo => mkfifo(path),
            Special::Zero => symlink("/dev/zero", path).unwrap(),
        }
    }

    /// How paap names it.
    fn described(self) -> &'static str {
        match self {
            Special::Fifo => "is a FIFO (named pipe), not a regular file",
            Special::Zero => "is a character device, not a regular file",
        }
    }
}

fn paap() -> Command {
    let mut cmd = Command::cargo_bin("paap").unwrap();
    let home = std::env::temp_dir().join("paap-special-files-home");
    cmd.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        // A failure detector only: the command is killed (and the test fails) if it hangs.
        .timeout(HANG);
    cmd
}

fn stderr_of(cmd: &mut Command) -> (Option<i32>, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn config_file_that_is_a_fifo_or_dev_zero_is_refused() {
    for special in BOTH {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        special.make(&path);
        let (code, stderr) = stderr_of(paap().arg("--config").arg(&path).arg("list"));
        assert_eq!(code, Some(2), "{special:?}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "paap: cannot read config file {}: {}\n",
                path.display(),
                special.described()
            )
        );

        let in_process = path.clone();
        let err = without_hanging("Config::load", move || {
            Config::load(Some(&in_process))
                .map(|_| ())
                .unwrap_err()
                .to_string()
        });
        assert!(err.contains(special.described()), "{err}");
    }
}

#[test]
fn a_config_folder_names_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = stderr_of(paap().arg("--config").arg(dir.path()).arg("list"));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        format!(
            "paap: cannot read config file {}: is a folder, not a regular file\n",
            dir.path().display()
        )
    );
}

#[test]
fn state_file_that_is_a_fifo_or_dev_zero_starts_clean_and_is_never_replaced() {
    for special in BOTH {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        special.make(&path);
        let state_dir = dir.path().to_path_buf();
        let (store, warning) = without_hanging("Store::open", move || Store::open(&state_dir));
        let warning = warning.expect("a warning for the status line");
        assert!(
            warning.contains(&path.display().to_string()) && warning.contains(special.described()),
            "{warning}"
        );
        assert!(warning.contains("will not save over it"), "{warning}");
        assert!(store.state().bookmarks.is_empty());

        let mut store = store;
        store.toggle_bookmark("a.md", 3, "A");
        let saved = without_hanging("Store::save", move || store.save());
        assert!(
            matches!(saved, Err(StoreError::Blocked { .. })),
            "{special:?}: {saved:?}"
        );
        // The FIFO (or the link to /dev/zero) is where it was, as it was.
        match special {
            Special::Fifo => assert!(is_fifo(&path)),
            Special::Zero => assert_eq!(fs::read_link(&path).unwrap(), Path::new("/dev/zero")),
        }
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("state.json"))
            .collect();
        assert_eq!(names, ["state.json"], "nothing moved aside or written");
    }
}

#[test]
fn a_fifo_in_place_of_the_lock_file_does_not_block_a_save() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("state.lock"));
    let state_dir = dir.path().to_path_buf();
    let result = without_hanging("Store::open and save", move || {
        let (mut store, _) = Store::open(&state_dir);
        store.toggle_bookmark("a.md", 1, "A");
        store.save().map(|_| ()).map_err(|e| e.to_string())
    });
    let err = result.expect_err("a FIFO cannot be locked");
    assert!(err.contains("state.lock"), "{err}");
}

#[test]
fn a_markdown_file_given_to_content_that_is_a_fifo_or_dev_zero_is_refused() {
    for special in BOTH {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        special.make(&path);
        let (code, stderr) = stderr_of(
            paap()
                .args(["--no-bundled", "--content"])
                .arg(&path)
                .arg("list"),
        );
        assert_eq!(code, Some(2), "{special:?}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "paap: {} {}. Check the path given to --content.\n",
                path.display(),
                special.described()
            )
        );
    }
}

/// A folder with one good page and, beside it, a FIFO and a link to /dev/zero named as
/// markdown, and a FIFO with another name.
fn folder_with_special_files() -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), "# Good\n\nFine.\n").unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let fifo = dir.path().join("sub/pipe.md");
    let zero = dir.path().join("zero.md");
    let other = dir.path().join("events");
    Special::Fifo.make(&fifo);
    Special::Zero.make(&zero);
    Special::Fifo.make(&other);
    (dir, [fifo, zero, other])
}

#[test]
fn special_files_in_a_content_folder_are_reported_by_check() {
    let (dir, [fifo, zero, other]) = folder_with_special_files();
    let output = paap()
        .args(["--no-bundled", "--content"])
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort_unstable();
    let mut expected = vec![
        format!(
            "{}: {}; it was skipped",
            fifo.display(),
            Special::Fifo.described()
        ),
        format!(
            "{}: {}; it was skipped",
            zero.display(),
            Special::Zero.described()
        ),
        format!(
            "{}: {}; it was skipped",
            other.display(),
            Special::Fifo.described()
        ),
    ];
    expected.sort_unstable();
    assert_eq!(lines, expected);

    // The good page loads as usual.
    let list = paap()
        .args(["--no-bundled", "--content"])
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(list.stdout).unwrap(),
        "page  -  Good  good.md\n"
    );
}

#[test]
fn loading_a_folder_with_special_files_does_not_block_in_process() {
    let (dir, _) = folder_with_special_files();
    let root = dir.path().to_path_buf();
    let library = without_hanging("Library::load", move || {
        Library::load(&LoadOptions {
            bundled: false,
            dirs: vec![root],
        })
        .unwrap()
    });
    assert_eq!(library.docs().len(), 1);
    assert_eq!(library.problems().len(), 3, "{:?}", library.problems());
}
