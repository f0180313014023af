//! The state file on disk: reading (moving a corrupt file aside), the lock that
//! serialises writers, and atomic replacement.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::state::State;
use crate::fsread::{self, Cause, ReadError};

pub const STATE_FILE: &str = "state.json";
/// A state file larger than this is not read (and is moved aside): bookmarks and positions
/// for 100,000 documents take about 10 MiB.
const MAX_STATE_BYTES: u64 = 64 * 1024 * 1024;
/// How many symlinks in a row are followed to find where `state.json` really is.
const MAX_SYMLINKS: usize = 40;
const LOCK_FILE: &str = "state.lock";
/// Temporary files are `state.json.tmp-<pid>-<n>`; any left over is from a write that
/// was killed half-way.
const TEMP_PREFIX: &str = "state.json.tmp-";

/// What reading the state file gave.
pub enum Read {
    /// There is no state file (yet).
    Missing,
    /// The file's state.
    State(State),
    /// The file could not be used; it was moved to `moved_to` and nothing was lost.
    MovedAside { reason: String, moved_to: PathBuf },
    /// The file could not be used nor moved aside: it must not be overwritten.
    Stuck { reason: String },
}

/// Reads `dir/state.json`. A file that cannot be read or parsed is renamed to
/// `state.json.corrupt-<unix time>` so its bytes can be recovered by hand.
/// Call with the lock held when moving aside must not race another window.
pub fn read_state(dir: &Path) -> Read {
    let path = dir.join(STATE_FILE);
    let reason = match fsread::read(&path, MAX_STATE_BYTES) {
        Ok(bytes) => match serde_json::from_slice::<State>(&bytes) {
            Ok(state) => return Read::State(state),
            Err(e) => format!("not valid state JSON: {e}"),
        },
        Err(e) if e.is_not_found() => return Read::Missing,
        // A FIFO, device or folder is someone's choice, not a damaged file: it is left
        // where it is, unread and never written over.
        Err(ReadError {
            cause: cause @ Cause::NotAFile(_),
            ..
        }) => {
            return Read::Stuck {
                reason: cause.to_string(),
            };
        }
        Err(e) => e.cause.to_string(),
    };
    match move_aside(&path) {
        Ok(moved_to) => Read::MovedAside { reason, moved_to },
        Err(e) => Read::Stuck {
            reason: format!("{reason}; moving it aside failed too: {e}"),
        },
    }
}

/// Renames `path` to `<path>.corrupt-<unix time>`, never over an existing file.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = super::unix_now();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    for attempt in 0..1000 {
        let suffix = match attempt {
            0 => format!("{name}.corrupt-{stamp}"),
            n => format!("{name}.corrupt-{stamp}-{n}"),
        };
        let target = path.with_file_name(suffix);
        if fs::symlink_metadata(&target).is_err() {
            fs::rename(path, &target)?;
            return Ok(target);
        }
    }
    Err(io::Error::other("too many .corrupt files already"))
}

/// An exclusive lock on `dir/state.lock`, released when dropped. Every writer holds
/// it from creating its temporary file to the rename, so two paap windows never
/// interleave their read-merge-write.
pub struct Lock {
    _file: File,
}

pub fn lock(dir: &Path) -> io::Result<Lock> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    // A FIFO in the lock file's place must not block the open (it fails at once instead).
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(dir.join(LOCK_FILE))?;
    match file.lock() {
        Ok(()) => {}
        // Some file systems cannot lock: the merge before writing still keeps
        // most concurrent changes, which beats refusing to save.
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {}
        Err(e) => return Err(e),
    }
    Ok(Lock { _file: file })
}

/// Removes temporary files left by writes that were killed half-way. Only call with
/// the lock held: then no live writer owns one.
pub fn remove_stale_temp_files(dir: &Path, _lock: &Lock) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            // Best effort: a leftover that cannot be removed is ignored anyway.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replaces `dir/state.json` atomically: write a temporary file in the same folder,
/// fsync it, rename it over the old file, fsync the folder. A crash at any point
/// leaves either the old or the new file whole. Call with the lock held.
///
/// When `state.json` is a symlink, the file it leads to is replaced (with a temporary file
/// beside it), so the link stays a link.
pub fn write_state(dir: &Path, state: &State, _lock: &Lock) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let target = follow_symlinks(&dir.join(STATE_FILE))?;
    let folder = target.parent().unwrap_or(dir).to_path_buf();
    let temp = folder.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
    let result = write_and_rename(&temp, &target, state);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result?;
    sync_dir(&folder)
}

/// The path `path` leads to through any symlinks; it need not exist (a link to a file not
/// written yet). Relative links are read from the folder of the link.
fn follow_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(folder) if link.is_relative() => folder.join(link),
                    _ => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_SYMLINKS} symlinks in a row lead from it"
    )))
}

fn write_and_rename(temp: &Path, target: &Path, state: &State) -> io::Result<()> {
    let mut json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    json.push(b'\n');
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    file.write_all(&json)?;
    file.sync_all()?;
    drop(file);
    fs::rename(temp, target)
}

/// Makes the rename itself durable (the folder entry), where the platform allows it.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
