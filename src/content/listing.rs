//! Loading a folder for a listing (`paap list`): every document's fields without its body,
//! and for a big folder, the fields of unchanged files from the listing cache instead of
//! the files themselves.
//!
//! Over 10,000 pages, half of `list`'s time was reading front matter and most of the rest
//! opening and reading the files. With the cache an unchanged file is only looked at
//! (`stat`), never opened.
//!
//! Rules:
//! - Only folders of at least [`CACHED_FROM`] files are cached: for fewer, reading them is
//!   about as quick as reading a cache.
//! - A file's fields come from the cache only if its size, modification time, change time
//!   and inode are the ones recorded with them; otherwise it is read. The change time
//!   cannot be set back by the tools that restore modification times (`cp -p`, `rsync -t`,
//!   `touch -d`).
//! - A file modified less than [`RACY`](super::stamp::RACY) before the listing is not
//!   recorded: a second change in the same tick of a coarse file clock would leave its
//!   times as they were.
//! - The cache names the build of paap that wrote it (its executable's size and time):
//!   another build reads every file again, as it may read them differently.
//! - A cache that cannot be read, or holds anything unexpected, is ignored and written
//!   anew; one that cannot be written is left as it is. It is a cache: nothing is lost.
//! - It is written only when something changed, to a temporary file renamed over the old
//!   one, so another paap reading it meanwhile sees the old cache or the new, whole.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::hash::Hasher as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

use super::document::{load_file, path_id};
use super::stamp::Stamp;
use super::{Doc, Origin, Problem};

/// `$XDG_CACHE_HOME/paap/listings` on Linux (the platform's cache folder elsewhere);
/// `None` when no home folder is known.
pub fn default_dir() -> Option<PathBuf> {
    super::caches::folder("listings")
}

/// Lines of the cache written per job.
const LINES_PER_JOB: usize = 512;

/// Folders with fewer markdown files than this are read without a cache.
pub const CACHED_FROM: usize = 256;

/// The cache's layout; a cache of another is ignored.
const FORMAT: u32 = 1;

/// A cache bigger than this is ignored (10,000 pages make about 6 MB).
const MAX_CACHE_BYTES: u64 = 512 * 1024 * 1024;

/// The cache's first line: whose it is.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    format: u32,
    /// The build that wrote it: its version and executable.
    build: String,
    /// The folder listed (its canonical path).
    folder: String,
}

/// Writes one recorded document's line (without its newline) at the end of `text`: its id
/// (a JSON string), its stamp, its word count and the document (JSON), separated by tabs
/// (which JSON text never holds raw). Finding a file's line reads only up to its stamp;
/// the document is read only if the stamp matches. `false` (and nothing written) if the
/// document cannot be written as JSON.
fn push_line(text: &mut String, id: &str, stamp: Stamp, words: usize, doc: &Doc) -> bool {
    let (Ok(id), Ok(doc)) = (serde_json::to_string(id), serde_json::to_string(doc)) else {
        return false;
    };
    let Stamp {
        size,
        modified,
        changed,
        inode,
    } = stamp;
    let _ = write!(
        text,
        "{id}\t{size} {modified} {changed} {inode}\t{words}\t{doc}"
    );
    true
}

/// A line's id and stamp, and the rest of it (the word count and the document).
fn key(line: &str) -> Option<(Cow<'_, str>, Stamp, &str)> {
    let (id, rest) = line.split_once('\t')?;
    let (stamp, rest) = rest.split_once('\t')?;
    let id = match id.strip_prefix('"').and_then(|id| id.strip_suffix('"')) {
        Some(plain) if !plain.contains('\\') => Cow::Borrowed(plain),
        _ => Cow::Owned(serde_json::from_str(id).ok()?),
    };
    let mut numbers = stamp.split(' ');
    let mut next = || numbers.next()?.parse::<i64>().ok();
    let stamp = Stamp {
        size: u64::try_from(next()?).ok()?,
        modified: next()?,
        changed: next()?,
        inode: u64::try_from(next()?).ok()?,
    };
    Some((id, stamp, rest))
}

/// The word count and document of a line's rest (see [`key`]).
fn words_and_doc(rest: &str) -> Option<(usize, Doc)> {
    let (words, doc) = rest.split_once('\t')?;
    Some((words.parse().ok()?, serde_json::from_str(doc).ok()?))
}

/// A line of the cache, found by its id.
#[derive(Clone, Copy)]
struct Recorded<'c> {
    stamp: Stamp,
    /// The whole line, and what follows its stamp.
    line: &'c str,
    rest: &'c str,
}

/// The cache's lines, in the order written: the order of the files, so the line of the
/// file at a place in a listing is most often the line at that place. Only when it is not
/// (a file was added or removed before it) are the lines looked up by id, in a table made
/// the first time that happens.
struct Lines<'c> {
    lines: Vec<&'c str>,
    by_id: OnceLock<FxHashMap<Cow<'c, str>, Recorded<'c>>>,
}

impl<'c> Lines<'c> {
    /// The lines of a cache's text (none for no text).
    fn new(text: &'c str) -> Lines<'c> {
        Lines {
            lines: text.lines().skip(1).collect(),
            by_id: OnceLock::new(),
        }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// The line of the file `id`, listed at `place`.
    fn find(&self, place: usize, id: &str) -> Option<Recorded<'c>> {
        let at_place = self.lines.get(place).and_then(|line| recorded(line));
        if let Some((line_id, found)) = at_place
            && line_id == id
        {
            return Some(found);
        }
        let by_id = self.by_id.get_or_init(|| {
            let lines = self.lines.iter().filter_map(|line| recorded(line));
            lines.collect()
        });
        by_id.get(id).copied()
    }
}

/// A line's id and what it records; `None` for a line that cannot be read (its file is
/// read instead).
fn recorded(line: &str) -> Option<(Cow<'_, str>, Recorded<'_>)> {
    let (id, stamp, rest) = key(line)?;
    Some((id, Recorded { stamp, line, rest }))
}

/// One listed document (with its file's stamp, if it could be taken), and how it stands
/// with the cache.
struct Listed<'c> {
    doc: Doc,
    /// The cache's line for it, when it came from there.
    line: Option<&'c str>,
}

/// The documents of `files` (under `dir`, in order) as a listing: each with its word count
/// and its file's stamp, and without its body unless it was read and `keep_bodies`.
/// Through the cache in `cache_dir` when there are enough files. `file_done` is told each
/// file listed.
/// Problems are those of the files read; a check reports them all.
pub(super) fn load(
    dir: &Path,
    root: usize,
    files: Vec<PathBuf>,
    origin: &Origin,
    (cache_dir, keep_bodies): (Option<&Path>, bool),
    file_done: &(dyn Fn() + Sync),
) -> (Vec<Doc>, Vec<Problem>) {
    let started = SystemTime::now();
    let cache = cache_dir
        .filter(|_| files.len() >= CACHED_FROM)
        .and_then(|cache_dir| CacheFile::new(cache_dir, dir));
    let text = cache.as_ref().and_then(CacheFile::read).unwrap_or_default();
    let recorded = Lines::new(&text);
    let found: Vec<Result<(Listed, Vec<Problem>), Problem>> = files
        .into_par_iter()
        .enumerate()
        .map(|(place, path)| {
            let listed = list_one(dir, root, (place, path), &recorded, keep_bodies);
            file_done();
            listed
        })
        .collect();
    let mut listed = Vec::with_capacity(found.len());
    let mut problems = Vec::new();
    for result in found {
        match result {
            Ok((mut one, more)) => {
                one.doc.origin = origin.clone();
                listed.push(one);
                problems.extend(more);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if let Some(cache) = cache {
        let reused = listed.iter().filter(|l| l.line.is_some()).count();
        // Rewritten when a file was read, or one recorded is gone.
        if reused < listed.len() || reused < recorded.len() {
            cache.write(&listed, started);
        }
    }
    let docs = listed.into_iter().map(|l| l.doc).collect();
    (docs, problems)
}

/// One file's document: from the cache if its line there has the file's stamp, else read.
fn list_one<'c>(
    dir: &Path,
    root: usize,
    (place, path): (usize, PathBuf),
    recorded: &Lines<'c>,
    keep_body: bool,
) -> Result<(Listed<'c>, Vec<Problem>), Problem> {
    let stamp = std::fs::metadata(&path).ok().map(|meta| Stamp::of(&meta));
    if let Some(stamp) = stamp {
        let id = path_id(path.strip_prefix(dir).unwrap_or(&path));
        let found = recorded.find(place, &id).filter(|r| r.stamp == stamp);
        if let Some((line, (words, mut doc))) =
            found.and_then(|r| Some((r.line, words_and_doc(r.rest)?)))
        {
            doc.root = root;
            doc.path = Some(path);
            doc.listed_words = Some(words);
            doc.stamp = Some(stamp);
            let listed = Listed {
                doc,
                line: Some(line),
            };
            return Ok((listed, Vec::new()));
        }
    }
    let (mut doc, problems) = load_file(dir, root, path)?;
    doc.listed_words = Some(doc.words());
    doc.stamp = stamp;
    if !keep_body {
        doc.body = String::new();
        doc.line_map = Default::default();
    }
    let listed = Listed { doc, line: None };
    Ok((listed, problems))
}

/// The cache file of one folder.
struct CacheFile {
    path: PathBuf,
    header: Header,
}

impl CacheFile {
    /// `None` when this build cannot be told from another (its executable is not found).
    fn new(cache_dir: &Path, folder: &Path) -> Option<CacheFile> {
        // The same folder however it was named (`docs`, `./docs/`, through a link).
        let folder = folder.canonicalize().ok()?.to_string_lossy().into_owned();
        let mut hasher = FxHasher::default();
        hasher.write(folder.as_bytes());
        Some(CacheFile {
            path: cache_dir.join(format!("{:016x}.jsonl", hasher.finish())),
            header: Header {
                format: FORMAT,
                build: super::caches::build_name()?,
                folder,
            },
        })
    }

    /// The cache's text, if it is this build's cache of this folder.
    fn read(&self) -> Option<String> {
        let text = crate::fsread::read_to_string(&self.path, MAX_CACHE_BYTES).ok()?;
        let (first, _) = text.split_once('\n')?;
        let header: Header = serde_json::from_str(first).ok()?;
        (header == self.header).then_some(text)
    }

    /// Records `listed` (leaving out files changed just now), replacing the old cache.
    /// Failing is left silent: the next listing reads the files and tries again.
    fn write(&self, listed: &[Listed], started: SystemTime) {
        // Before the work of writing it: a cache that has nowhere to go costs nothing.
        let Some(dir) = self
            .path
            .parent()
            .filter(|dir| std::fs::create_dir_all(dir).is_ok())
        else {
            return;
        };
        let Ok(header) = serde_json::to_string(&self.header) else {
            return;
        };
        // Written a chunk of lines per job, into one text each: no string per line and no
        // copy of them all into one.
        let chunks: Vec<String> = listed
            .par_chunks(LINES_PER_JOB)
            .map(|chunk| {
                let mut text = String::new();
                for one in chunk {
                    let written = match (one.line, one.doc.stamp.filter(|s| !s.is_racy(started))) {
                        (Some(line), _) => {
                            text.push_str(line);
                            true
                        }
                        (None, Some(stamp)) => {
                            push_line(&mut text, &one.doc.id, stamp, one.doc.words(), &one.doc)
                        }
                        (None, None) => false,
                    };
                    if written {
                        text.push('\n');
                    }
                }
                text
            })
            .collect();
        super::caches::remove_stale_temporaries(dir);
        let temp = super::caches::temporary(dir);
        let written =
            write_all(&temp, &header, &chunks).and_then(|()| std::fs::rename(&temp, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// The cache file: the header, then the lines.
fn write_all(path: &Path, header: &str, chunks: &[String]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(file, "{header}")?;
    for chunk in chunks {
        file.write_all(chunk.as_bytes())?;
    }
    // Not synced: a cache cut short by a crash is read as broken, and written anew.
    file.flush()
}
