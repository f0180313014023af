//! Query terms compiled against the index: which names each term matches and how well
//! (fuzzy, word for word, or as a typo), and where it occurs in bodies.

use fuzzy_matcher::FuzzyMatcher;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

use crate::content::Kind;

use super::index::{Entry, Index, Vocabulary};
use super::query::Term;
use super::similar::{fuzzy_candidate, one_edit_away};
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
    /// The base score of a match in this field (see `rank`).
    pub(crate) fn tier(self) -> i64 {
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
/// Terms at least this long that match nothing are retried as typos.
const MIN_TYPO_CHARS: usize = 5;
/// Longer terms are not typos of anything a reader would look for.
const MAX_TYPO_CHARS: usize = 24;
/// A typo match scores just above the fuzzy threshold: any real match ranks higher.
const TYPO_QUALITY: i64 = MIN_FUZZY_QUALITY + 10;
/// Words shorter than this match bodies only as whole words.
const MIN_PREFIX_CHARS: usize = 3;
/// Terms shorter than this match names at word starts rather than fuzzily: three letters
/// scattered through a title say little, and would send every title through the matcher.
const MIN_FUZZY_CHARS: usize = 4;

/// Which words a query word accepts: itself, any longer word it is a prefix of (when long
/// enough), and its singular when it ends in `s`. Words are compared folded to lower case.
#[derive(Debug, Clone)]
pub(crate) struct WordRule {
    word: String,
    singular: Option<String>,
    prefix_ok: bool,
}

impl WordRule {
    pub fn new(word: &str) -> WordRule {
        WordRule {
            word: word.to_string(),
            singular: word
                .strip_suffix('s')
                .filter(|s| s.chars().count() >= MIN_PREFIX_CHARS)
                .map(str::to_string),
            prefix_ok: word.chars().count() >= MIN_PREFIX_CHARS,
        }
    }

    /// Whether `word` (folded) is accepted.
    pub fn matches_word(&self, word: &str) -> bool {
        word == self.word
            || (self.prefix_ok && word.starts_with(&self.word))
            || self.singular.as_deref() == Some(word)
    }

    fn is_exact_word(&self, word: &str) -> bool {
        word == self.word || self.singular.as_deref() == Some(word)
    }

    /// The shortest text every accepted word starts with.
    pub fn shortest(&self) -> &str {
        self.singular.as_deref().unwrap_or(&self.word)
    }
}

/// A word rule resolved against the body vocabulary: which term ids it accepts.
#[derive(Debug, Clone)]
pub(crate) struct WordSet {
    rule: WordRule,
    exact_ids: [Option<u32>; 2],
    prefix_ids: (u32, u32),
}

impl WordSet {
    pub(crate) fn new(vocabulary: &Vocabulary, word: &str) -> WordSet {
        let rule = WordRule::new(word);
        WordSet {
            exact_ids: [
                vocabulary.id(word),
                rule.singular.as_deref().and_then(|s| vocabulary.id(s)),
            ],
            prefix_ids: if rule.prefix_ok {
                vocabulary.prefix_range(word)
            } else {
                (0, 0)
            },
            rule,
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

    /// Whether the vocabulary holds any word this set accepts.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids().next().is_none()
    }

    /// The same test on a word's text (for titles and snippets, which are not id-coded).
    pub(crate) fn matches_word(&self, word: &str) -> bool {
        self.rule.matches_word(word)
    }

    fn is_exact_word(&self, word: &str) -> bool {
        self.rule.is_exact_word(word)
    }
}

/// What a compiled term is for, which decides how it matches names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Purpose {
    /// A search term: fuzzy over names, words in bodies.
    Rank,
    /// A `tag:` or `author:` pattern: fuzzy over names only.
    Filter,
    /// A `-word`: word for word, in names and bodies.
    Exclude,
}

/// A term made ready to match against this index.
pub(crate) struct Compiled<'q> {
    pub term: &'q Term,
    pub words: Vec<WordSet>,
    purpose: Purpose,
    /// The fuzzy score of the term against itself: the best any field can get.
    perfect: i64,
    /// Matched fuzzily (not as words): long enough and not a phrase.
    fuzzy: bool,
    /// Letters and digits a name must hold to match fuzzily (`text::required_mask`).
    mask: u64,
    /// What the term matches, shared with the index's cache of recent terms.
    data: Arc<TermData>,
}

/// What one term matches in one index: the costly part of a search, kept for reuse while
/// the reader types (each keystroke usually changes only the last term).
#[derive(Debug, Default)]
pub(crate) struct TermData {
    /// For every entry of `Index::names`: its quality (0..=1000), or -1 for no match.
    names: Vec<i16>,
    /// Every body occurrence as (document, word position, whole word), ascending.
    body: Vec<(u32, u32, bool)>,
}

/// Identifies a term's `TermData`: the same text, quoting and purpose match the same things.
pub(crate) type TermKey = (String, bool, Purpose);

/// How many recent terms the index remembers.
const CACHED_TERMS: usize = 24;

impl<'q> Compiled<'q> {
    pub fn new(index: &Index, term: &'q Term, purpose: Purpose) -> Compiled<'q> {
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
        let fuzzy = purpose != Purpose::Exclude
            && !term.phrase
            && term.raw.chars().count() >= MIN_FUZZY_CHARS
            && !words.is_empty();
        // What a name must hold to match: the letters of the whole term when fuzzy, else
        // of its first word (its singular, which a plural query also accepts).
        let mask = if fuzzy {
            text::required_mask(&term.raw)
        } else {
            words
                .first()
                .map_or(0, |w| text::required_mask(w.rule.shortest()))
        };
        let mut compiled = Compiled {
            term,
            words,
            purpose,
            perfect,
            fuzzy,
            mask,
            data: Arc::default(),
        };
        let key: TermKey = (term.raw.clone(), term.phrase, purpose);
        let cached = index.term_cache.lock().ok().and_then(|cache| {
            cache
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, data)| Arc::clone(data))
        });
        compiled.data = match cached {
            Some(data) => data,
            None => {
                let data = Arc::new(compiled.compute(index));
                if let Ok(mut cache) = index.term_cache.lock() {
                    if cache.len() >= CACHED_TERMS {
                        cache.pop_front();
                    }
                    cache.push_back((key, Arc::clone(&data)));
                }
                data
            }
        };
        compiled
    }

    fn compute(&self, index: &Index) -> TermData {
        let names = score_names(index, |name, mask| {
            if mask & self.mask != self.mask {
                return -1;
            }
            self.quality(index, name, None).map_or(-1, |q| q as i16)
        });
        let body = if self.purpose == Purpose::Filter {
            Vec::new()
        } else {
            body_occurrences(index, &self.words)
        };
        let data = TermData { names, body };
        if self.typo_tolerant() && data.names.iter().all(|&q| q < 0) && data.body.is_empty() {
            return self.compute_with_typo(index);
        }
        data
    }

    /// Whether a term that matches nothing may be retried as a typo: a single fuzzy word long
    /// enough that one wrong letter still leaves it recognisable.
    fn typo_tolerant(&self) -> bool {
        self.fuzzy && may_be_typo(self.term)
    }

    /// Matches words one edit away (a letter wrong, missing, extra or two swapped), in names
    /// and bodies, scored just above the fuzzy threshold so real matches always rank higher.
    fn compute_with_typo(&self, index: &Index) -> TermData {
        let typo = Typo::new(&self.term.raw);
        let names = score_names(index, |name, mask| {
            if typo.close(mask) && name.unicode_words().any(|word| typo.of(word)) {
                TYPO_QUALITY as i16
            } else {
                -1
            }
        });
        let body = if self.purpose == Purpose::Filter {
            Vec::new()
        } else {
            let ids: Vec<u32> = (0..index.vocabulary.len() as u32)
                .filter(|&id| typo.matches(index.vocabulary.term(id)))
                .collect();
            let mut found: Vec<(u32, u32, bool)> = ids
                .iter()
                .flat_map(|&id| {
                    index.postings[id as usize]
                        .iter()
                        .map(|&(d, p)| (d, p, false))
                })
                .collect();
            if ids.len() > 1 {
                found = sort_by_document(found, index.entries.len());
            }
            found
        };
        TermData { names, body }
    }

    /// The documents this term can match at all, ascending: those with a body occurrence
    /// or a matching name. `None` when that is not cheaper than trying every document.
    pub fn candidates(&self, index: &Index) -> Option<Vec<u32>> {
        let mut docs: Vec<u32> = Vec::new();
        for (id, &q) in self.data.names.iter().enumerate() {
            if q >= 0 {
                docs.extend_from_slice(&index.name_docs[id]);
                if docs.len() > index.entries.len() / 2 {
                    return None;
                }
            }
        }
        let mut last = u32::MAX;
        for &(doc, _, _) in &self.data.body {
            if doc != last {
                docs.push(doc);
                last = doc;
                if docs.len() > index.entries.len() / 2 {
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

    /// Every body occurrence as (document, word position, whole word), ascending.
    pub fn body(&self) -> &[(u32, u32, bool)] {
        &self.data.body
    }

    /// This term's body occurrences in one document.
    pub fn occurrences_in(&self, doc: usize) -> &[(u32, u32, bool)] {
        let body = &self.data.body;
        let lo = body.partition_point(|o| (o.0 as usize) < doc);
        let hi = lo + body[lo..].partition_point(|o| o.0 as usize == doc);
        &body[lo..hi]
    }

    /// Whether any of the names `ids` matches.
    pub fn matches_any(&self, ids: &[u32]) -> bool {
        ids.iter().any(|&id| self.data.names[id as usize] >= 0)
    }

    /// Quality (0..=1000) of this term in one name-like field, if it matches at all.
    fn quality(
        &self,
        index: &Index,
        field: &str,
        words: Option<&[(String, usize, usize)]>,
    ) -> Option<i64> {
        if self.purpose == Purpose::Exclude {
            if self.words.is_empty() {
                return field.contains(self.term.raw.as_str()).then_some(1000);
            }
            return self.sequence_in(field, words).map(|_| 1000);
        }
        if self.term.phrase {
            return self
                .sequence_in(field, words)
                .map(|exact| if exact { 1000 } else { 900 });
        }
        if !self.fuzzy {
            // Too short (or all punctuation) to match fuzzily without matching everything.
            if self.words.len() == 1 {
                return self
                    .sequence_in(field, words)
                    .map(|exact| if exact { 1000 } else { 800 });
            }
            return field.contains(self.term.raw.as_str()).then_some(700);
        }
        if !fuzzy_candidate(&self.term.raw, field) {
            return None;
        }
        let score = index.matcher.fuzzy_match(field, &self.term.raw)?;
        let quality = (score * 1000 / self.perfect).min(1000);
        (quality >= MIN_FUZZY_QUALITY).then_some(quality)
    }

    /// Whether the term's words appear side by side in `field`; `Some(true)` when all whole.
    fn sequence_in(&self, field: &str, words: Option<&[(String, usize, usize)]>) -> Option<bool> {
        let first = self.words.first()?;
        if !field.contains(first.rule.word.as_str()) {
            return None;
        }
        let list: Vec<&str> = match words {
            Some(words) => words.iter().map(|w| w.0.as_str()).collect(),
            // Names are folded already, so their words need no further lower-casing.
            None => field.unicode_words().collect(),
        };
        let mut found = None;
        for at in 0..list.len().saturating_sub(self.words.len() - 1) {
            let here = &list[at..at + self.words.len()];
            if self
                .words
                .iter()
                .zip(here)
                .all(|(set, word)| set.matches_word(word))
            {
                if self
                    .words
                    .iter()
                    .zip(here)
                    .all(|(set, word)| set.is_exact_word(word))
                {
                    return Some(true);
                }
                found = Some(false);
            }
        }
        found
    }

    /// Char positions in the title where this term matched it (empty when it did not).
    pub fn title_positions(&self, index: &Index, entry: &Entry) -> Vec<usize> {
        if self.name(entry.title_name).is_none() {
            return Vec::new();
        }
        if self.fuzzy {
            return match index.matcher.fuzzy_indices(&entry.title, &self.term.raw) {
                Some((_, positions)) => positions,
                // Matched as a typo: light up the word it was taken for.
                None => entry
                    .title_words
                    .iter()
                    .filter(|(word, _, _)| one_edit_away(&self.term.raw, word))
                    .flat_map(|&(_, start, end)| start..end)
                    .collect(),
            };
        }
        let list: Vec<&str> = entry.title_words.iter().map(|w| w.0.as_str()).collect();
        match find_sequence(&self.words, &list) {
            // A word found by its prefix lights up only the prefix typed.
            Some(at) => entry.title_words[at..at + self.words.len()]
                .iter()
                .zip(&self.words)
                .flat_map(|((word, start, end), set)| {
                    let typed = if word.starts_with(set.rule.word.as_str()) {
                        set.rule.word.chars().count()
                    } else {
                        end - start
                    };
                    *start..start + typed
                })
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

    /// The best name-like field of `entry` this term matches, tried from the highest tier down.
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
    pub(crate) fn mentioned(&self, entry: &Entry, body: &[(u32, u32, bool)]) -> bool {
        !body.is_empty() || self.best_name(entry).is_some()
    }
}

/// `quality(name, char mask)` of every distinct name of the index (-1: no match). Each name
/// once, split across threads: this is most of a search's work.
fn score_names(index: &Index, quality: impl Fn(&str, u64) -> i16 + Sync) -> Vec<i16> {
    index
        .names
        .par_iter()
        .zip(index.name_masks.par_iter())
        .with_min_len(2048)
        .map(|(name, &mask)| quality(name, mask))
        .collect()
}

/// Whether `term` is retried as a typo when it matches nothing (as a search term or filter):
/// a single word, not a phrase, long enough that one wrong letter still leaves it
/// recognisable.
pub(crate) fn may_be_typo(term: &Term) -> bool {
    let chars = term.raw.chars().count();
    !term.phrase && term.words.len() == 1 && (MIN_TYPO_CHARS..=MAX_TYPO_CHARS).contains(&chars)
}

/// The words a term matches as a typo: one edit away from it.
pub(crate) struct Typo {
    raw: String,
    /// The letters and digits of the term: one edit can lose at most one of them.
    required: u64,
}

impl Typo {
    pub fn new(raw: &str) -> Typo {
        Typo {
            raw: raw.to_string(),
            required: text::required_mask(raw),
        }
    }

    /// Whether a text with this `text::char_mask` may hold a word one edit away.
    fn close(&self, mask: u64) -> bool {
        (self.required & !mask).count_ones() <= 1
    }

    /// Whether `word` (folded) is one edit away, without the mask test.
    fn of(&self, word: &str) -> bool {
        one_edit_away(&self.raw, word)
    }

    /// Whether `word` (folded) is one edit away.
    pub fn matches(&self, word: &str) -> bool {
        self.close(text::char_mask(word)) && self.of(word)
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

/// Every place a body has the term's words side by side, from the positional postings.
fn body_occurrences(index: &Index, words: &[WordSet]) -> Vec<(u32, u32, bool)> {
    let Some((first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut lists = 0;
    for id in first.ids() {
        lists += 1;
        let exact_first = first.is_exact(id);
        for &(doc, pos) in &index.postings[id as usize] {
            let tokens = &index.entries[doc as usize].tokens;
            // Whether each following word has an id that passes `test` for its set.
            let followed = |test: fn(&WordSet, u32) -> bool| {
                rest.iter().enumerate().all(|(k, set)| {
                    tokens
                        .id_at(pos as usize + 1 + k)
                        .is_some_and(|id| test(set, id))
                })
            };
            if !followed(WordSet::contains) {
                continue;
            }
            let exact = exact_first && followed(WordSet::is_exact);
            found.push((doc, pos, exact));
        }
    }
    if lists > 1 {
        found = sort_by_document(found, index.entries.len());
    }
    found
}

/// Sorts occurrences gathered from several postings lists by (document, position): a
/// counting sort on the document, then small sorts within each document.
fn sort_by_document(found: Vec<(u32, u32, bool)>, documents: usize) -> Vec<(u32, u32, bool)> {
    let mut starts = vec![0usize; documents + 1];
    for o in &found {
        starts[o.0 as usize + 1] += 1;
    }
    for d in 0..documents {
        starts[d + 1] += starts[d];
    }
    let mut sorted = vec![(0, 0, false); found.len()];
    let mut next = starts.clone();
    for o in found {
        sorted[next[o.0 as usize]] = o;
        next[o.0 as usize] += 1;
    }
    for d in 0..documents {
        let slice = &mut sorted[starts[d]..starts[d + 1]];
        if slice.len() > 1 {
            slice.sort_unstable();
        }
    }
    sorted
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
        let all_words = terms.iter().flat_map(|t| t.words.iter().cloned()).collect();
        Plan {
            terms,
            excluded,
            all_words,
        }
    }
}
