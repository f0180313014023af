//! Where paap's caches live (the listing cache, the search snapshot), and the name of the
//! build that writes them: another build may read files differently, so it does not trust
//! what this one recorded.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file this old was left by a paap that stopped while writing a cache (a
/// writer renames its own within a second).
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// `$XDG_CACHE_HOME/paap/<name>` on Linux (the platform's cache folder elsewhere); `None`
/// when no home folder is known.
pub fn folder(name: &str) -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "paap").map(|dirs| dirs.cache_dir().join(name))
}

/// This build of paap: its version, and the size and time of its executable. `None` when
/// the executable is not found.
pub fn build_name() -> Option<String> {
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    let modified = super::stamp::since_1970(exe.modified().ok()?);
    Some(format!(
        "{} {}:{modified}",
        env!("CARGO_PKG_VERSION"),
        exe.len()
    ))
}

/// The name of the temporary file this process writes a cache of `dir` to, before it is
/// renamed into place: named for the process, so two writers never share one.
pub fn temporary(dir: &Path) -> PathBuf {
    dir.join(format!("{}.tmp", std::process::id()))
}

/// Removes the temporary files in `dir` that writers stopped midway left (see
/// `STALE_AFTER`); a failure is left silent, as the next write tries again.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > STALE_AFTER);
        if stale && path.extension().is_some_and(|ext| ext == "tmp") {
            let _ = std::fs::remove_file(path);
        }
    }
}
