//! Where paap's caches live (the listing cache, the search snapshot), and the name of the
//! build that writes them: another build may read files differently, so it does not trust
//! what this one recorded.

use std::path::PathBuf;

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
