//! Live reload: the `--content` folders (and single files) are watched with the `notify`
//! crate; opening and reading files is no change; a burst of changes (an editor saving
//! writes several times) is debounced into one, the content is loaded again on a thread
//! of the watcher's, and the new library is handed to the runtime as an
//! `Action::Reloaded`. Nothing runs while nothing changes:
//! the threads wait on the file system, there is no polling timer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, SystemTime};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::inbox::Mailbox;
use crate::app::rows::SharedPhrases;
use crate::app::{Action, Reload};
use crate::content::ContentSource;

/// Changes this close together are one change; a saved file shows well within half a
/// second.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Watching while alive; dropping it stops the watch (and its reloading thread).
pub struct Watcher {
    _watcher: RecommendedWatcher,
}

/// What is watched for one `--content` path: a folder and all below it, or a file
/// (through its folder, so that editors that save by writing a new file and renaming it
/// over the old one are seen).
#[derive(Debug, Clone)]
enum Watched {
    Folder(PathBuf),
    File(PathBuf),
}

impl Watched {
    fn of(path: &Path) -> Option<Watched> {
        let path = std::fs::canonicalize(path).ok()?;
        Some(if path.is_dir() {
            Watched::Folder(path)
        } else {
            Watched::File(path)
        })
    }

    /// Whether a change to `changed` may change what is loaded.
    fn concerns(&self, changed: &Path) -> bool {
        match self {
            Watched::File(file) => changed == file,
            Watched::Folder(folder) => {
                changed.starts_with(folder)
                    && is_content_path(changed.strip_prefix(folder).unwrap_or(changed))
            }
        }
    }
}

/// Markdown files and folders (a folder's name has no extension, mostly); not hidden
/// entries, editors' swap and backup files or other files.
fn is_content_path(relative: &Path) -> bool {
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let markdown = [".md", ".mdx", ".markdown"]
        .iter()
        .any(|ext| name.to_ascii_lowercase().ends_with(ext));
    !hidden && !name.ends_with('~') && (markdown || relative.extension().is_none())
}

impl Watcher {
    /// Watches what `source` loads from; each burst of changes loads it all again and
    /// passes the result to `deliver` (from a thread of its own). `Err` says why nothing
    /// is watched (the system refused a watch).
    ///
    /// With `since` (when the content began to be read), what changed after it and before
    /// the watch was up is loaded again too.
    pub fn start(
        source: ContentSource,
        since: Option<SystemTime>,
        deliver: impl Fn(Action) + Send + 'static,
    ) -> Result<Watcher, String> {
        let watched: Vec<Watched> = source
            .watched()
            .iter()
            .filter_map(|p| Watched::of(p))
            .collect();
        let concerned = watched.clone();
        let (changed, changes) = mpsc::channel::<()>();
        let unseen = changed.clone();
        let on_event = move |result: notify::Result<notify::Event>| {
            let relevant = match &result {
                Ok(event) => {
                    changes_content(&event.kind)
                        && event
                            .paths
                            .iter()
                            .any(|path| concerned.iter().any(|w| w.concerns(path)))
                }
                // Events were lost: load again to be sure.
                Err(_) => true,
            };
            if relevant {
                let _ = changed.send(());
            }
        };
        let mut watcher = notify::recommended_watcher(on_event).map_err(|e| e.to_string())?;
        for w in &watched {
            let (path, mode) = match w {
                Watched::Folder(folder) => (folder.as_path(), RecursiveMode::Recursive),
                Watched::File(file) => (file.parent().unwrap_or(file), RecursiveMode::NonRecursive),
            };
            watcher
                .watch(path, mode)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        // From here on every change is an event; one before it is found by its time.
        if since.is_some_and(|since| changed_since(&watched, since)) {
            let _ = unseen.send(());
        }
        // Ends when the watcher, which holds the sending end, is dropped.
        thread::Builder::new()
            .name("paap-reload".into())
            .spawn(move || {
                while changes.recv().is_ok() {
                    // One load for a burst (an editor saving writes several times): wait
                    // until no change has come for `DEBOUNCE`.
                    while changes.recv_timeout(DEBOUNCE).is_ok() {}
                    deliver(load_again(&source));
                }
            })
            .map_err(|e| format!("no thread could start ({e})"))?;
        Ok(Watcher { _watcher: watcher })
    }
}

/// File times may come from a coarser clock than the one `since` was read from.
const CLOCK_SLACK: Duration = Duration::from_millis(10);

/// Whether a watched file or folder was changed at `since` or after: the change may have
/// come after the file was read and before the watch began, and no event tells of it. A
/// folder's own time changes when a file in it is added, removed or renamed.
fn changed_since(watched: &[Watched], since: SystemTime) -> bool {
    let since = since.checked_sub(CLOCK_SLACK).unwrap_or(since);
    let newer = |meta: std::io::Result<std::fs::Metadata>| {
        meta.and_then(|m| m.modified())
            .is_ok_and(|time| time >= since)
    };
    watched.iter().any(|w| match w {
        Watched::File(file) => newer(std::fs::metadata(file)),
        Watched::Folder(folder) => walkdir::WalkDir::new(folder)
            .follow_links(true)
            .into_iter()
            // Hidden folders (`.git`) hold no content: not walked at all.
            .filter_entry(|entry| {
                entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
            })
            .filter_map(Result::ok)
            .any(|entry| w.concerns(entry.path()) && newer(entry.metadata().map_err(Into::into))),
    })
}

/// Whether an event of `kind` may change what is loaded. Opening and reading a file is
/// not a change: inotify reports every open, and counting them made each load (whose
/// reads are opens) start the next one, for ever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        // A file written and closed: how many editors save.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Watching on a thread of its own while alive; dropping it stops the watch.
pub(super) struct WatchThread {
    _stop: mpsc::Sender<()>,
}

/// Hands `source` to the session (for `e`) and, when `watch`, starts watching it with
/// changes posted to `mailbox`. The watch is set up on a thread: for a folder it walks
/// every subfolder to watch it (0.9 s for 50,000 files on a busy machine), which must not
/// hold up the first frame. A watch the system refuses is said in the status line.
/// `since`: when the content began to be read, for [`Watcher::start`].
pub(super) fn start_for<O: super::Outside>(
    session: &mut super::Session<O>,
    source: Option<ContentSource>,
    (watch, since): (bool, Option<SystemTime>),
    mailbox: Mailbox,
) -> Option<WatchThread> {
    let source = source?;
    session.set_source(source.clone());
    if !watch || source.watched().is_empty() {
        return None;
    }
    let (stop, stopped) = mpsc::channel::<()>();
    let noticing = mailbox.clone();
    let spawned = thread::Builder::new()
        .name("paap-watch".into())
        .spawn(move || {
            let posting = mailbox.clone();
            match Watcher::start(source, since, move |action| posting.post(action)) {
                // Watching until the event loop drops its end of the channel.
                Ok(_watcher) => {
                    let _ = stopped.recv();
                }
                Err(err) => mailbox.post(off(&err)),
            }
        });
    match spawned {
        Ok(_) => Some(WatchThread { _stop: stop }),
        Err(err) => {
            noticing.post(off(&format!("no thread could start ({err})")));
            None
        }
    }
}

fn off(why: &str) -> Action {
    Action::Notice(format!("Live reload is off: {why}"))
}

/// The content loaded again, as the action that hands it to `update`; a folder that can
/// no longer be read keeps what is shown and says why.
pub fn load_again(source: &ContentSource) -> Action {
    load_again_noting(source, None)
}

/// [`load_again`], with `note` for the status line.
pub fn load_again_noting(source: &ContentSource, note: Option<String>) -> Action {
    match source.load() {
        Ok(library) => Action::Reloaded(Reload {
            // Worked out here, on the watcher's thread, not in the UI's hand-over.
            phrases: Some(SharedPhrases::of(&library)),
            ..Reload::new(Arc::new(library), note)
        }),
        Err(err) => Action::Notice(format!("Not reloaded: {err}")),
    }
}

#[cfg(test)]
mod tests {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};

    use super::*;

    #[test]
    fn opening_or_reading_is_no_change_and_writing_is() {
        let read = [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
        ];
        assert!(read.iter().all(|kind| !changes_content(kind)));
        let written = [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
        ];
        assert!(written.iter().all(changes_content));
    }
}
