//! What the library is loaded from, kept so that the runtime can load it again when a
//! file changes or the editor closes: the load options plus the markdown read from
//! standard input (`cat notes.md | paap`, `paap -`), which cannot be read twice.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::document::{MAX_FILE_BYTES, decode_text, parse_document};
use super::load::{LoadError, LoadOptions, LoadProgress};
use super::{Doc, Library, Problem};

/// How the document read from standard input is named: its id and its path, so that
/// `paap show -` finds it and its relative links are looked for from the current folder.
pub const STANDARD_INPUT: &str = "-";

/// Everything a library is loaded from.
#[derive(Debug, Clone, Default)]
pub struct ContentSource {
    pub options: LoadOptions,
    /// What was read from standard input, if anything.
    pub standard_input: Option<Vec<u8>>,
    /// Where `paap sync` keeps the originals (`None`: `--no-sources`, or no home).
    pub sources: Option<PathBuf>,
}

impl ContentSource {
    /// Loads the folders and files of `options` and the synced originals, then the
    /// standard input's document in a content root of its own, last.
    pub fn load(&self) -> Result<Library, LoadError> {
        self.load_counting(&LoadProgress::default())
    }

    /// [`ContentSource::load`], counting the files read in `progress` (the UI loads in
    /// the background and shows how far it has got).
    pub fn load_counting(&self, progress: &LoadProgress) -> Result<Library, LoadError> {
        let library = Library::load_counting(&self.options, self.sources.as_deref(), progress)?;
        Ok(self.with_standard_input(library))
    }

    /// [`ContentSource::load`] for a search (`paap search`): see [`Library::load_stamped`].
    pub fn load_stamped(&self, cache_dir: Option<&Path>) -> Result<Library, LoadError> {
        let library = Library::load_stamped(&self.options, self.sources.as_deref(), cache_dir)?;
        Ok(self.with_standard_input(library))
    }

    /// [`ContentSource::load`] for a listing (`paap list`): see [`Library::load_listing`].
    pub fn load_listing(&self, cache_dir: Option<&Path>) -> Result<Library, LoadError> {
        let library = Library::load_listing(&self.options, self.sources.as_deref(), cache_dir)?;
        Ok(self.with_standard_input(library))
    }

    /// [`ContentSource::load_counting`] on a thread pool of its own, for a load that runs
    /// while the UI draws: on the global pool the first frame's render (which uses rayon
    /// too) waited behind every file (201 ms for 50,000 documents; 18 ms apart).
    pub fn load_apart(&self, progress: &LoadProgress) -> Result<Library, LoadError> {
        self.load_apart_then(progress, |library| library)
    }

    /// [`ContentSource::load_apart`], then `then` on the library, on the same pool (what
    /// is derived from it, such as the search index, is built apart from the UI too).
    pub fn load_apart_then<T: Send>(
        &self,
        progress: &LoadProgress,
        then: impl FnOnce(Library) -> T + Send,
    ) -> Result<T, LoadError> {
        let load = || self.load_counting(progress).map(then);
        match rayon::ThreadPoolBuilder::new().build() {
            Ok(pool) => pool.install(load),
            Err(_) => load(),
        }
    }

    /// What the first frame shows while the rest loads: the bundled documents (and the
    /// standard input's), after checking every `--content` path can be read.
    pub fn first_frame(&self) -> Result<Library, LoadError> {
        Library::check_paths(&self.options)?;
        let bundled = LoadOptions {
            dirs: Vec::new(),
            ..self.options.clone()
        };
        Ok(self.with_standard_input(Library::load(&bundled)?))
    }

    /// Whether loading takes long enough to be worth doing after the first frame: a
    /// `--content` folder, or synced originals.
    pub fn is_slow(&self) -> bool {
        Library::has_folders(&self.options) || self.sources.as_deref().is_some_and(Path::is_dir)
    }

    /// The library of the documents read so far (from a [`LoadProgress::filling`] report),
    /// with the standard input's document as in the whole one, so whatever the reader has
    /// open is still there.
    pub fn partial_library(&self, docs: &[Doc], problems: &[Problem]) -> Library {
        self.with_standard_input(Library::from_docs(docs.to_vec(), problems.to_vec()))
    }

    fn with_standard_input(&self, library: Library) -> Library {
        match &self.standard_input {
            Some(bytes) => library.with_standard_input(bytes),
            None => library,
        }
    }

    /// The folders and single files to watch for changes.
    pub fn watched(&self) -> &[PathBuf] {
        &self.options.dirs
    }
}

impl Library {
    /// This library plus one document parsed from `bytes` as if they were a file named
    /// `-` in the current folder.
    pub fn with_standard_input(self, bytes: &[u8]) -> Library {
        let Library {
            mut docs,
            mut problems,
            read_since,
            ..
        } = self;
        let root = docs.iter().map(|d| d.root + 1).max().unwrap_or(0);
        let text = decode_text(bytes.to_vec(), STANDARD_INPUT, &mut problems);
        let path = PathBuf::from(STANDARD_INPUT);
        let (mut doc, more) =
            parse_document(STANDARD_INPUT, root, text, Some(path), STANDARD_INPUT);
        if doc.title == STANDARD_INPUT {
            doc.title = "Standard input".into();
        }
        docs.push(doc);
        problems.extend(more);
        let mut library = Library::from_docs(docs, problems);
        library.read_since = read_since;
        library
    }

    /// The document read from standard input, if one was.
    pub fn standard_input_doc(&self) -> Option<usize> {
        self.doc_at_path(Path::new(STANDARD_INPUT))
    }
}

impl Doc {
    /// This document was read from standard input: it has no file.
    pub fn from_standard_input(&self) -> bool {
        self.path.as_deref() == Some(Path::new(STANDARD_INPUT))
    }
}

/// Reads all of standard input (at most the size of a document), for `paap -` and
/// `cat notes.md | paap`.
pub fn read_standard_input() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "standard input is over the {} MiB limit for a document",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}
