//! `paap sync`: a source's files (a GitHub repository's or any tarball's) fetched onto this
//! machine, into `$XDG_DATA_HOME/paap/sources/NAME/`, where the library loads them.
//!
//! Nothing lost, nothing let in: the tarball is downloaded to a temporary file and
//! unpacked beside the target with every entry checked ([`unpack`]), and only a complete,
//! checked folder replaces the previous copy, by a rename ([`store::Slot::swap_in`]). Any
//! failure before that leaves the previous copy exactly as it was.

mod fetch;
pub mod spec;
pub mod store;
mod unpack;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

pub use fetch::{megabytes, size};
pub use spec::Location;
pub use store::{META_FILE, Meta, default_dir};

/// One source to sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    /// As written (`github:…` or a URL).
    pub url: String,
    pub location: Location,
    pub paths: Vec<String>,
    pub hosts: Vec<String>,
}

impl Source {
    /// `paap sync github:OWNER/REPO[@REF][:PATH]` or a URL: named `name`, else after the
    /// repository or the file.
    pub fn one_off(text: &str, name: Option<&str>) -> Result<Source, String> {
        let written = Location::parse(text)?;
        let name = match name {
            Some(name) => {
                spec::check_name(name)?;
                name.to_string()
            }
            None => written.location.default_name(),
        };
        Ok(Source {
            name,
            url: text.trim().to_string(),
            paths: written.path.into_iter().collect(),
            location: written.location,
            hosts: Vec::new(),
        })
    }
}

/// Limits of one sync.
#[derive(Debug, Clone)]
pub struct Options {
    pub max_unpacked_bytes: u64,
    pub max_entries: u64,
    pub connect_timeout: Duration,
    /// How long a read may wait for data (a stalled server).
    pub idle_timeout: Duration,
    /// Fetch plain `http` URLs too (`--insecure-http`; the tests' loopback server).
    pub allow_http: bool,
}

/// Told how a download goes (the command line draws a bar; tests count).
pub trait Progress {
    /// The body starts; `total` is its length when the server says it.
    fn started(&mut self, total: Option<u64>);
    fn advanced(&mut self, bytes: u64);
    fn finished(&mut self);
}

/// A sync that failed; the previous copy, if any, is as it was. One line each.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Network(String),
    #[error("{0}")]
    Http(String),
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("refused: {0}")]
    Refused(String),
    #[error("{0}")]
    Archive(String),
    #[error("refused: {0}")]
    Cap(String),
    #[error("{0}")]
    Busy(String),
    #[error("interrupted")]
    Interrupted,
    #[error("{action} {}: {cause}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
}

impl SyncError {
    pub(crate) fn io(action: &'static str, path: &Path, cause: std::io::Error) -> SyncError {
        SyncError::Io {
            action,
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new copy is in place.
    Updated(Meta),
    /// The server said the copy we have is current (ETag); nothing was downloaded.
    Unchanged(Meta),
}

/// Fetches `source` into `dir/NAME/`. `interrupted` is polled (Ctrl-C) between reads.
pub fn sync(
    source: &Source,
    dir: &Path,
    options: &Options,
    progress: &mut dyn Progress,
    interrupted: &AtomicBool,
) -> Result<Outcome, SyncError> {
    let slot = store::Slot::open(dir, &source.name)?;
    let download_url = source.location.download_url();
    let previous = store::read_meta(&slot.target());
    // The ETag is the server's name for one response to one URL: sent back only if the
    // URL and what is kept of it are the same.
    let etag = previous
        .as_ref()
        .filter(|meta| meta.download_url == download_url && meta.paths == source.paths)
        .and_then(|meta| meta.etag.as_deref());
    let fetched = fetch::download(
        &download_url,
        etag,
        &slot.download(),
        options,
        progress,
        interrupted,
    )?;
    let (etag, downloaded) = match fetched {
        fetch::Fetched::NotModified => {
            // Only sent with a previous copy, so there is one.
            return match previous {
                Some(meta) => Ok(Outcome::Unchanged(meta)),
                None => Err(SyncError::Http(format!(
                    "{download_url} answered 304 Not Modified to a first download"
                ))),
            };
        }
        fetch::Fetched::Body { etag, bytes } => (etag, bytes),
    };
    let unpacked = unpack::unpack(&slot.download(), &slot.unpack(), options, interrupted)?;
    let top = unpack::top_folder(&slot.unpack())?;
    unpack::keep(&top, &source.paths, &slot.new_tree())?;
    let (files, bytes) = store::measure(&slot.new_tree());
    let meta = Meta {
        name: source.name.clone(),
        url: source.url.clone(),
        download_url,
        repo: source.location.repo(),
        paths: source.paths.clone(),
        hosts: source.hosts.clone(),
        etag,
        commit: unpacked.commit,
        files,
        bytes,
        downloaded,
        fetched_at: chrono::Utc::now(),
    };
    store::write_meta(&slot.new_tree(), &meta)?;
    if interrupted.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(SyncError::Interrupted);
    }
    slot.swap_in()?;
    Ok(Outcome::Updated(meta))
}

/// Deletes a synced source; false when there was none by that name.
pub fn remove(dir: &Path, name: &str) -> Result<bool, SyncError> {
    spec::check_name(name).map_err(SyncError::Refused)?;
    let moved_aside = dir.join(format!(".{name}.old"));
    if !dir.join(name).exists() && !moved_aside.exists() {
        return Ok(false);
    }
    store::Slot::open(dir, name)?.remove()
}
