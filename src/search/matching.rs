//! Query terms compiled against the index: which names each term matches and how well,
//! where it occurs in bodies, and how much a match of it is worth (its rarity).

use serde::Serialize;
use std::sync::Arc;

use crate::content::Kind;

use super::cache::{Occurrence, Purpose, TermData, TermKey};
use super::index::{Entry, Index};
use super::names::{NameRule, score_names, typo_names};
use super::occurrences::{document_frequency, in_bodies, typos_in_bodies};
use super::query::Term;
use super::vocabulary::WordSet;
use super::words::{Typo, may_be_typo};

/// The field of a document a hit was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    /// The title of a persona: its name.
    Name,
    Slug,
    Role,
    Tag,
    Author,
    /// A heading in the body.
    Heading,
    Body,
}

impl Field {
    /// What a full-quality match in this field is worth, against at most 2.2 for any number
    /// of matches in the body text (see `rank`): names and tags above plain text.
    pub(crate) fn weight(self) -> f64 {
        match self {
            Field::Title | Field::Name => 6.0,
            Field::Slug => 4.0,
            Field::Role => 3.5,
            Field::Tag | Field::Author => 3.0,
            Field::Heading | Field::Body => 0.0,
        }
    }

    pub(crate) fn title_of(kind: Kind) -> Field {
        if kind == Kind::Persona {
            Field::Name
        } else {
            Field::Title
        }
    }
}

/// A term made ready to match against this index.
pub(crate) struct Compiled<'q> {
    pub rule: NameRule<'q>,
    /// What the term matches, shared with the index's cache of recent terms.
    data: Arc<TermData>,
    /// Inverse document frequency: a rare term's matches count for more.
    pub idf: f64,
}

impl<'q> Compiled<'q> {
    pub fn new(index: &Index, term: &'q Term, purpose: Purpose) -> Compiled<'q> {
        let rule = NameRule::new(index, term, purpose);
        let key: TermKey = (term.raw.clone(), term.phrase, purpose);
        let data = index
            .term_cache
            .get_or_compute(key, || compute(index, &rule, purpose));
        let documents = index.entries.len() as f64;
        let df = f64::from(data.docs);
        Compiled {
            rule,
            idf: (1.0 + (documents - df + 0.5) / (df + 0.5)).ln(),
            data,
        }
    }

    pub fn words(&self) -> &[WordSet] {
        &self.rule.words
    }

    /// The documents this term can match at all, ascending: those with a body occurrence
    /// or a matching name. `None` when that is not cheaper than trying every document.
    pub fn candidates(&self, index: &Index) -> Option<Vec<u32>> {
        let too_many = index.entries.len() / 2;
        let mut docs: Vec<u32> = Vec::new();
        for (id, &q) in self.data.names.iter().enumerate() {
            if q >= 0 {
                docs.extend_from_slice(&index.name_docs[id]);
                if docs.len() > too_many {
                    return None;
                }
            }
        }
        let mut last = u32::MAX;
        for o in &self.data.body {
            if o.doc != last {
                docs.push(o.doc);
                last = o.doc;
                if docs.len() > too_many {
                    return None;
                }
            }
        }
        docs.sort_unstable();
        docs.dedup();
        Some(docs)
    }

    fn name(&self, id: u32) -> Option<i64> {
        let q = self.data.names[id as usize];
        (q >= 0).then_some(i64::from(q))
    }

    /// Every body occurrence, ascending by (document, position).
    pub fn body(&self) -> &[Occurrence] {
        &self.data.body
    }

    /// This term's body occurrences in one document.
    pub fn occurrences_in(&self, doc: usize) -> &[Occurrence] {
        let body = &self.data.body;
        let lo = body.partition_point(|o| (o.doc as usize) < doc);
        let hi = lo + body[lo..].partition_point(|o| o.doc as usize == doc);
        &body[lo..hi]
    }

    /// Whether any of the names `ids` matches.
    pub fn matches_any(&self, ids: &[u32]) -> bool {
        ids.iter().any(|&id| self.data.names[id as usize] >= 0)
    }

    /// Char positions in the title where this term matched it (empty when it did not).
    pub fn title_positions(&self, index: &Index, entry: &Entry) -> Vec<usize> {
        if self.name(entry.title_name).is_none() {
            return Vec::new();
        }
        self.rule.title_positions(&index.matcher, entry)
    }

    /// The best name-like field of `entry` this term matches, tried from the highest
    /// weight down, with the match's quality (0..=1000).
    pub(crate) fn best_name(&self, entry: &Entry) -> Option<(Field, i64)> {
        if let Some(q) = self.name(entry.title_name) {
            return Some((Field::title_of(entry.kind), q));
        }
        if let Some(q) = entry.slug_name.and_then(|id| self.name(id)) {
            return Some((Field::Slug, q));
        }
        if let Some(q) = entry.role_name.and_then(|id| self.name(id)) {
            return Some((Field::Role, q));
        }
        let tag = entry.tag_names.iter().filter_map(|&id| self.name(id)).max();
        let author = entry
            .author_names
            .iter()
            .filter_map(|&id| self.name(id))
            .max();
        match (tag, author) {
            (Some(t), Some(a)) if a > t => Some((Field::Author, a)),
            (Some(t), _) => Some((Field::Tag, t)),
            (None, Some(a)) => Some((Field::Author, a)),
            (None, None) => None,
        }
    }

    /// Whether the document mentions this (exclusion) term in a name or its body.
    pub(crate) fn mentioned(&self, entry: &Entry, body: &[Occurrence]) -> bool {
        !body.is_empty() || self.best_name(entry).is_some()
    }
}

/// What `rule` matches in `index`; a lone word that matches nothing is tried as a typo.
fn compute(index: &Index, rule: &NameRule<'_>, purpose: Purpose) -> TermData {
    let names = score_names(index, |name, mask| rule.quality(&index.matcher, name, mask));
    let body = if purpose == Purpose::Filter {
        Vec::new()
    } else {
        in_bodies(index, &rule.words)
    };
    let typo_tolerant = rule.fuzzy && may_be_typo(rule.term);
    if typo_tolerant && names.iter().all(|&q| q < 0) && body.is_empty() {
        // Words one edit away (a letter wrong, missing, extra or two swapped), in names and
        // bodies, scored below real matches.
        let typo = Typo::new(&rule.term.raw);
        let names = typo_names(index, &typo);
        let body = if purpose == Purpose::Filter {
            Vec::new()
        } else {
            typos_in_bodies(index, &typo)
        };
        return with_frequency(index, names, body);
    }
    with_frequency(index, names, body)
}

fn with_frequency(index: &Index, names: Vec<i16>, body: Vec<Occurrence>) -> TermData {
    let docs = document_frequency(index, &names, &body);
    TermData { names, body, docs }
}

/// A query compiled against one index.
pub(crate) struct Plan<'q> {
    pub terms: Vec<Compiled<'q>>,
    pub excluded: Vec<Compiled<'q>>,
    /// Every word of every term, in order: for the "query words in the title" bonus.
    pub all_words: Vec<WordSet>,
}

impl<'q> Plan<'q> {
    pub fn new(index: &Index, terms: &'q [Term], excluded: &'q [Term]) -> Plan<'q> {
        let terms: Vec<Compiled<'q>> = terms
            .iter()
            .map(|t| Compiled::new(index, t, Purpose::Rank))
            .collect();
        let excluded = excluded
            .iter()
            .map(|t| Compiled::new(index, t, Purpose::Exclude))
            .collect();
        let all_words = terms
            .iter()
            .flat_map(|t| t.words().iter().cloned())
            .collect();
        Plan {
            terms,
            excluded,
            all_words,
        }
    }
}
