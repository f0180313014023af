//! The `kind:`, `tag:` and `author:` parts of a query: which documents may be hits at all.

use crate::content::Kind;

use super::cache::Purpose;
use super::index::Index;
use super::matching::Compiled;
use super::query::{Query, Term};
use super::text;

/// The `tag:` and `author:` patterns of a query as terms.
pub(crate) struct FilterTerms {
    tags: Vec<Term>,
    excluded_tags: Vec<Term>,
    authors: Vec<Term>,
    excluded_authors: Vec<Term>,
}

impl FilterTerms {
    pub fn new(query: &Query) -> FilterTerms {
        let terms = |patterns: &[String]| -> Vec<Term> {
            patterns
                .iter()
                .map(|p| Term {
                    raw: p.clone(),
                    words: text::words(p),
                    phrase: false,
                })
                .collect()
        };
        FilterTerms {
            tags: terms(&query.tags),
            excluded_tags: terms(&query.excluded_tags),
            authors: terms(&query.authors),
            excluded_authors: terms(&query.excluded_authors),
        }
    }
}

/// The `kind:`, `tag:` and `author:` parts of a query, compiled against the index.
pub(crate) struct Filters<'q> {
    kinds: &'q [Kind],
    excluded_kinds: &'q [Kind],
    tags: Vec<Compiled<'q>>,
    excluded_tags: Vec<Compiled<'q>>,
    authors: Vec<Compiled<'q>>,
    excluded_authors: Vec<Compiled<'q>>,
}

impl<'q> Filters<'q> {
    pub fn new(index: &Index, query: &'q Query, terms: &'q FilterTerms) -> Filters<'q> {
        let compile = |terms: &'q [Term]| -> Vec<Compiled<'q>> {
            terms
                .iter()
                .map(|t| Compiled::new(index, t, Purpose::Filter))
                .collect()
        };
        Filters {
            kinds: &query.kinds,
            excluded_kinds: &query.excluded_kinds,
            tags: compile(&terms.tags),
            excluded_tags: compile(&terms.excluded_tags),
            authors: compile(&terms.authors),
            excluded_authors: compile(&terms.excluded_authors),
        }
    }

    pub fn pass(&self, index: &Index, doc: usize) -> bool {
        let entry = &index.entries[doc];
        (self.kinds.is_empty() || self.kinds.contains(&entry.kind))
            && !self.excluded_kinds.contains(&entry.kind)
            && self.tags.iter().all(|t| t.matches_any(&entry.tag_names))
            && !self
                .excluded_tags
                .iter()
                .any(|t| t.matches_any(&entry.tag_names))
            && self
                .authors
                .iter()
                .all(|t| t.matches_any(&entry.author_names))
            && !self
                .excluded_authors
                .iter()
                .any(|t| t.matches_any(&entry.author_names))
    }
}
