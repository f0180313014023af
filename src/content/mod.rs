//! The content model: documents, their kinds, and the library that holds them.

pub mod caches;
mod clean;
mod date_text;
mod document;
mod duplicates;
mod extra;
mod find;
pub mod frontmatter;
pub mod images;
mod index;
pub mod links;
mod listing;
pub mod load;
mod origin;
mod originals;
mod plain;
mod simple_yaml;
pub mod source;
pub mod stamp;
mod title_order;
mod words;

use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use extra::Extra;
pub use find::FindError;
pub use links::{DocLink, Target};
pub use listing::default_dir as listing_cache_dir;
pub use load::{LoadError, LoadOptions, LoadProgress};
pub use origin::{Format, Origin, SourceRoot};
pub use source::ContentSource;

use index::RootIndex;

/// What a document is; decides which library tab it appears under.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Initiative,
    Post,
    Persona,
    #[default]
    Page,
}

impl Kind {
    /// The kind as the command line and JSON spell it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Initiative => "initiative",
            Kind::Post => "post",
            Kind::Persona => "persona",
            Kind::Page => "page",
        }
    }

    /// Four letters, for list columns.
    pub fn short_name(self) -> &'static str {
        match self {
            Kind::Initiative => "init",
            Kind::Post => "post",
            Kind::Persona => "pers",
            Kind::Page => "page",
        }
    }
}

/// One markdown document with its front matter already interpreted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Doc {
    /// Path relative to its content root, `/`-separated: `blog/announce-paap-survey.md`.
    pub id: String,
    /// Index of the content root this document came from (0 = first loaded root).
    #[serde(skip)]
    pub root: usize,
    pub slug: String,
    pub kind: Kind,
    pub title: String,
    #[serde(serialize_with = "date_text::serialize")]
    pub date: Option<NaiveDate>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub description: Option<String>,
    /// The original page on the web (`source`, else `canonical`).
    pub source: Option<String>,
    /// Front matter `url` (Hugo permalink override), as written.
    pub url: Option<String>,
    pub draft: bool,
    /// Every other front-matter key, kept as written (shown by `--json`).
    pub extra: Extra,
    /// The markdown after the front matter.
    #[serde(skip)]
    pub body: String,
    /// 1-based line in the file where `body` starts, so body offsets map to file lines.
    #[serde(skip)]
    pub body_line: usize,
    /// Lines of `body` back to lines of the file, where site syntax took lines of its own.
    #[serde(skip)]
    pub line_map: crate::site::LineMap,
    /// Where the file lives on disk; `None` for bundled documents.
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// Bundled, a `--content` folder, or a synced source (an original). Not read back
    /// from the listing cache: the loader knows it.
    #[serde(skip_deserializing)]
    pub origin: Origin,
    /// Markdown, plain text or a CSV table (whose body is markdown made from it).
    pub format: Format,
    /// How many words the body had, in a listing (which keeps no bodies).
    #[serde(skip)]
    pub listed_words: Option<usize>,
    /// Its file's stamp when a listing looked at it: what a cache compares to tell whether
    /// the file changed since.
    #[serde(skip)]
    pub stamp: Option<stamp::Stamp>,
}

/// A problem found while loading or checking content, reported as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl Doc {
    /// How many words the body has, as `split_whitespace` counts them (counted each time:
    /// only `list --json` asks; a listing counted them as it read the files).
    pub fn words(&self) -> usize {
        self.listed_words
            .unwrap_or_else(|| words::count_words(&self.body))
    }

    /// Parses one markdown file (front matter and body) into a document with `id` in root 0.
    /// Problems name the file by its id. Used by tests and generated corpora; `Library::load`
    /// does the same for every file it reads.
    pub fn from_markdown(id: &str, text: &str) -> (Doc, Vec<Problem>) {
        document::parse_document(id, 0, text.to_string(), None, id)
    }

    /// True for `index.md` / `_index.md`, the page of the folder they sit in.
    /// The body to display under a header that already shows the title: a leading
    /// `# Title` heading that repeats the title is left out.
    pub fn body_below_title(&self) -> &str {
        let trimmed = self.body.trim_start();
        if trimmed.starts_with("# ") {
            let (line, after) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
            let title = self.title.trim();
            // As written, or as it reads: a title taken from the heading is its text.
            if line[2..].trim() == title || crate::markdown::heading_text(line).0 == title {
                return after;
            }
        }
        &self.body
    }

    pub fn is_folder_index(&self) -> bool {
        index::is_index_file(&self.id)
    }

    /// The id a person can give `paap show` to name this document: `SOURCE:ID` for a
    /// synced original (its id is often its summary's too), else the id.
    pub fn qualified_id(&self) -> std::borrow::Cow<'_, str> {
        match self.origin.source() {
            Some(source) => std::borrow::Cow::Owned(format!("{}:{}", source.name, self.id)),
            None => std::borrow::Cow::Borrowed(&self.id),
        }
    }

    /// The markdown to render under the header: [`Doc::body_below_title`], or for a
    /// plain-text document its text made into markdown that shows it as written.
    pub fn markdown_below_title(&self) -> std::borrow::Cow<'_, str> {
        match self.format {
            Format::Text => std::borrow::Cow::Owned(plain::text_as_markdown(&self.body)),
            Format::Markdown | Format::Csv => std::borrow::Cow::Borrowed(self.body_below_title()),
        }
    }
}

/// Every loaded document, with lookups by id, slug and url, and the link graph.
#[derive(Debug, Default)]
pub struct Library {
    docs: Vec<Doc>,
    problems: Vec<Problem>,
    /// One lookup table per content root, indexed by `Doc::root`; built on first use
    /// (`list` and `search` never look a document up by path, and building them was a
    /// tenth of their time).
    roots: OnceLock<Vec<RootIndex>>,
    /// Who links to each document; built on first use (it needs every body parsed).
    backlinks: OnceLock<Vec<Vec<usize>>>,
    /// Each root's origin, indexed by `Doc::root`.
    origins: Vec<Origin>,
    /// Summaries and their originals; built on first use.
    originals: OnceLock<originals::Pairs>,
    /// Every document, newest first; sorted on first use (by the search index's build,
    /// which a background load runs on its own thread, so the UI takes it ready).
    newest_first: OnceLock<Vec<usize>>,
    /// When its files began to be read; `None` for one made of documents in memory.
    read_since: Option<std::time::SystemTime>,
}

impl Library {
    /// Builds a library from documents already parsed (tests, generated corpora), with the same
    /// lookup tables `load` builds.
    pub fn from_docs(docs: Vec<Doc>, problems: Vec<Problem>) -> Library {
        let count = docs.iter().map(|d| d.root + 1).max().unwrap_or(0);
        let mut origins = vec![Origin::Bundled; count];
        let mut seen = vec![false; count];
        for doc in &docs {
            if !std::mem::replace(&mut seen[doc.root], true) {
                origins[doc.root] = doc.origin.clone();
            }
        }
        Library {
            docs,
            problems,
            roots: OnceLock::new(),
            backlinks: OnceLock::new(),
            origins,
            originals: OnceLock::new(),
            newest_first: OnceLock::new(),
            read_since: None,
        }
    }

    /// When its files began to be read (before any file's stamp was taken); `None` for a
    /// library made of documents in memory.
    pub fn read_since(&self) -> Option<std::time::SystemTime> {
        self.read_since
    }

    /// How many content roots there are (each has one origin).
    fn root_count(&self) -> usize {
        self.origins.len()
    }

    /// The lookup tables of every content root (built on first use).
    fn roots(&self) -> &[RootIndex] {
        self.roots.get_or_init(|| RootIndex::build_all(&self.docs))
    }

    /// Every document index, for work on the thread pool that resolves links. The lookup
    /// tables are built first, on this thread: they are built with the pool, so a pool job
    /// that waited for another thread to finish building them would hold a thread that
    /// build needs, and with every pool thread waiting so, nothing moves again.
    fn each_doc_in_parallel(&self) -> rayon::range::Iter<usize> {
        self.roots();
        (0..self.docs.len()).into_par_iter()
    }

    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    pub fn doc(&self, index: usize) -> &Doc {
        &self.docs[index]
    }

    /// Problems found while loading (bad front matter, unreadable files, symlink loops …).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Every link of the document's body as the renderer draws them (links, images, bare
    /// URLs, footnote marks, `<a>` tags, Hugo `ref`s), in order, with resolved targets.
    pub fn links(&self, index: usize) -> Vec<DocLink> {
        let doc = &self.docs[index];
        if doc.format == Format::Text {
            // Plain text has no markup, so nothing in it is a link.
            return Vec::new();
        }
        links::of_doc(doc)
            .into_iter()
            .map(|(link, line)| DocLink {
                image: link
                    .image
                    .then(|| images::local_image(doc.path.as_deref(), &link.written))
                    .flatten(),
                // As written: resolved as the UI resolves it, and printed as data (JSON
                // escapes what is unsafe, the text output sanitises).
                target: self.resolve_as(index, &link.written, link.is_ref),
                href: link.written,
                text: link.label,
                line,
            })
            .collect()
    }

    /// Documents that link to this one (each listed once, in library order).
    pub fn backlinks(&self, index: usize) -> &[usize] {
        let all = self.backlinks.get_or_init(|| self.compute_backlinks());
        all.get(index).map_or(&[], Vec::as_slice)
    }

    /// The document loaded from the file at `path` (as given to `--content`).
    pub fn doc_at_path(&self, path: &std::path::Path) -> Option<usize> {
        self.docs
            .iter()
            .position(|d| d.path.as_deref() == Some(path))
    }

    /// Whether the backlinks have been computed (the UI computes them in the background).
    pub fn backlinks_ready(&self) -> bool {
        self.backlinks.get().is_some()
    }

    fn compute_backlinks(&self) -> Vec<Vec<usize>> {
        let outgoing: Vec<Vec<usize>> = self
            .each_doc_in_parallel()
            .map(|from| {
                let mut targets: Vec<usize> = self
                    .links(from)
                    .into_iter()
                    .filter_map(|link| match link.target {
                        Target::Doc { index, .. } if index != from => Some(index),
                        _ => None,
                    })
                    .collect();
                targets.sort_unstable();
                targets.dedup();
                targets
            })
            .collect();
        let mut incoming = vec![Vec::new(); self.docs.len()];
        for (from, targets) in outgoing.iter().enumerate() {
            for &to in targets {
                incoming[to].push(from);
            }
        }
        incoming
    }

    /// Load problems, names that reach two documents (one id, slug or url for two files),
    /// and every broken internal link, as `file:line: message`.
    /// External links are not fetched; a local image's file is looked for (missing: a
    /// problem); links to other non-markdown files are not (they are `Target::Missing` in
    /// `links`, with a reason saying why).
    pub fn check(&self) -> Vec<Problem> {
        let broken: Vec<Vec<Problem>> = self
            .each_doc_in_parallel()
            .map(|index| {
                let doc = &self.docs[index];
                let file = doc.display_file();
                self.links(index)
                    .into_iter()
                    .filter_map(|link| match link.target {
                        _ if link.image.is_some() => {
                            let path = link.image.filter(|p| !p.is_file())?;
                            Some(Problem {
                                file: file.clone(),
                                line: Some(link.line),
                                message: format!(
                                    "missing image \"{}\": no file at {}",
                                    link.href,
                                    crate::text::sanitize(&path.display().to_string())
                                ),
                            })
                        }
                        // Images and other files are not documents and are not looked for.
                        Target::Missing(_) if links::names_file(&link.href) => None,
                        Target::Missing(reason) => Some(Problem {
                            file: file.clone(),
                            line: Some(link.line),
                            message: format!("broken link \"{}\": {reason}", link.href),
                        }),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let mut problems = self.problems.clone();
        problems.extend(duplicates::problems(&self.docs));
        problems.extend(broken.into_iter().flatten());
        problems
    }

    /// Document indexes, newest first; undated documents last; ties by title, then id.
    pub fn sorted_newest_first(&self) -> Vec<usize> {
        self.newest_first
            .get_or_init(|| {
                let mut order: Vec<usize> = (0..self.docs.len()).collect();
                self.sort_newest_first(&mut order);
                order
            })
            .clone()
    }

    /// Sorts some document indexes, in ascending order, as `sorted_newest_first` lists
    /// them (the sort is stable): a one-shot search orders only its hits this way.
    pub fn sort_newest_first(&self, order: &mut [usize]) {
        order.sort_by_cached_key(|&i| {
            let doc = &self.docs[i];
            // Dated first, newest first; then by title as a person reads numbers in it.
            (
                doc.date.is_none(),
                std::cmp::Reverse(doc.date),
                title_order::key(&doc.title),
                doc.id.as_str(),
            )
        });
    }
}

impl Doc {
    /// How problems name this document's file: its path on disk, else its id.
    /// Cleaned (a file name may hold controls): it is shown, never opened.
    pub fn display_file(&self) -> String {
        let shown = match &self.path {
            Some(path) => path.display().to_string(),
            None => self.id.clone(),
        };
        crate::text::sanitize(&shown).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_then_titles_as_people_read_numbers() {
        let doc = |id: &str, title: &str, date: Option<&str>| Doc {
            id: id.into(),
            title: title.into(),
            date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            ..Default::default()
        };
        let library = Library::from_docs(
            vec![
                doc("a.md", "Part 10", None),
                doc("b.md", "part 2", None),
                doc("c.md", "Part 02", None),
                doc("d.md", "Older", Some("2024-01-01")),
                doc("e.md", "Newer", Some("2025-01-01")),
                doc("f.md", "Appendix", None),
                doc("g.md", "Part 2", None),
            ],
            Vec::new(),
        );
        let ids: Vec<&str> = library
            .sorted_newest_first()
            .into_iter()
            .map(|i| library.doc(i).id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["e.md", "d.md", "f.md", "b.md", "g.md", "c.md", "a.md"]
        );
    }
}
