//! Matching one query against one document, and the scores that rank the results.
//!
//! Score tiers keep the promise "title/name above tag/author above body": a term scores its
//! field's tier plus a quality below 1000 (plus a little for also appearing in the body),
//! and the gaps between tiers are larger than any quality can bridge.

use fuzzy_matcher::FuzzyMatcher;
use serde::Serialize;

use crate::content::Kind;

use super::index::{Entry, Index, Vocabulary};
use super::query::Term;
use super::text;

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
    Body,
}

impl Field {
    fn tier(self) -> i64 {
        match self {
            Field::Title | Field::Name => 4000,
            Field::Slug => 3000,
            Field::Role => 2500,
            Field::Tag | Field::Author => 2000,
            Field::Body => 0,
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

/// A fuzzy match below this share of a perfect match (in thousandths) is noise, not a hit.
/// Measured: letters scattered mid-word ("trap" in "plaTfoRm As a Product") score 650–690,
/// abbreviations along word starts ("prdthink", "pltfrm") 870–940, a mid-word run ("ops"
/// in "devops") about 770.
const MIN_FUZZY_QUALITY: i64 = 740;
/// Words shorter than this match names only at a word start, and bodies only as whole words.
const MIN_PREFIX_CHARS: usize = 3;
/// Body positions kept per term and document for proximity and snippets.
const MAX_POSITIONS: usize = 256;

/// Which body terms (by id) a query word accepts: the word itself, any longer word it is a
/// prefix of (when long enough), and its singular when it ends in `s`.
#[derive(Debug, Clone)]
pub(crate) struct WordSet {
    word: String,
    singular: Option<String>,
    prefix_ok: bool,
    exact_ids: [Option<u32>; 2],
    prefix_ids: (u32, u32),
}

impl WordSet {
    fn new(vocabulary: &Vocabulary, word: &str) -> WordSet {
        let prefix_ok = word.chars().count() >= MIN_PREFIX_CHARS;
        let singular = word
            .strip_suffix('s')
            .filter(|s| s.chars().count() >= MIN_PREFIX_CHARS)
            .map(str::to_string);
        WordSet {
            exact_ids: [
                vocabulary.id(word),
                singular.as_deref().and_then(|s| vocabulary.id(s)),
            ],
            prefix_ids: if prefix_ok {
                vocabulary.prefix_range(word)
            } else {
                (0, 0)
            },
            word: word.to_string(),
            singular,
            prefix_ok,
        }
    }

    fn contains(&self, id: u32) -> bool {
        (self.prefix_ids.0 <= id && id < self.prefix_ids.1) || self.is_exact(id)
    }

    fn is_exact(&self, id: u32) -> bool {
        self.exact_ids.contains(&Some(id))
    }

    fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let exact = self.exact_ids.iter().flatten().copied();
        (self.prefix_ids.0..self.prefix_ids.1)
            .chain(exact.filter(|&id| !(self.prefix_ids.0 <= id && id < self.prefix_ids.1)))
    }

    /// The same test on a word's text (for titles and snippets, which are not id-coded).
    pub(crate) fn matches_word(&self, word: &str) -> bool {
        word == self.word
            || (self.prefix_ok && word.starts_with(&self.word))
            || self.singular.as_deref() == Some(word)
    }

    fn is_exact_word(&self, word: &str) -> bool {
        word == self.word || self.singular.as_deref() == Some(word)
    }
}

/// A term made ready to match against this index.
pub(crate) struct Compiled<'q> {
    pub term: &'q Term,
    pub words: Vec<WordSet>,
    /// The fuzzy score of the term against itself: the best any field can get.
    perfect: i64,
    /// Which documents contain the term's words (in any order) in their body; the scan
    /// confirms adjacency. Empty when the term has no words.
    body_docs: Vec<bool>,
}

impl<'q> Compiled<'q> {
    pub fn new(index: &Index, term: &'q Term) -> Compiled<'q> {
        let words: Vec<WordSet> = term
            .words
            .iter()
            .map(|w| WordSet::new(&index.vocabulary, w))
            .collect();
        let perfect = index
            .matcher
            .fuzzy_match(&term.raw, &term.raw)
            .unwrap_or(1)
            .max(1);
        let body_docs = body_candidates(index, &words);
        Compiled {
            term,
            words,
            perfect,
            body_docs,
        }
    }

    fn in_body(&self, doc: usize) -> bool {
        self.body_docs.get(doc).copied().unwrap_or(false)
    }

    /// Quality (0..=1000) of this term in one name-like field, if it matches at all.
    fn name_quality(
        &self,
        index: &Index,
        field: &str,
        words: Option<&[(String, usize, usize)]>,
    ) -> Option<i64> {
        if self.term.phrase {
            return self
                .sequence_in(field, words)
                .map(|exact| if exact { 1000 } else { 900 });
        }
        if self.term.raw.chars().count() < MIN_PREFIX_CHARS || self.words.is_empty() {
            // Too short (or all punctuation) to match fuzzily without matching everything.
            if self.words.len() == 1 {
                return self
                    .sequence_in(field, words)
                    .map(|exact| if exact { 1000 } else { 800 });
            }
            return field.contains(self.term.raw.as_str()).then_some(700);
        }
        let score = index.matcher.fuzzy_match(field, &self.term.raw)?;
        let quality = (score * 1000 / self.perfect).min(1000);
        (quality >= MIN_FUZZY_QUALITY).then_some(quality)
    }

    /// Whether the term's words appear side by side in `field`; `Some(true)` when all whole.
    fn sequence_in(&self, field: &str, words: Option<&[(String, usize, usize)]>) -> Option<bool> {
        let owned;
        let list: Vec<&str> = match words {
            Some(words) => words.iter().map(|w| w.0.as_str()).collect(),
            None => {
                owned = text::words(field);
                owned.iter().map(String::as_str).collect()
            }
        };
        find_sequence(&self.words, &list).map(|at| {
            self.words
                .iter()
                .zip(&list[at..])
                .all(|(set, word)| set.is_exact_word(word))
        })
    }

    /// Char positions in the title where this term matched it (empty when it did not).
    pub fn title_positions(&self, index: &Index, entry: &Entry) -> Vec<usize> {
        if self
            .name_quality(index, &entry.title, Some(&entry.title_words))
            .is_none()
        {
            return Vec::new();
        }
        let fuzzy = !self.term.phrase
            && self.term.raw.chars().count() >= MIN_PREFIX_CHARS
            && !self.words.is_empty();
        if fuzzy {
            return index
                .matcher
                .fuzzy_indices(&entry.title, &self.term.raw)
                .map(|(_, positions)| positions)
                .unwrap_or_default();
        }
        let list: Vec<&str> = entry.title_words.iter().map(|w| w.0.as_str()).collect();
        match find_sequence(&self.words, &list) {
            Some(at) => entry.title_words[at..at + self.words.len()]
                .iter()
                .flat_map(|w| w.1..w.2)
                .collect(),
            None => {
                // Punctuation-only term: its literal chars.
                let start = entry
                    .title
                    .find(self.term.raw.as_str())
                    .map(|b| entry.title[..b].chars().count());
                start
                    .map(|s| (s..s + self.term.raw.chars().count()).collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// First index in `list` where every set matches the word at the same offset, in order.
pub(crate) fn find_sequence(sets: &[WordSet], list: &[&str]) -> Option<usize> {
    if sets.is_empty() || sets.len() > list.len() {
        return None;
    }
    (0..=list.len() - sets.len()).find(|&at| {
        sets.iter()
            .zip(&list[at..])
            .all(|(set, word)| set.matches_word(word))
    })
}

/// A query compiled against one index.
pub(crate) struct Plan<'q> {
    pub terms: Vec<Compiled<'q>>,
    /// Every word of every term, in order: for the "query words in the title" bonus.
    all_words: Vec<WordSet>,
}

impl<'q> Plan<'q> {
    pub fn new(index: &Index, terms: &'q [Term]) -> Plan<'q> {
        let terms: Vec<Compiled<'q>> = terms.iter().map(|t| Compiled::new(index, t)).collect();
        let all_words = terms.iter().flat_map(|t| t.words.iter().cloned()).collect();
        Plan { terms, all_words }
    }
}

/// Documents whose body holds every word of the term somewhere.
fn body_candidates(index: &Index, words: &[WordSet]) -> Vec<bool> {
    let n = index.entries.len();
    if words.is_empty() {
        return Vec::new();
    }
    let mut count = vec![0u8; n];
    let mut seen = vec![u32::MAX; n];
    for (w, set) in words.iter().enumerate() {
        for id in set.ids() {
            for &doc in &index.postings[id as usize] {
                let doc = doc as usize;
                if seen[doc] != w as u32 {
                    seen[doc] = w as u32;
                    count[doc] = count[doc].saturating_add(1);
                }
            }
        }
    }
    let needed = words.len().min(u8::MAX as usize) as u8;
    count.into_iter().map(|c| c >= needed).collect()
}

/// How one document matched the query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub doc: usize,
    pub score: i64,
    pub field: Field,
}

/// Per-search buffers reused across documents.
#[derive(Default)]
pub(crate) struct Scratch {
    weight: Vec<u32>,
    positions: Vec<Vec<u32>>,
}

/// Scores document `doc` against all terms; `None` when some term does not match it.
pub(crate) fn score_doc(
    index: &Index,
    doc: usize,
    plan: &Plan<'_>,
    scratch: &mut Scratch,
) -> Option<Scored> {
    let terms = &plan.terms;
    let entry = &index.entries[doc];
    scan_body(entry, doc, terms, scratch);
    let mut total = 0;
    let mut best = Field::Body;
    for (t, compiled) in terms.iter().enumerate() {
        let body = (scratch.weight[t] > 0).then(|| body_quality(scratch.weight[t]));
        let (field, score) = match name_match(index, entry, compiled) {
            Some((field, quality)) => (field, field.tier() + quality + body.unwrap_or(0) / 4),
            None => (Field::Body, body?),
        };
        if field.tier() > best.tier() {
            best = field;
        }
        total += score;
    }
    total += proximity_bonus(terms.len(), &scratch.positions);
    total += title_sequence_bonus(entry, &plan.all_words);
    Some(Scored {
        doc,
        score: total,
        field: best,
    })
}

/// The best name-like field the term matches, tried from the highest tier down.
fn name_match(index: &Index, entry: &Entry, term: &Compiled<'_>) -> Option<(Field, i64)> {
    if let Some(q) = term.name_quality(index, &entry.title, Some(&entry.title_words)) {
        return Some((Field::title_of(entry.kind), q));
    }
    if let Some(q) = term.name_quality(index, &entry.slug, None) {
        return Some((Field::Slug, q));
    }
    if let Some(role) = &entry.role
        && let Some(q) = term.name_quality(index, role, None)
    {
        return Some((Field::Role, q));
    }
    let tag = entry
        .tags
        .iter()
        .filter_map(|t| term.name_quality(index, t, None))
        .max();
    let author = entry
        .authors
        .iter()
        .filter_map(|a| term.name_quality(index, a, None))
        .max();
    match (tag, author) {
        (Some(t), Some(a)) if a > t => Some((Field::Author, a)),
        (Some(t), _) => Some((Field::Tag, t)),
        (None, Some(a)) => Some((Field::Author, a)),
        (None, None) => None,
    }
}

/// Walks the body once, counting each term's occurrences (whole words count double) and
/// keeping their word positions.
fn scan_body(entry: &Entry, doc: usize, terms: &[Compiled<'_>], scratch: &mut Scratch) {
    scratch.weight.clear();
    scratch.weight.resize(terms.len(), 0);
    scratch.positions.resize_with(terms.len(), Vec::new);
    for positions in &mut scratch.positions {
        positions.clear();
    }
    let active: Vec<usize> = (0..terms.len())
        .filter(|&t| terms[t].in_body(doc))
        .collect();
    if active.is_empty() {
        return;
    }
    let tokens = &entry.tokens;
    for (i, &id) in tokens.iter().enumerate() {
        for &t in &active {
            let words = &terms[t].words;
            if !words[0].contains(id) {
                continue;
            }
            let rest = &tokens[i + 1..];
            if rest.len() < words.len() - 1
                || !words[1..]
                    .iter()
                    .zip(rest)
                    .all(|(set, &next)| set.contains(next))
            {
                continue;
            }
            let exact =
                words[0].is_exact(id) && words[1..].iter().zip(rest).all(|(s, &n)| s.is_exact(n));
            scratch.weight[t] += if exact { 2 } else { 1 };
            if scratch.positions[t].len() < MAX_POSITIONS {
                scratch.positions[t].push(i as u32);
            }
        }
    }
}

/// 300..=950: more occurrences score higher, with diminishing returns.
fn body_quality(weight: u32) -> i64 {
    300 + ((130.0 * f64::from(weight + 1).ln()) as i64).min(650)
}

/// Up to 400 when the terms found in the body stand close together.
fn proximity_bonus(terms: usize, positions: &[Vec<u32>]) -> i64 {
    let lists: Vec<&Vec<u32>> = positions
        .iter()
        .take(terms)
        .filter(|p| !p.is_empty())
        .collect();
    if lists.len() < 2 {
        return 0;
    }
    let mut cursor = vec![0usize; lists.len()];
    let mut best_span = u32::MAX;
    loop {
        let (mut lo, mut lo_list, mut hi) = (u32::MAX, 0, 0);
        for (l, list) in lists.iter().enumerate() {
            let p = list[cursor[l]];
            if p < lo {
                lo = p;
                lo_list = l;
            }
            hi = hi.max(p);
        }
        best_span = best_span.min(hi - lo);
        cursor[lo_list] += 1;
        if cursor[lo_list] == lists[lo_list].len() {
            break;
        }
    }
    let k = lists.len() as i64;
    400 * (k - 1) / (i64::from(best_span).max(k - 1))
}

/// Up to 500 when the query's words stand in the title in the same order, side by side,
/// and more when they are the whole title ("service providers" → "Service Providers").
fn title_sequence_bonus(entry: &Entry, sets: &[WordSet]) -> i64 {
    let list: Vec<&str> = entry.title_words.iter().map(|w| w.0.as_str()).collect();
    match find_sequence(sets, &list) {
        Some(_) if sets.len() == list.len() => 500,
        Some(_) if sets.len() > 1 => 200,
        _ => 0,
    }
}

impl<'q> Compiled<'q> {
    /// A term used only against names (tag and author filters): no body lookup.
    pub fn names_only(index: &Index, term: &'q Term) -> Compiled<'q> {
        let words = term
            .words
            .iter()
            .map(|w| WordSet::new(&index.vocabulary, w))
            .collect();
        let perfect = index
            .matcher
            .fuzzy_match(&term.raw, &term.raw)
            .unwrap_or(1)
            .max(1);
        Compiled {
            term,
            words,
            perfect,
            body_docs: Vec::new(),
        }
    }

    /// Whether any of `fields` matches this term (fuzzily, as names do).
    pub fn matches_any(&self, index: &Index, fields: &[String]) -> bool {
        fields
            .iter()
            .any(|f| self.name_quality(index, f, None).is_some())
    }

    /// Whether the document mentions the term word for word (not fuzzily) anywhere:
    /// what an exclusion `-word` removes.
    pub fn mentioned_in(&self, entry: &Entry, doc: usize) -> bool {
        if self.words.is_empty() {
            return entry.title.contains(self.term.raw.as_str());
        }
        if self
            .sequence_in(&entry.title, Some(&entry.title_words))
            .is_some()
            || self.sequence_in(&entry.slug, None).is_some()
            || entry
                .role
                .as_deref()
                .is_some_and(|r| self.sequence_in(r, None).is_some())
            || entry
                .tags
                .iter()
                .chain(&entry.authors)
                .any(|f| self.sequence_in(f, None).is_some())
        {
            return true;
        }
        if !self.in_body(doc) {
            return false;
        }
        let tokens = &entry.tokens;
        (0..tokens.len()).any(|i| {
            tokens.len() - i >= self.words.len()
                && self
                    .words
                    .iter()
                    .zip(&tokens[i..])
                    .all(|(set, &id)| set.contains(id))
        })
    }
}
