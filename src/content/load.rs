//! Loading the bundled content and `--content` folders.
//!
//! With `document` (one file) and `listing` (`paap list`'s load), the part of `content`
//! that touches the file system. A folder that cannot be read at all
//! stops loading (`LoadError`); anything wrong with one file becomes a `Problem` and the rest
//! loads: never a crash, never a silent drop.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use walkdir::WalkDir;

use super::document::{decode_text, load_file, parse_document, path_id};
use super::index::has_extension;
use super::plain;
use super::{Doc, Library, Origin, Problem, SourceRoot};
use crate::fsread::{Cause, Special};

/// The `content/` folder of this repository, embedded at build time.
static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include the content embedded in the binary.
    pub bundled: bool,
    /// Extra folders, or single markdown files (`--content DIR`), in order.
    pub dirs: Vec<PathBuf>,
}

/// How files are read: whole, or for a listing (see `listing`), with the folder of the
/// listing cache if there is one, keeping the bodies of the files read or not.
#[derive(Debug, Clone, Copy)]
enum Reading<'a> {
    Whole,
    Listing {
        cache_dir: Option<&'a Path>,
        keep_bodies: bool,
    },
}

/// A failure that stops loading altogether (a missing or unreadable folder or file given
/// to `--content`).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    // The io error is part of the message, not a source: `{err:#}` would print it twice.
    #[error("{path} cannot be read: {cause}. Check the path given to --content.")]
    Folder {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The one markdown file given could not be loaded (unreadable, too large).
    #[error("{path} {reason}. Check the path given to --content.")]
    File { path: PathBuf, reason: String },
    #[error(
        "{path} is neither a folder nor a markdown file. Give --content a folder of markdown \
         files, or one .md, .mdx or .markdown file."
    )]
    NotAFolder { path: PathBuf },
}

/// How far a load has got, for a progress line: files read of the files found so far.
/// Shared with the threads that read the files.
#[derive(Default)]
pub struct LoadProgress {
    done: AtomicUsize,
    total: AtomicUsize,
    /// Told (files read, files found) every `REPORT_EVERY` files and at the end.
    report: Option<Box<dyn Fn(usize, usize) + Send + Sync>>,
    /// Told every document read so far, in their final order, each time their number
    /// has doubled: the UI shows the library filling in rather than all at the end.
    partial: Option<PartialReport>,
    /// How many documents the next partial report waits for.
    next_partial: AtomicUsize,
}

type PartialReport = Box<dyn Fn(&[Doc], &[Problem]) + Send + Sync>;

/// Documents before the first partial report: fewer are not worth a swap of the library.
const FIRST_PARTIAL: usize = 1_000;

/// Files read in parallel between two looks for a partial report. Small enough that the
/// first partial library comes soon, large enough that the threads stay busy.
const FILL_CHUNK: usize = 1_024;

/// Files read between two progress reports: often enough for a moving count, rarely
/// enough to cost nothing.
const REPORT_EVERY: usize = 512;

impl std::fmt::Debug for LoadProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadProgress")
            .field("done", &self.done)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl LoadProgress {
    /// Counts, and tells `report` how far the load has got as it goes.
    pub fn reporting(report: impl Fn(usize, usize) + Send + Sync + 'static) -> LoadProgress {
        LoadProgress {
            report: Some(Box::new(report)),
            ..LoadProgress::default()
        }
    }

    /// Also tells `partial` every document read so far, in final order, once there are
    /// `FIRST_PARTIAL` and then each time their number has doubled (so copying them costs
    /// at most about as much again as the load: the sizes sum to less than twice the last).
    pub fn filling(self, partial: impl Fn(&[Doc], &[Problem]) + Send + Sync + 'static) -> Self {
        LoadProgress {
            partial: Some(Box::new(partial)),
            next_partial: AtomicUsize::new(FIRST_PARTIAL),
            ..self
        }
    }

    /// `docs` are every document read so far: reported when there are enough new ones,
    /// and not when every file found is read (the whole library follows at once).
    fn arrived(&self, docs: &[Doc], problems: &[Problem]) {
        let Some(partial) = &self.partial else {
            return;
        };
        let (done, total) = self.get();
        if docs.len() >= self.next_partial.load(Ordering::Relaxed) && done < total {
            self.next_partial.store(docs.len() * 2, Ordering::Relaxed);
            partial(docs, problems);
        }
    }

    pub(super) fn file_read(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        if let Some(report) = &self.report
            && (done.is_multiple_of(REPORT_EVERY) || done == total)
        {
            report(done, total);
        }
    }

    /// (files read, files found so far).
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// What a `--content` path is, checked before anything is read.
enum Root {
    File,
    Folder,
}

impl Library {
    /// Loads the bundled content (when `opts.bundled`), then each `opts.dirs` folder as its own
    /// content root. Per-file trouble is in `problems()`; only an unreadable folder is an error.
    pub fn load(opts: &LoadOptions) -> Result<Library, LoadError> {
        Library::load_with_sources(opts, None)
    }

    /// [`Library::load`], then the sources `paap sync` keeps in `sources` (the originals),
    /// each kept folder a content root of its own, after the `--content` folders.
    pub fn load_with_sources(
        opts: &LoadOptions,
        sources: Option<&Path>,
    ) -> Result<Library, LoadError> {
        Library::load_counting(opts, sources, &LoadProgress::default())
    }

    /// [`Library::load_with_sources`], counting the files read in `progress` as it goes
    /// (the UI loads big folders in the background and shows how far it has got).
    pub fn load_counting(
        opts: &LoadOptions,
        sources: Option<&Path>,
        progress: &LoadProgress,
    ) -> Result<Library, LoadError> {
        Library::load_reading(opts, sources, progress, Reading::Whole)
    }

    /// [`Library::load_with_sources`] for a listing (`paap list`): documents without
    /// their bodies (`Doc::words` still counts them), big folders through the listing
    /// cache in `cache_dir` (see `listing`). Problems are only those of the files read.
    pub fn load_listing(
        opts: &LoadOptions,
        sources: Option<&Path>,
        cache_dir: Option<&Path>,
    ) -> Result<Library, LoadError> {
        Library::load_listed(opts, sources, (cache_dir, false))
    }

    /// [`Library::load_listing`], but the documents whose files were read keep their
    /// bodies: only those that came from the listing cache lack one (see
    /// [`Library::read_bodies`]). Each document has its file's stamp.
    pub fn load_stamped(
        opts: &LoadOptions,
        sources: Option<&Path>,
        cache_dir: Option<&Path>,
    ) -> Result<Library, LoadError> {
        Library::load_listed(opts, sources, (cache_dir, true))
    }

    fn load_listed(
        opts: &LoadOptions,
        sources: Option<&Path>,
        (cache_dir, keep_bodies): (Option<&Path>, bool),
    ) -> Result<Library, LoadError> {
        let reading = Reading::Listing {
            cache_dir,
            keep_bodies,
        };
        Library::load_reading(opts, sources, &LoadProgress::default(), reading)
    }

    fn load_reading(
        opts: &LoadOptions,
        sources: Option<&Path>,
        progress: &LoadProgress,
        reading: Reading,
    ) -> Result<Library, LoadError> {
        let read_since = std::time::SystemTime::now();
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        let mut root = 0;
        if opts.bundled {
            load_bundled(root, &mut docs, &mut problems);
            root += 1;
        }
        for dir in &opts.dirs {
            load_dir(dir, root, &mut docs, &mut problems, (progress, reading))?;
            root += 1;
        }
        if let Some(sources) = sources {
            load_sources(sources, root, &mut docs, &mut problems, (progress, reading));
        }
        let mut library = Library::from_docs(docs, problems);
        library.read_since = Some(read_since);
        Ok(library)
    }

    /// Reads the bodies of documents `which` that have none (those a listing took from its
    /// cache), in parallel. A file that cannot be read any more keeps no body, and is a
    /// problem.
    pub fn read_bodies(&mut self, which: &[usize]) {
        let wanted: Vec<(usize, &Path)> = which
            .iter()
            .filter_map(|&i| {
                let doc = self.docs.get(i).filter(|doc| doc.body.is_empty())?;
                if doc.from_standard_input() {
                    return None;
                }
                Some((i, doc.path.as_deref()?))
            })
            .collect();
        let read: Vec<(usize, Result<Doc, Problem>)> = wanted
            .into_par_iter()
            .map(|(i, path)| {
                let folder = path.parent().unwrap_or(Path::new(""));
                // Only the body is wanted here: reporting a file's problems is `check`'s job.
                let read = load_file(folder, 0, path.to_path_buf()).map(|(doc, _)| doc);
                (i, read)
            })
            .collect();
        for (i, result) in read {
            match result {
                Ok(read) => {
                    let doc = &mut self.docs[i];
                    doc.body = read.body;
                    doc.body_line = read.body_line;
                    doc.line_map = read.line_map;
                }
                Err(problem) => self.problems.push(problem),
            }
        }
    }

    /// Checks that every `--content` path can be loaded (exists, is a markdown file or a
    /// readable folder) without reading the files: the UI checks this before it starts and
    /// loads the folders afterwards.
    pub fn check_paths(opts: &LoadOptions) -> Result<(), LoadError> {
        for dir in &opts.dirs {
            open_root(dir)?;
        }
        Ok(())
    }

    /// Whether any `--content` path is a folder (single files load at once).
    pub fn has_folders(opts: &LoadOptions) -> bool {
        opts.dirs.iter().any(|dir| dir.is_dir())
    }
}

/// Checks a `--content` path: a markdown file, or a folder that can be listed.
fn open_root(dir: &Path) -> Result<Root, LoadError> {
    let folder_error = |cause| LoadError::Folder {
        path: dir.to_path_buf(),
        cause,
    };
    let meta = std::fs::metadata(dir).map_err(folder_error)?;
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    if meta.is_file() && is_markdown(&name) {
        return Ok(Root::File);
    }
    if !meta.is_dir() {
        return Err(match Special::of(meta.file_type()) {
            // A FIFO or device given by name: never opened, and named for what it is.
            Some(special) => LoadError::File {
                path: dir.to_path_buf(),
                reason: Cause::NotAFile(special).to_string(),
            },
            None => LoadError::NotAFolder {
                path: dir.to_path_buf(),
            },
        });
    }
    std::fs::read_dir(dir).map_err(folder_error)?;
    Ok(Root::Folder)
}

/// Every source `paap sync` fetched: each kept folder is a content root of its own, read
/// like a `--content` folder plus plain text and CSV. A source folder that cannot be read
/// is a problem, not an error: a command should still run without its originals.
fn load_sources(
    dir: &Path,
    mut root: usize,
    docs: &mut Vec<Doc>,
    problems: &mut Vec<Problem>,
    how: (&LoadProgress, Reading),
) {
    for (meta, folder) in crate::sync::store::list(dir) {
        let kept = if meta.paths.is_empty() {
            vec![String::new()]
        } else {
            meta.paths.clone()
        };
        for path in kept {
            let root_dir = folder.join(&path);
            if !root_dir.is_dir() {
                continue;
            }
            let origin = Origin::Source(Arc::new(SourceRoot {
                name: meta.name.clone(),
                repo: meta.repo.clone(),
                hosts: meta.hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
                path,
            }));
            let files = collect_files(&root_dir, true, problems);
            let before = docs.len();
            parse_files(&root_dir, root, files, &origin, (docs, problems), how);
            // A kept folder of images only (`website/static`) is no content root.
            if docs.len() > before {
                root += 1;
            }
        }
    }
}

/// Markdown files by extension; hidden entries and `node_modules` are skipped.
fn is_markdown(name: &str) -> bool {
    [".md", ".mdx", ".markdown"]
        .iter()
        .any(|ext| has_extension(name, ext))
}

fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

fn load_bundled(root: usize, docs: &mut Vec<Doc>, problems: &mut Vec<Problem>) {
    let mut files = Vec::new();
    collect_bundled(&BUNDLED, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let parsed: Vec<(Doc, Vec<Problem>)> = files
        .into_par_iter()
        .map(|(id, bytes)| {
            let mut problems = Vec::new();
            let text = decode_text(bytes.to_vec(), &id, &mut problems);
            let (doc, more) = parse_document(&id, root, text, None, &id);
            problems.extend(more);
            (doc, problems)
        })
        .collect();
    for (doc, more) in parsed {
        docs.push(doc);
        problems.extend(more);
    }
}

fn collect_bundled(dir: &'static Dir<'static>, files: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let id = path_id(file.path());
        let name = id.rsplit('/').next().unwrap_or(&id);
        if is_markdown(name) && !is_skipped_name(name) {
            files.push((id, file.contents()));
        }
    }
    for sub in dir.dirs() {
        let name = sub
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        if !is_skipped_name(name) {
            collect_bundled(sub, files);
        }
    }
}

fn load_dir(
    dir: &Path,
    root: usize,
    docs: &mut Vec<Doc>,
    problems: &mut Vec<Problem>,
    how: (&LoadProgress, Reading),
) -> Result<(), LoadError> {
    if let Root::File = open_root(dir)? {
        // One markdown file, as `glow README.md` reads one: a root of its own.
        let folder = dir.parent().unwrap_or(Path::new(""));
        // Asked for by name, so unlike a file in a folder it cannot just be skipped.
        let (doc, more) =
            load_file(folder, root, dir.to_path_buf()).map_err(|problem| LoadError::File {
                path: dir.to_path_buf(),
                reason: problem.message.replace("; it was skipped", ""),
            })?;
        docs.push(doc);
        problems.extend(more);
        return Ok(());
    }

    let files = collect_files(dir, false, problems);
    if files.is_empty() {
        // Most likely the wrong folder was given; say so rather than show an empty library.
        problems.push(Problem {
            file: dir.display().to_string(),
            line: None,
            message: "holds no .md, .mdx or .markdown files; check the path given to --content"
                .to_string(),
        });
    }
    let origin = Origin::Folder(Arc::from(dir));
    parse_files(dir, root, files, &origin, (docs, problems), how);
    Ok(())
}

/// The documents' files under `dir`, sorted: markdown, and with `plain_too` plain text and
/// CSV. Hidden entries and `node_modules` are skipped; links are followed. What cannot be
/// walked, and special files, become problems.
fn collect_files(dir: &Path, plain_too: bool, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_skipped_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let name = entry.file_name().to_string_lossy();
                let wanted = is_markdown(&name) || (plain_too && plain::format_of(&name).is_some());
                if entry.file_type().is_file() && wanted {
                    files.push(entry.into_path());
                } else if let Some(problem) = special_file_problem(&entry) {
                    problems.push(problem);
                }
            }
            Err(err) => problems.push(walk_problem(dir, &err)),
        }
    }
    // Sorted here rather than while walking: one sort of paths is cheaper than one per folder.
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    files
}

/// Reads and parses `files` (in parallel) as documents of `root`, in order, counting them
/// in `progress`.
fn parse_files(
    dir: &Path,
    root: usize,
    files: Vec<PathBuf>,
    origin: &Origin,
    (docs, problems): (&mut Vec<Doc>, &mut Vec<Problem>),
    (progress, reading): (&LoadProgress, Reading),
) {
    progress.total.fetch_add(files.len(), Ordering::Relaxed);
    if let Reading::Listing {
        cache_dir,
        keep_bodies,
    } = reading
    {
        let file_done = || progress.file_read();
        let cache = (cache_dir, keep_bodies);
        let (listed, more) = super::listing::load(dir, root, files, origin, cache, &file_done);
        docs.extend(listed);
        problems.extend(more);
        return;
    }
    // Room for every document at once: growing by doubling would copy the documents read so
    // far several times and touch fresh memory each time (a third of a 10,000-file load).
    docs.reserve(files.len());
    // In chunks only when someone watches the library fill in; otherwise in one go.
    let chunk = if progress.partial.is_some() {
        FILL_CHUNK
    } else {
        files.len().max(1)
    };
    let mut files = files.into_iter();
    loop {
        let paths: Vec<PathBuf> = files.by_ref().take(chunk).collect();
        if paths.is_empty() {
            break;
        }
        let parsed: Vec<Result<(Doc, Vec<Problem>), Problem>> = paths
            .into_par_iter()
            .map(|path| {
                let loaded = load_file(dir, root, path);
                progress.file_read();
                loaded
            })
            .collect();
        for result in parsed {
            match result {
                Ok((mut doc, more)) => {
                    doc.origin = origin.clone();
                    docs.push(doc);
                    problems.extend(more);
                }
                Err(problem) => problems.push(problem),
            }
        }
        progress.arrived(docs, problems);
    }
}

/// A FIFO, socket or device in a content folder: never opened (a FIFO would block), and
/// reported rather than skipped in silence.
fn special_file_problem(entry: &walkdir::DirEntry) -> Option<Problem> {
    let special = Special::of(entry.file_type()).filter(|&s| s != Special::Folder)?;
    Some(Problem {
        file: entry.path().display().to_string(),
        line: None,
        message: format!("{}; it was skipped", Cause::NotAFile(special)),
    })
}

fn walk_problem(dir: &Path, err: &walkdir::Error) -> Problem {
    let path = err.path().unwrap_or(dir);
    let message = match err.loop_ancestor() {
        Some(ancestor) => format!(
            "symlink loop: this folder leads back to {}; it was not followed (remove or fix \
             the link)",
            ancestor.display()
        ),
        None => match err.io_error() {
            Some(io) => format!("cannot be read: {io}; it was skipped"),
            None => format!("cannot be read: {err}; it was skipped"),
        },
    };
    Problem {
        file: path.display().to_string(),
        line: None,
        message,
    }
}
