//! Search: query parsing, fuzzy matching over names, full-text keywords with snippets.
//!
//! Build an [`Index`] once when the library is loaded, parse what the reader typed with
//! [`parse_query`], and ask [`Index::search`] for ranked [`Hit`]s. [`find_in_text`] serves
//! find-in-document.
//!
//! For a search box, call `search` on every keystroke: the index remembers what the most
//! recent terms matched, so a keystroke costs about one new term (a few ms on 10,000
//! documents; see `benches/search.rs`). `Index` is `Send + Sync` if the search should run
//! off the UI thread. When a result is opened, [`Hit::first_body_match`] says where to
//! scroll and [`Index::body_matches`] gives every range to highlight.

mod index;
mod matching;
mod query;
mod rank;
mod similar;
mod snippet;
mod text;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::content::{Kind, Library};

pub use index::Index;
pub use matching::Field;
pub use query::{MAX_TERM_CHARS, MAX_TERMS, Query, Term, parse_query};
pub use snippet::Snippet;
pub use text::find_in_text;

use matching::{Compiled, Plan, Purpose};
use rank::{Cursors, Require, Scored};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Index of the document in the library (`Library::doc`).
    #[serde(skip)]
    pub doc: usize,
    pub id: String,
    pub slug: String,
    pub title: String,
    pub kind: Kind,
    /// Higher is better; only the order matters.
    pub score: i64,
    /// The best field the query matched in.
    pub field: Field,
    /// Char positions in the title to highlight, ascending.
    pub positions: Vec<usize>,
    /// Text around the best hit in the body (or the opening, when only names matched).
    pub snippet: Option<Snippet>,
    /// Byte offset in the body of the first matched word, to open the document there.
    #[serde(skip)]
    pub first_body_match: Option<usize>,
}

impl Index {
    /// The best `limit` documents for `query`, best first; ties go to the newest.
    /// Documents must match every term; when none does, those matching the most terms come
    /// instead. A query without terms lists every document that passes its filters, newest first.
    /// `library` must be the one the index was built from.
    pub fn search(&self, library: &Library, query: &Query, limit: usize) -> Vec<Hit> {
        let count = self.len().min(library.docs().len());
        let filter_terms = FilterTerms::new(query);
        let filters = Filters::new(self, query, &filter_terms);
        let plan = Plan::new(self, &query.terms, &query.excluded);
        let mut cursors = Cursors::new(&plan);
        // Every term must match, so only the documents of the most selective one need trying.
        let candidates: Vec<usize> = plan
            .terms
            .iter()
            .filter_map(|t| t.candidates(self))
            .min_by_key(Vec::len)
            .map(|docs| {
                docs.into_iter()
                    .map(|d| d as usize)
                    .filter(|&d| d < count)
                    .collect()
            })
            .unwrap_or_else(|| (0..count).collect());
        let mut scored: Vec<Scored> = candidates
            .into_iter()
            .filter(|&d| filters.pass(self, d))
            .filter_map(|d| rank::score_doc(self, d, &plan, &mut cursors, Require::EveryTerm))
            .collect();
        if scored.is_empty() && plan.terms.len() > 1 {
            // No document has every word: show those that have the most of them.
            let mut cursors = Cursors::new(&plan);
            scored = (0..count)
                .filter(|&d| filters.pass(self, d))
                .filter_map(|d| rank::score_doc(self, d, &plan, &mut cursors, Require::AnyTerm))
                .collect();
        }
        if plan.terms.is_empty() {
            // Nothing to match: every document that passes the filters, as a list.
            for s in &mut scored {
                s.field = Field::title_of(self.entries[s.doc].kind);
            }
        }
        let order = |a: &Scored, b: &Scored| {
            b.score
                .cmp(&a.score)
                .then(self.recency_rank[a.doc].cmp(&self.recency_rank[b.doc]))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
        }
        scored.truncate(limit);
        scored.sort_by(order);
        scored
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
        body_matches(&document.body, doc, &plan.terms, usize::MAX)
            .into_iter()
            .map(|(start, end, _)| (start, end))
            .collect()
    }

    fn hit(&self, library: &Library, plan: &Plan<'_>, scored: Scored) -> Hit {
        let doc = library.doc(scored.doc);
        let entry = &self.entries[scored.doc];
        let mut positions: Vec<usize> = plan
            .terms
            .iter()
            .flat_map(|t| t.title_positions(self, entry))
            .collect();
        positions.sort_unstable();
        positions.dedup();

        // The snippet needs the first few occurrences of each term, not all of them.
        let matches = body_matches(&doc.body, scored.doc, &plan.terms, 32);
        let first_body_match = matches.first().map(|m| m.0);
        let snippet = match best_center(&matches) {
            Some(center) => {
                let ranges: Vec<(usize, usize)> = matches.iter().map(|m| (m.0, m.1)).collect();
                Some(snippet::around(&doc.body, &ranges, center))
            }
            None => match doc.description.as_deref().filter(|d| !d.trim().is_empty()) {
                Some(description) => snippet::opening(description),
                None => snippet::opening(&doc.body),
            },
        };
        Hit {
            doc: scored.doc,
            id: doc.id.clone(),
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            kind: doc.kind,
            score: scored.score,
            field: scored.field,
            positions,
            snippet,
            first_body_match,
        }
    }
}

/// Every place in `body` where a term matches: (start byte, end byte, term), in order,
/// without overlaps. Word positions come from the index; the body is only re-split into
/// words to learn their byte offsets.
fn body_matches(
    body: &str,
    doc: usize,
    terms: &[Compiled<'_>],
    per_term: usize,
) -> Vec<(usize, usize, usize)> {
    // (first word position, last word position, term) of the occurrences wanted.
    let wanted: Vec<(usize, usize, usize)> = terms
        .iter()
        .enumerate()
        .flat_map(|(t, term)| {
            term.occurrences_in(doc)
                .iter()
                .take(per_term)
                .map(move |o| (o.1 as usize, o.1 as usize + term.words.len() - 1, t))
        })
        .collect();
    let Some(last_needed) = wanted.iter().map(|w| w.1).max() else {
        return Vec::new();
    };
    // Only the words up to the last occurrence wanted need their byte offsets.
    let spans: Vec<(usize, usize)> = body
        .unicode_word_indices()
        .take(last_needed + 1)
        .map(|(start, word)| (start, start + word.len()))
        .collect();
    let mut found: Vec<(usize, usize, usize)> = wanted
        .into_iter()
        .filter(|&(_, last, _)| last < spans.len())
        .map(|(first, last, t)| (spans[first].0, spans[last].1, t))
        .collect();
    found.sort_unstable();
    let mut next_free = 0;
    found.retain(|m| {
        let keep = m.0 >= next_free;
        if keep {
            next_free = m.1;
        }
        keep
    });
    found
}

/// The start of the match with the most different terms in the snippet window after it.
fn best_center(matches: &[(usize, usize, usize)]) -> Option<usize> {
    const SPAN: usize = 120;
    let considered = &matches[..matches.len().min(512)];
    let mut best: Option<(u32, usize)> = None;
    for (i, m) in considered.iter().enumerate() {
        let mut terms = 0u64;
        for other in &considered[i..] {
            if other.0 > m.0 + SPAN {
                break;
            }
            terms |= 1 << (other.2 % 64);
        }
        let distinct = terms.count_ones();
        if best.is_none_or(|(b, _)| distinct > b) {
            best = Some((distinct, m.0));
        }
    }
    best.map(|(_, at)| at)
}

/// The `tag:` and `author:` patterns of a query as terms.
struct FilterTerms {
    tags: Vec<Term>,
    excluded_tags: Vec<Term>,
    authors: Vec<Term>,
    excluded_authors: Vec<Term>,
}

impl FilterTerms {
    fn new(query: &Query) -> FilterTerms {
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
struct Filters<'q> {
    kinds: &'q [Kind],
    excluded_kinds: &'q [Kind],
    tags: Vec<Compiled<'q>>,
    excluded_tags: Vec<Compiled<'q>>,
    authors: Vec<Compiled<'q>>,
    excluded_authors: Vec<Compiled<'q>>,
}

impl<'q> Filters<'q> {
    fn new(index: &Index, query: &'q Query, terms: &'q FilterTerms) -> Filters<'q> {
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

    fn pass(&self, index: &Index, doc: usize) -> bool {
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
