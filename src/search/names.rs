//! How a query term matches name-like fields (titles, slugs, roles, tags, authors):
//! fuzzily for abbreviations ("prdthink"), word for word with other forms of a word
//! ("funded" in "Funding"), or as a typo.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use super::cache::Purpose;
use super::index::{Entry, Index};
use super::query::Term;
use super::similar::{fuzzy_candidate, one_edit_away};
use super::text;
use super::vocabulary::WordSet;
use super::words::{MatchKind, Typo};

/// A fuzzy match below this share of a perfect match (in thousandths) is noise, not a hit.
/// Measured: letters scattered mid-word ("trap" in "plaTfoRm As a Product") score 650–690,
/// abbreviations along word starts ("prdthink", "pltfrm") 870–940, a mid-word run ("ops"
/// in "devops") about 770.
const MIN_FUZZY_QUALITY: i64 = 740;
/// A typo match scores just above the fuzzy threshold: any real match ranks higher.
pub(crate) const TYPO_QUALITY: i64 = MIN_FUZZY_QUALITY + 10;
/// Another form of the word ("Funding" for "funded"): well below the word itself, which
/// the fuzzy matcher scores 900 and up.
const STEM_QUALITY: i64 = 800;
/// Terms shorter than this match names at word starts rather than fuzzily: three letters
/// scattered through a title say little, and would send every title through the matcher.
const MIN_FUZZY_CHARS: usize = 4;

/// A term made ready to match names.
pub(crate) struct NameRule<'q> {
    pub term: &'q Term,
    pub words: Vec<WordSet>,
    purpose: Purpose,
    /// The fuzzy score of the term against itself: the best any field can get.
    perfect: i64,
    /// Matched fuzzily (not as words): long enough and not a phrase.
    pub fuzzy: bool,
    /// Letters and digits a name must hold to match fuzzily (`text::required_mask`).
    mask: u64,
    /// Letters and digits a name must hold to hold another form of a one-word term.
    root_mask: Option<u64>,
}

impl<'q> NameRule<'q> {
    pub fn new(index: &Index, term: &'q Term, purpose: Purpose) -> NameRule<'q> {
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
        // of the shortest text its first word accepts.
        let mask = if fuzzy {
            text::required_mask(&term.raw)
        } else {
            words
                .first()
                .map_or(0, |w| text::required_mask(w.rule.shortest()))
        };
        let root_mask = match words.as_slice() {
            [one] if fuzzy => one
                .rule
                .stemmed
                .as_ref()
                .map(|s| text::required_mask(&s.root)),
            _ => None,
        };
        NameRule {
            term,
            words,
            purpose,
            perfect,
            fuzzy,
            mask,
            root_mask,
        }
    }

    /// Quality (0..=1000) of this term in a name with this `text::char_mask`, or -1.
    pub fn quality(&self, matcher: &SkimMatcherV2, name: &str, mask: u64) -> i16 {
        let direct = if mask & self.mask == self.mask {
            self.direct_quality(matcher, name)
        } else {
            None
        };
        let form = match self.root_mask {
            Some(root) if mask & root == root => self.form_quality(name),
            _ => None,
        };
        direct.max(form).map_or(-1, |q| q as i16)
    }

    fn direct_quality(&self, matcher: &SkimMatcherV2, field: &str) -> Option<i64> {
        if self.purpose == Purpose::Exclude {
            if self.words.is_empty() {
                return field.contains(self.term.raw.as_str()).then_some(1000);
            }
            return self.sequence_in(field).map(|_| 1000);
        }
        if self.term.phrase {
            return self
                .sequence_in(field)
                .map(|exact| if exact { 1000 } else { 900 });
        }
        if !self.fuzzy {
            // Too short (or all punctuation) to match fuzzily without matching everything.
            if self.words.len() == 1 {
                return self
                    .sequence_in(field)
                    .map(|exact| if exact { 1000 } else { 800 });
            }
            return field.contains(self.term.raw.as_str()).then_some(700);
        }
        if !fuzzy_candidate(&self.term.raw, field) {
            return None;
        }
        let score = matcher.fuzzy_match(field, &self.term.raw)?;
        let quality = (score * 1000 / self.perfect).min(1000);
        (quality >= MIN_FUZZY_QUALITY).then_some(quality)
    }

    /// A one-word fuzzy term another form of which is a word of `field` (the word itself
    /// is the fuzzy matcher's).
    fn form_quality(&self, field: &str) -> Option<i64> {
        let [set] = self.words.as_slice() else {
            return None;
        };
        let root = &set.rule.stemmed.as_ref()?.root;
        if !field.contains(root.as_str()) {
            return None;
        }
        field
            .unicode_words()
            .any(|w| set.kind_of_word(w) == Some(MatchKind::Stem))
            .then_some(STEM_QUALITY)
    }

    /// Whether the term's words appear side by side in `field` (folded already); `Some(true)`
    /// when all are the words as typed.
    fn sequence_in(&self, field: &str) -> Option<bool> {
        let first = self.words.first()?;
        if !field.contains(first.rule.shortest()) {
            return None;
        }
        let list: Vec<&str> = field.unicode_words().collect();
        let mut found = None;
        for at in 0..list.len().saturating_sub(self.words.len() - 1) {
            let kinds: Option<Vec<MatchKind>> = self
                .words
                .iter()
                .zip(&list[at..])
                .map(|(set, word)| set.kind_of_word(word))
                .collect();
            match kinds {
                Some(kinds) if kinds.iter().all(|&k| k == MatchKind::Exact) => return Some(true),
                Some(_) => found = Some(false),
                None => {}
            }
        }
        found
    }

    /// Char positions in the title where this term matched it; `matched` says it did.
    pub fn title_positions(&self, matcher: &SkimMatcherV2, entry: &Entry) -> Vec<usize> {
        if self.fuzzy {
            if let Some((_, positions)) = matcher.fuzzy_indices(&entry.title, &self.term.raw) {
                return positions;
            }
            // Matched as another form of the word, or as a typo: light up the word taken.
            let set = &self.words[0];
            let form = |word: &str| set.kind_of_word(word).is_some_and(|k| k >= MatchKind::Stem);
            let typo = |word: &str| one_edit_away(&self.term.raw, word);
            let forms = words_where(entry, form);
            return if forms.is_empty() {
                words_where(entry, typo)
            } else {
                forms
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
            None => literal_positions(&entry.title, &self.term.raw),
        }
    }
}

/// The chars of the title words that pass `keep`.
fn words_where(entry: &Entry, keep: impl Fn(&str) -> bool) -> Vec<usize> {
    entry
        .title_words
        .iter()
        .filter(|(word, _, _)| keep(word))
        .flat_map(|&(_, start, end)| start..end)
        .collect()
}

/// The chars of the first literal occurrence of `raw` in `title` (a punctuation-only term).
fn literal_positions(title: &str, raw: &str) -> Vec<usize> {
    let start = title.find(raw).map(|b| title[..b].chars().count());
    start
        .map(|s| (s..s + raw.chars().count()).collect())
        .unwrap_or_default()
}

/// `quality(name, char mask)` of every distinct name of the index (-1: no match). Each name
/// once, split across threads: this is most of a search's work.
pub(crate) fn score_names(index: &Index, quality: impl Fn(&str, u64) -> i16 + Sync) -> Vec<i16> {
    index
        .names
        .par_iter()
        .zip(index.name_masks.par_iter())
        .with_min_len(2048)
        .map(|(name, &mask)| quality(name, mask))
        .collect()
}

/// Every name's quality for a term taken as a typo: one edit away from a word of the name.
pub(crate) fn typo_names(index: &Index, typo: &Typo) -> Vec<i16> {
    score_names(index, |name, mask| {
        if typo.close(mask) && name.unicode_words().any(|word| typo.of(word)) {
            TYPO_QUALITY as i16
        } else {
            -1
        }
    })
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
