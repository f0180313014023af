//! Bookmarks, reading positions and recently read documents, stored as JSON in the
//! state folder with atomic writes.
//!
//! Rules: a corrupt or unreadable file is moved aside (never overwritten) and paap
//! starts clean with a warning; every write re-reads the file and merges this
//! process's changes into it under a lock, so two paap windows lose nothing; a write
//! killed half-way leaves the previous file whole.

mod file;
mod state;

use std::path::{Path, PathBuf};

pub use state::{Bookmark, MAX_LINE, RECENT_CAP, Recent, State, three_way_merge};

use file::Read;

/// `$XDG_STATE_HOME/paap` on Linux; the platform's data folder where there is no
/// state folder. `None` when no home folder is known.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "paap").map(|dirs| {
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_dir())
            .to_path_buf()
    })
}

/// Why the state could not be saved. The in-memory state is kept either way.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // The io error is part of the message, not a source: a printer that follows sources
    // (`{err:#}`) would name it twice.
    #[error("cannot {action} {}: {cause}; bookmarks and reading positions are not saved", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("not saving to {}: it {reason}; move it away by hand to let paap save again", path.display())]
    Blocked { path: PathBuf, reason: String },
}

/// The state of one paap process and the file it is kept in.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// The state as last read from or written to the file: what `state` is diffed
    /// against when merging.
    base: State,
    state: State,
    /// Set when the file could be neither read nor moved aside: writing would
    /// destroy it, so saving is refused.
    blocked: Option<String>,
}

impl Store {
    /// Opens the state kept in `dir` (`state.json`). Never fails: a missing folder or
    /// file is an empty state; a corrupt or unreadable file is moved aside and the
    /// returned warning (for the status line) says where.
    pub fn open(dir: &Path) -> (Store, Option<String>) {
        let mut store = Store {
            dir: dir.to_path_buf(),
            base: State::default(),
            state: State::default(),
            blocked: None,
        };
        if !dir.is_dir() {
            return (store, None);
        }
        // The lock keeps another window from writing while a corrupt file is moved
        // aside, and makes any temporary file found now a stale one.
        let lock = file::lock(dir).ok();
        if let Some(lock) = &lock {
            file::remove_stale_temp_files(dir, lock);
        }
        let path = store.file_path();
        let warning = match file::read_state(dir) {
            Read::Missing => None,
            Read::State(state) => {
                store.base = state.clone();
                store.state = state;
                None
            }
            Read::MovedAside { reason, moved_to } => Some(format!(
                "state file {} {reason}; moved it to {} and started with no bookmarks or history",
                path.display(),
                moved_to.display()
            )),
            Read::Stuck { reason } => {
                let warning = format!(
                    "state file {} {reason}; started with no bookmarks or history and will not save over it",
                    path.display()
                );
                store.blocked = Some(reason);
                Some(warning)
            }
        };
        (store, warning)
    }

    /// The folder the state is kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The state file (`<dir>/state.json`).
    pub fn file_path(&self) -> PathBuf {
        self.dir.join(file::STATE_FILE)
    }

    /// The current state: this process's changes plus what other windows had saved
    /// by the last [`Store::save`].
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Adds a bookmark at `doc_id`/`line`, or removes the one there. Returns whether
    /// the place is bookmarked now. In memory until [`Store::save`].
    pub fn toggle_bookmark(&mut self, doc_id: &str, line: usize, title: &str) -> bool {
        if self.state.remove_bookmark(doc_id, line) {
            return false;
        }
        self.state.add_bookmark(doc_id, line, title, unix_now());
        true
    }

    /// Remembers the scroll line of `doc_id`. In memory until [`Store::save`].
    pub fn set_position(&mut self, doc_id: &str, line: usize) {
        self.state.positions.insert(doc_id.to_string(), line);
    }

    /// The remembered scroll line of `doc_id`.
    pub fn position(&self, doc_id: &str) -> Option<usize> {
        self.state.positions.get(doc_id).copied()
    }

    /// Records that `doc_id` was opened now (moves it to the front of the recent
    /// list). In memory until [`Store::save`].
    pub fn touch_recent(&mut self, doc_id: &str) {
        self.state.touch_recent(doc_id, unix_now());
    }

    /// Writes the state: under the lock, re-reads the file, merges this process's
    /// changes into it ([`three_way_merge`]) and replaces it atomically. Afterwards
    /// [`Store::state`] includes what other windows saved. Returns a warning when the
    /// file on disk had become corrupt and was moved aside.
    pub fn save(&mut self) -> Result<Option<String>, StoreError> {
        let path = self.file_path();
        if let Some(reason) = &self.blocked {
            return Err(StoreError::Blocked {
                path,
                reason: reason.clone(),
            });
        }
        let io_error = |action, path: &Path| {
            let path = path.to_path_buf();
            move |cause| StoreError::Io {
                action,
                path,
                cause,
            }
        };
        std::fs::create_dir_all(&self.dir).map_err(io_error("create the folder", &self.dir))?;
        let lock = file::lock(&self.dir).map_err(io_error("lock", &self.dir.join("state.lock")))?;
        file::remove_stale_temp_files(&self.dir, &lock);
        let (merged, warning) = match file::read_state(&self.dir) {
            Read::State(disk) => (three_way_merge(&self.base, &self.state, disk), None),
            // Nothing usable on disk: everything this window knows is the best state.
            Read::Missing => (self.state.clone(), None),
            Read::MovedAside { reason, moved_to } => (
                self.state.clone(),
                Some(format!(
                    "state file {} {reason}; moved it to {} and saved this window's state",
                    path.display(),
                    moved_to.display()
                )),
            ),
            Read::Stuck { reason } => {
                self.blocked = Some(reason.clone());
                return Err(StoreError::Blocked { path, reason });
            }
        };
        file::write_state(&self.dir, &merged, &lock).map_err(io_error("write", &path))?;
        self.base = merged.clone();
        self.state = merged;
        Ok(warning)
    }
}

/// Seconds since the Unix epoch (0 if the clock is before it).
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
