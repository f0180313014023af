//! Naming a document on the command line: id, path, slug or title prefix.

use std::path::Path;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::Library;
use super::index::{join_normalized, site_key};

/// How many candidates an error lists.
const CANDIDATES: usize = 8;

/// The `DOC` argument names no document, or several.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    #[error(
        "no document matches \"{query}\"; give an id, a slug or the start of a title \
         (`paap list` shows them all)"
    )]
    NotFound {
        query: String,
        /// The closest documents, best first.
        candidates: Vec<usize>,
    },
    #[error(
        "\"{query}\" matches several documents; name one of them by its id \
         (`paap list` shows the ids)"
    )]
    Ambiguous {
        query: String,
        /// The documents that match.
        candidates: Vec<usize>,
    },
}

impl Library {
    /// The document named by `query`, tried in this order: exact id (or path on disk), id
    /// without extension or a folder with an index page, slug, site URL, title (whole, then a
    /// unique case-insensitive prefix). Several equally good matches are `Ambiguous`.
    ///
    /// A synced original shares its id with the summary of it more often than not: a
    /// plain query prefers the summary, and `SOURCE:QUERY` (`cnpe-community:blog/x.md`,
    /// see [`super::Doc::qualified_id`]) looks among that source's documents alone.
    pub fn find(&self, query: &str) -> Result<usize, FindError> {
        let full_query = query.trim();
        let (scope, query) = self.source_scope(full_query);
        let unique = |matches: Vec<usize>| -> Option<Result<usize, FindError>> {
            let matches = self.preferred(scope, matches);
            match matches.len() {
                0 => None,
                1 => Some(Ok(matches[0])),
                _ => Some(Err(FindError::Ambiguous {
                    query: full_query.to_string(),
                    candidates: matches.into_iter().take(CANDIDATES).collect(),
                })),
            }
        };
        let all = || 0..self.docs.len();

        let exact: Vec<usize> = all()
            .filter(|&i| {
                let doc = &self.docs[i];
                doc.id == query || doc.path.as_deref() == Some(Path::new(query))
            })
            .collect();
        if let Some(found) = unique(exact) {
            return found;
        }
        if let Some(found) = unique(self.by_disk_path(query)) {
            return found;
        }
        if let Some(path) = join_normalized("", query, false) {
            let by_path: Vec<usize> = (0..self.root_count())
                .filter_map(|root| self.lookup_in(root, &path))
                .collect();
            if let Some(found) = unique(by_path) {
                return found;
            }
        }
        let by_slug: Vec<usize> = all().filter(|&i| self.docs[i].slug == query).collect();
        if let Some(found) = unique(by_slug) {
            return found;
        }
        let key = site_key(query);
        let by_url: Vec<usize> = all()
            .filter(|&i| {
                self.docs[i]
                    .url
                    .as_deref()
                    .is_some_and(|u| site_key(u) == key)
            })
            .collect();
        if let Some(found) = unique(by_url) {
            return found;
        }
        let lower = query.to_lowercase();
        if !lower.is_empty() {
            let by_title: Vec<usize> = all()
                .filter(|&i| self.docs[i].title.to_lowercase() == lower)
                .collect();
            if let Some(found) = unique(by_title) {
                return found;
            }
            let by_prefix: Vec<usize> = all()
                .filter(|&i| self.docs[i].title.to_lowercase().starts_with(&lower))
                .collect();
            if let Some(found) = unique(by_prefix) {
                return found;
            }
        }
        Err(FindError::NotFound {
            query: full_query.to_string(),
            candidates: self.closest(query),
        })
    }

    /// `matches` within the source `scope` names; with no scope, the summaries among them
    /// when there are any (an original shares its summary's id).
    fn preferred(&self, scope: Option<&str>, mut matches: Vec<usize>) -> Vec<usize> {
        let origin = |i: usize| &self.docs[i].origin;
        match scope {
            Some(name) => matches.retain(|&i| origin(i).source().is_some_and(|s| s.name == name)),
            None if matches.iter().any(|&i| !origin(i).is_synced()) => {
                matches.retain(|&i| !origin(i).is_synced());
            }
            None => {}
        }
        matches
    }

    /// `cnpe-community:blog/x.md` → (`Some("cnpe-community")`, `blog/x.md`) when a synced
    /// source of that name is loaded; any other query is left whole.
    fn source_scope<'q>(&self, query: &'q str) -> (Option<&'q str>, &'q str) {
        if let Some((name, rest)) = query.split_once(':') {
            let loaded = self
                .origins
                .iter()
                .any(|o| o.source().is_some_and(|s| s.name == name));
            if loaded {
                return (Some(name), rest);
            }
        }
        (None, query)
    }

    /// Documents loaded from the file `query` names on disk, however the path is written
    /// (`./site/a.md`, an absolute path, through a symlink).
    fn by_disk_path(&self, query: &str) -> Vec<usize> {
        let Ok(wanted) = Path::new(query).canonicalize() else {
            return Vec::new();
        };
        let name = wanted.file_name();
        (0..self.docs.len())
            .filter(|&i| {
                self.docs[i].path.as_deref().is_some_and(|path| {
                    path.file_name() == name && path.canonicalize().is_ok_and(|p| p == wanted)
                })
            })
            .collect()
    }

    /// Documents whose title, slug or id look most like `query`, best first.
    fn closest(&self, query: &str) -> Vec<usize> {
        if query.is_empty() {
            return Vec::new();
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut scored: Vec<(i64, usize)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, doc)| {
                [&doc.title, &doc.slug, &doc.id]
                    .into_iter()
                    .filter_map(|field| matcher.fuzzy_match(field, query))
                    .max()
                    .map(|score| (score, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(CANDIDATES)
            .map(|(_, i)| i)
            .collect()
    }
}
