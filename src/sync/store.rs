//! The sources folder: one folder per source, each with a `.paap-source.json` saying what
//! it holds, replaced whole by a rename so a failed sync leaves the previous copy as it was.
//!
//! Next to `NAME/` a sync uses `.NAME.download` (the tarball), `.NAME.unpack/`, `.NAME.new/`
//! and, for the moment of the swap, `.NAME.old/`; `.NAME.lock` keeps two syncs of one
//! source apart. Anything of those left by a killed sync is cleared by the next one.

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::SyncError;

/// The record of what a source's folder holds, inside that folder (so it swaps with it).
pub const META_FILE: &str = ".paap-source.json";

/// What one synced source is and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    /// As written in the config or on the command line.
    pub url: String,
    /// The URL asked for (the ETag belongs to it).
    pub download_url: String,
    /// `OWNER/REPO` for a GitHub source.
    pub repo: Option<String>,
    /// Paths kept, relative to the archive's top folder; empty: everything.
    pub paths: Vec<String>,
    /// Web hosts that publish the source's pages.
    #[serde(default)]
    pub hosts: Vec<String>,
    pub etag: Option<String>,
    pub commit: Option<String>,
    /// Files kept and their total size in bytes.
    pub files: u64,
    pub bytes: u64,
    /// Bytes of the tarball downloaded.
    #[serde(default)]
    pub downloaded: u64,
    pub fetched_at: DateTime<Utc>,
}

/// `$XDG_DATA_HOME/paap/sources` on Linux (the platform's data folder elsewhere); `None`
/// when no home folder is known.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "paap").map(|dirs| dirs.data_dir().join("sources"))
}

/// The record in a source's folder; `None` when there is none or it cannot be read (a
/// folder paap did not make, or one half written by hand).
pub fn read_meta(folder: &Path) -> Option<Meta> {
    let text = std::fs::read_to_string(folder.join(META_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn write_meta(folder: &Path, meta: &Meta) -> Result<(), SyncError> {
    let path = folder.join(META_FILE);
    let text = serde_json::to_string_pretty(meta).unwrap_or_default();
    std::fs::write(&path, text + "\n").map_err(|e| SyncError::io("cannot write", &path, e))
}

/// Every synced source in `dir`, by name, with its folder.
pub fn list(dir: &Path) -> Vec<(Meta, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(Meta, PathBuf)> = entries
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| {
            let folder = entry.path();
            read_meta(&folder).map(|meta| (meta, folder))
        })
        .collect();
    found.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    found
}

/// The working places of one source's sync, held under its lock.
pub struct Slot {
    pub dir: PathBuf,
    pub name: String,
    _lock: File,
}

impl Slot {
    /// Takes the source's lock (refused while another paap syncs it) and puts right what a
    /// killed sync left: a previous copy moved aside comes back, temporary files go.
    pub fn open(dir: &Path, name: &str) -> Result<Slot, SyncError> {
        std::fs::create_dir_all(dir).map_err(|e| SyncError::io("cannot create", dir, e))?;
        let lock_path = dir.join(format!(".{name}.lock"));
        let lock =
            File::create(&lock_path).map_err(|e| SyncError::io("cannot create", &lock_path, e))?;
        if lock.try_lock().is_err() {
            return Err(SyncError::Busy(format!(
                "another paap is syncing {name}; try again when it is done"
            )));
        }
        let slot = Slot {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            _lock: lock,
        };
        slot.recover()?;
        Ok(slot)
    }

    pub fn target(&self) -> PathBuf {
        self.dir.join(&self.name)
    }

    pub fn download(&self) -> PathBuf {
        self.temp("download")
    }

    pub fn unpack(&self) -> PathBuf {
        self.temp("unpack")
    }

    pub fn new_tree(&self) -> PathBuf {
        self.temp("new")
    }

    fn old(&self) -> PathBuf {
        self.temp("old")
    }

    fn temp(&self, what: &str) -> PathBuf {
        self.dir.join(format!(".{}.{what}", self.name))
    }

    fn recover(&self) -> Result<(), SyncError> {
        let (old, target) = (self.old(), self.target());
        if old.exists() && !target.exists() {
            std::fs::rename(&old, &target).map_err(|e| SyncError::io("cannot restore", &old, e))?;
        }
        self.clear_temps();
        Ok(())
    }

    /// Removes the temporary files and folders (errors ignored: there may be none).
    pub fn clear_temps(&self) {
        let _ = std::fs::remove_file(self.download());
        for folder in [self.unpack(), self.new_tree(), self.old()] {
            let _ = std::fs::remove_dir_all(folder);
        }
    }

    /// Puts the finished `new_tree` in place of the source's folder. The previous copy is
    /// moved aside first and only removed once the new one is in place; should the second
    /// rename fail, it is moved back.
    pub fn swap_in(&self) -> Result<(), SyncError> {
        let (new, target, old) = (self.new_tree(), self.target(), self.old());
        let had_previous = target.exists();
        if had_previous {
            std::fs::rename(&target, &old).map_err(|e| SyncError::io("cannot move", &target, e))?;
        }
        if let Err(e) = std::fs::rename(&new, &target) {
            if had_previous {
                let _ = std::fs::rename(&old, &target);
            }
            return Err(SyncError::io("cannot move", &new, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }

    /// Deletes the source's folder; false when there was none.
    pub fn remove(&self) -> Result<bool, SyncError> {
        let target = self.target();
        if !target.exists() {
            return Ok(false);
        }
        std::fs::remove_dir_all(&target).map_err(|e| SyncError::io("cannot remove", &target, e))?;
        Ok(true)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.clear_temps();
        // The lock file itself stays: removing it could race another paap taking it.
    }
}

/// Files and bytes under `folder`, links not followed.
pub fn measure(folder: &Path) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
        if entry.file_type().is_file() && entry.file_name() != META_FILE {
            files += 1;
            bytes += entry.metadata().map_or(0, |m| m.len());
        }
    }
    (files, bytes)
}
