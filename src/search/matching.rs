//! Matching one query against one document, and the scores that rank the results.
//!
//! Score tiers keep the promise "title/name above tag/author above body": a term scores its
//! field's tier plus a quality below 1000 (plus a little for also appearing in the body),
//! and the gaps between tiers are larger than any quality can bridge.

use fuzzy_matcher::FuzzyMatcher;
use rayon::prelude::*;
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

/// What a compiled term is for, which decides how it matches names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// For every entry of `Index::names`: its quality (0..=1000), or -1 for no match.
    names: Vec<i16>,
    /// Every body occurrence as (document, word position, whole word), ascending.
    body: Vec<(u32, u32, bool)>,
}

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
            && term.raw.chars().count() >= MIN_PREFIX_CHARS
            && !words.is_empty();
        let mut compiled = Compiled {
            term,
            words,
            purpose,
            perfect,
            fuzzy,
            mask: text::required_mask(&term.raw),
            names: Vec::new(),
            body: Vec::new(),
        };
        // Each distinct name once; split across threads, as this is most of a search's work.
        let this = &compiled;
        let names = index
            .names
            .par_iter()
            .zip(index.name_masks.par_iter())
            .with_min_len(2048)
            .map(|(name, &mask)| {
                if this.fuzzy && mask & this.mask != this.mask {
                    return -1;
                }
                this.quality(index, name, None).map_or(-1, |q| q as i16)
            })
            .collect();
        compiled.names = names;
        if purpose != Purpose::Filter {
            compiled.body = body_occurrences(index, &compiled.words);
        }
        compiled
    }

    fn name(&self, id: u32) -> Option<i64> {
        let q = self.names[id as usize];
        (q >= 0).then_some(i64::from(q))
    }

    /// Whether any of the names `ids` matches.
    pub fn matches_any(&self, ids: &[u32]) -> bool {
        ids.iter().any(|&id| self.names[id as usize] >= 0)
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
        if !field.contains(first.word.as_str()) {
            return None;
        }
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
        if self.name(entry.title_name).is_none() {
            return Vec::new();
        }
        if self.fuzzy {
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

    /// The best name-like field of `entry` this term matches, tried from the highest tier down.
    fn best_name(&self, entry: &Entry) -> Option<(Field, i64)> {
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
    fn mentioned(&self, entry: &Entry, body: &[(u32, u32, bool)]) -> bool {
        !body.is_empty() || self.best_name(entry).is_some()
    }
}

/// A cheap test that rules out names the fuzzy matcher would score below
/// `MIN_FUZZY_QUALITY` anyway: the pattern must start at a word start with the rest following
/// in order, or stand whole inside a word. Byte-wise for ASCII patterns (an ASCII byte never
/// occurs inside a multi-byte UTF-8 char).
fn fuzzy_candidate(pattern: &str, text: &str) -> bool {
    if !pattern.is_ascii() {
        return is_subsequence(pattern, text);
    }
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let word_start = t.iter().enumerate().position(|(j, &b)| {
        b == p[0] && (j == 0 || !(t[j - 1].is_ascii_alphanumeric() || t[j - 1] >= 0x80))
    });
    match word_start {
        Some(j) if is_subsequence_bytes(&p[1..], &t[j + 1..]) => true,
        _ => text.contains(pattern),
    }
}

fn is_subsequence_bytes(pattern: &[u8], text: &[u8]) -> bool {
    let mut i = 0;
    for &b in text {
        if i == pattern.len() {
            break;
        }
        if b == pattern[i] {
            i += 1;
        }
    }
    i == pattern.len()
}

/// Whether the chars of `pattern` appear in `text` in order.
fn is_subsequence(pattern: &str, text: &str) -> bool {
    {
        let mut wanted = pattern.chars().peekable();
        for c in text.chars() {
            if wanted.peek() == Some(&c) {
                wanted.next();
            }
        }
        wanted.peek().is_none()
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
            let after = &tokens[pos as usize + 1..];
            if after.len() < rest.len() || !rest.iter().zip(after).all(|(set, &t)| set.contains(t))
            {
                continue;
            }
            let exact = exact_first && rest.iter().zip(after).all(|(set, &t)| set.is_exact(t));
            found.push((doc, pos, exact));
        }
    }
    if lists > 1 {
        found.sort_unstable();
    }
    found
}

/// A query compiled against one index.
pub(crate) struct Plan<'q> {
    pub terms: Vec<Compiled<'q>>,
    pub excluded: Vec<Compiled<'q>>,
    /// Every word of every term, in order: for the "query words in the title" bonus.
    all_words: Vec<WordSet>,
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

/// How one document matched the query.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub doc: usize,
    pub score: i64,
    pub field: Field,
}

/// Walks the documents in order, handing out each term's body occurrences in one document.
pub(crate) struct Cursors {
    at: Vec<usize>,
}

impl Cursors {
    pub fn new(plan: &Plan<'_>) -> Cursors {
        Cursors {
            at: vec![0; plan.terms.len() + plan.excluded.len()],
        }
    }

    /// The occurrences of compiled term `slot` in `doc`; docs must be asked in ascending order.
    fn take<'a>(
        &mut self,
        slot: usize,
        term: &'a Compiled<'_>,
        doc: u32,
    ) -> &'a [(u32, u32, bool)] {
        let body = &term.body;
        let mut at = self.at[slot];
        while at < body.len() && body[at].0 < doc {
            at += 1;
        }
        let start = at;
        while at < body.len() && body[at].0 == doc {
            at += 1;
        }
        self.at[slot] = at;
        &body[start..at]
    }
}

/// Scores document `doc` against the plan; `None` when a term is missing or an exclusion
/// is present. Documents must be scored in ascending order with the same `cursors`.
pub(crate) fn score_doc(
    index: &Index,
    doc: usize,
    plan: &Plan<'_>,
    cursors: &mut Cursors,
) -> Option<Scored> {
    let entry = &index.entries[doc];
    let terms = plan.terms.len();
    for (e, excluded) in plan.excluded.iter().enumerate() {
        let body = cursors.take(terms + e, excluded, doc as u32);
        if excluded.mentioned(entry, body) {
            return None;
        }
    }
    let mut total = 0;
    let mut best = Field::Body;
    let mut bodies: Vec<&[(u32, u32, bool)]> = Vec::with_capacity(terms);
    for (t, compiled) in plan.terms.iter().enumerate() {
        let body = cursors.take(t, compiled, doc as u32);
        bodies.push(body);
        let weight: u32 = body.iter().map(|o| if o.2 { 2 } else { 1 }).sum();
        let body_score = (weight > 0).then(|| body_quality(weight));
        let (field, score) = match compiled.best_name(entry) {
            Some((field, quality)) => (field, field.tier() + quality + body_score.unwrap_or(0) / 4),
            None => (Field::Body, body_score?),
        };
        if field.tier() > best.tier() {
            best = field;
        }
        total += score;
    }
    total += proximity_bonus(&bodies);
    total += title_sequence_bonus(entry, &plan.all_words);
    Some(Scored {
        doc,
        score: total,
        field: best,
    })
}

/// 300..=950: more occurrences score higher, with diminishing returns.
fn body_quality(weight: u32) -> i64 {
    300 + ((130.0 * f64::from(weight + 1).ln()) as i64).min(650)
}

/// Up to 400 when the terms found in the body stand close together: the smallest window
/// of words holding one occurrence of each.
fn proximity_bonus(bodies: &[&[(u32, u32, bool)]]) -> i64 {
    let lists: Vec<&[(u32, u32, bool)]> =
        bodies.iter().copied().filter(|b| !b.is_empty()).collect();
    if lists.len() < 2 {
        return 0;
    }
    let mut cursor = vec![0usize; lists.len()];
    let mut best_span = u32::MAX;
    loop {
        let (mut lo, mut lo_list, mut hi) = (u32::MAX, 0, 0);
        for (l, list) in lists.iter().enumerate() {
            let p = list[cursor[l]].1;
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
    if sets.is_empty() || sets.len() > entry.title_words.len() {
        return 0;
    }
    let list: Vec<&str> = entry.title_words.iter().map(|w| w.0.as_str()).collect();
    match find_sequence(sets, &list) {
        Some(_) if sets.len() == list.len() => 500,
        Some(_) if sets.len() > 1 => 200,
        _ => 0,
    }
}
