//! The content model: documents, their kinds, and the library that holds them.

pub mod frontmatter;
pub mod links;
pub mod load;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

pub use links::Target;
pub use load::{LoadError, LoadOptions};

/// What a document is; decides which library tab it appears under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Initiative,
    Post,
    Persona,
    #[default]
    Page,
}

/// One markdown document with its front matter already interpreted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Doc {
    /// Path relative to its content root, `/`-separated: `blog/announce-paap-survey.md`.
    pub id: String,
    /// Index of the content root this document came from (0 = first loaded root).
    #[serde(skip)]
    pub root: usize,
    pub slug: String,
    pub kind: Kind,
    pub title: String,
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
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The markdown after the front matter.
    #[serde(skip)]
    pub body: String,
    /// 1-based line in the file where `body` starts, so body offsets map to file lines.
    #[serde(skip)]
    pub body_line: usize,
    pub words: usize,
    /// Where the file lives on disk; `None` for bundled documents.
    #[serde(skip)]
    pub path: Option<PathBuf>,
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

/// Every loaded document, with lookups by id, slug and url, and the link graph.
#[derive(Debug, Default)]
pub struct Library {
    docs: Vec<Doc>,
    problems: Vec<Problem>,
}

impl Library {
    /// Builds a library from documents already parsed (tests, generated corpora).
    pub fn from_docs(docs: Vec<Doc>, problems: Vec<Problem>) -> Library {
        Library { docs, problems }
    }

    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    pub fn doc(&self, index: usize) -> &Doc {
        &self.docs[index]
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}
