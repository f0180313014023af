//! Search: query parsing, fuzzy matching over names, full-text keywords with snippets.
//!
//! Build an [`Index`] once when the library is loaded, parse what the reader typed with
//! [`parse_query`], and ask [`Index::search`] for ranked [`Hit`]s. [`find_in_text`] serves
//! find-in-document.
//!
//! For a search box, call `search` on every keystroke: the index remembers what the most
//! recent terms matched, so a keystroke costs about one new term (a few ms on 10,000
//! documents; see `benches/search.rs`). `Index` is `Send + Sync` if the search should run
//! off the UI thread. When a result is opened, [`Hit::section`] names the heading to scroll
//! to (its anchor), [`Hit::first_body_match`] the first match there, and
//! [`Index::body_matches`] / [`Index::matched_words`] what to highlight.
//!
//! Ranking is BM25-style (see `rank`): rare words count more than common ones, names and
//! headings more than body text, and a section holding the query more than the same words
//! spread over a long page. Words meet their other English forms (`stem`); stop words and
//! question words count only in quoted phrases (`stop_words`).

mod cache;
mod filters;
mod hit;
mod index;
mod matching;
mod names;
mod occurrences;
mod query;
mod rank;
mod sections;
mod similar;
pub mod snapshot;
mod snippet;
mod stem;
mod stop_words;
mod text;
mod tokenise;
mod vocabulary;
mod wanted;
mod words;

use crate::content::Library;

pub use hit::{Hit, HitSection};
pub use index::Index;
pub use matching::Field;
pub use query::{MAX_TERM_CHARS, MAX_TERMS, Query, Term, parse_query};
pub use snippet::Snippet;
pub use text::find_in_text;

use filters::{FilterTerms, Filters};
use matching::Plan;
use rank::{Require, Scored};

impl Index {
    /// The best `limit` documents for `query`, best first; ties go to the newest.
    /// Documents must match every term, but in a query of three terms or more those missing
    /// one come too, further down; when no document has every term, those matching the most
    /// terms come instead. A query without terms lists every document that passes its filters, newest first.
    /// `library` must be the one the index was built from.
    pub fn search(&self, library: &Library, query: &Query, limit: usize) -> Vec<Hit> {
        let ranked = self.rank(library, query, limit);
        self.hits(library, query, ranked)
    }

    /// What [`Index::search`] finds, before the hits are made: only their documents'
    /// names and dates are looked at, not their bodies (see [`Ranked::docs`]).
    pub fn rank(&self, library: &Library, query: &Query, limit: usize) -> Ranked {
        let count = self.len().min(library.docs().len());
        let filter_terms = FilterTerms::new(query);
        let filters = Filters::new(self, query, &filter_terms);
        let plan = Plan::new(self, &query.terms, &query.excluded);
        let require = if plan.terms.len() >= 3 {
            Require::AllButOne
        } else {
            Require::EveryTerm
        };
        let docs: Vec<usize> = candidates(self, &plan, require, count)
            .into_iter()
            .filter(|&d| filters.pass(self, d))
            .collect();
        let mut scored = rank::score_all(self, &docs, &plan, require);
        if !scored.iter().any(|s| s.complete) && plan.terms.len() > 1 {
            // No document has every word: show those that have the most of them.
            let docs: Vec<usize> = (0..count).filter(|&d| filters.pass(self, d)).collect();
            scored = rank::score_all(self, &docs, &plan, Require::AnyTerm);
        }
        if plan.terms.is_empty() {
            // Nothing to match: every document that passes the filters, as a list.
            for s in &mut scored {
                s.field = Field::title_of(self.entries[s.doc].kind);
            }
        }
        if scored.len() > limit && limit > 0 {
            // Only documents scoring at least the limit-th best score can be results, so
            // only their ties need breaking: the one-shot index sorts these newest first,
            // not every match (a fifth of a search for a word most pages have).
            scored.select_nth_unstable_by(limit - 1, |a, b| b.score.cmp(&a.score));
            let cut = scored[limit - 1].score;
            scored.retain(|s| s.score >= cut);
        }
        let docs: Vec<usize> = scored.iter().map(|s| s.doc).collect();
        let recency = self.recency(library, &docs);
        let order = |a: &Scored, b: &Scored| {
            b.score
                .cmp(&a.score)
                .then(recency[a.doc].cmp(&recency[b.doc]))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
        }
        scored.truncate(limit);
        scored.sort_by(order);
        Ranked(scored)
    }

    /// The hits of `ranked`, best first, with their snippets from the documents' bodies.
    pub fn hits(&self, library: &Library, query: &Query, ranked: Ranked) -> Vec<Hit> {
        let plan = Plan::new(self, &query.terms, &query.excluded);
        ranked
            .0
            .into_iter()
            .map(|s| self.hit(library, &plan, s))
            .collect()
    }

    /// Byte ranges in the body of document `doc` of every word the query's terms match there,
    /// in order: what to highlight when a search result is opened.
    pub fn body_matches(
        &self,
        library: &Library,
        query: &Query,
        doc: usize,
    ) -> Vec<(usize, usize)> {
        let Some(document) = library.docs().get(doc).filter(|_| doc < self.len()) else {
            return Vec::new();
        };
        let plan = Plan::new(self, &query.terms, &[]);
        hit::body_matches(&document.body, doc, &plan.terms, usize::MAX, (0, u32::MAX))
            .into_iter()
            .map(|(start, end, _)| (start, end))
            .collect()
    }

    /// The words (and phrases) of document `doc`'s body that the query matched, lower-cased,
    /// each once: other forms of a query word ("funding" for "funded") and typos included.
    /// What to look for when highlighting an opened result in its rendered text.
    pub fn matched_words(&self, library: &Library, query: &Query, doc: usize) -> Vec<String> {
        let Some(document) = library.docs().get(doc) else {
            return Vec::new();
        };
        let mut words: Vec<String> = self
            .body_matches(library, query, doc)
            .into_iter()
            .map(|(start, end)| text::lowercase(&document.body[start..end]))
            .collect();
        words.sort();
        words.dedup();
        words
    }
}

/// The documents a search found, best first, before their hits are made.
pub struct Ranked(Vec<Scored>);

impl Ranked {
    /// The documents, best first: the bodies [`Index::hits`] reads for snippets.
    pub fn docs(&self) -> Vec<usize> {
        self.0.iter().map(|s| s.doc).collect()
    }
}

/// The documents that may hit, ascending. Under `Require::EveryTerm` only those of the most
/// selective term; under `Require::AllButOne` those of the two most selective (a document
/// missing one term still has one of any two).
fn candidates(index: &Index, plan: &Plan<'_>, require: Require, count: usize) -> Vec<usize> {
    let mut lists: Vec<Vec<u32>> = plan
        .terms
        .iter()
        .filter_map(|t| t.candidates(index))
        .collect();
    lists.sort_by_key(Vec::len);
    let mut docs = match (require, lists.as_slice()) {
        (Require::EveryTerm, [first, ..]) => first.clone(),
        (Require::AllButOne, [first, second, ..]) => {
            let mut both: Vec<u32> = first.iter().chain(second).copied().collect();
            both.sort_unstable();
            both.dedup();
            both
        }
        _ => return (0..count).collect(),
    };
    docs.retain(|&d| (d as usize) < count);
    docs.into_iter().map(|d| d as usize).collect()
}
