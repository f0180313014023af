//! Which words a query word accepts, and how closely: the same word, another form of it
//! (its stem), a longer word it starts (for a word still being typed), or a typo of it.

use super::query::Term;
use super::similar::one_edit_away;
use super::stem::Stemmed;
use super::text;

/// Words shorter than this match bodies only as whole words (and their forms).
pub(crate) const MIN_PREFIX_CHARS: usize = 3;
/// Terms at least this long that match nothing are retried as typos.
const MIN_TYPO_CHARS: usize = 5;
/// Longer terms are not typos of anything a reader would look for.
const MAX_TYPO_CHARS: usize = 24;

/// How a word matched, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum MatchKind {
    /// One edit away from the query word.
    Typo,
    /// A longer word the query word starts ("platf" in "platform").
    Prefix,
    /// Another form of the query word: its singular, or the same stem ("funded", "funding").
    Stem,
    /// The word as typed.
    Exact,
}

impl MatchKind {
    /// What one occurrence of this kind counts for in a ranking: an exact form ranks above
    /// another form, which ranks above a word merely started.
    pub fn weight(self) -> f64 {
        match self {
            MatchKind::Exact => 1.0,
            MatchKind::Stem => 0.8,
            MatchKind::Prefix => 0.5,
            MatchKind::Typo => 0.4,
        }
    }
}

/// Which words a query word accepts: itself, its singular when it ends in `s`, the words
/// with its stem that start with its root (see `stem`), and, when it is long enough, any
/// longer word it starts. Words are compared folded to lower case.
#[derive(Debug, Clone)]
pub(crate) struct WordRule {
    pub word: String,
    pub singular: Option<String>,
    pub stemmed: Option<Stemmed>,
    pub prefix_ok: bool,
}

impl WordRule {
    pub fn new(word: &str) -> WordRule {
        WordRule {
            word: word.to_string(),
            singular: word
                .strip_suffix('s')
                .filter(|s| s.chars().count() >= MIN_PREFIX_CHARS)
                .map(str::to_string),
            stemmed: Stemmed::new(word),
            prefix_ok: word.chars().count() >= MIN_PREFIX_CHARS,
        }
    }

    /// How `word` (folded) matches, if it does.
    pub fn kind_of(&self, word: &str) -> Option<MatchKind> {
        if word == self.word {
            return Some(MatchKind::Exact);
        }
        if self.singular.as_deref() == Some(word)
            || self.stemmed.as_ref().is_some_and(|s| s.accepts(word))
        {
            return Some(MatchKind::Stem);
        }
        (self.prefix_ok && word.starts_with(self.word.as_str())).then_some(MatchKind::Prefix)
    }

    /// Whether `word` (folded) is accepted: `kind_of` with the cheap tests first, as the
    /// one-shot index asks this of every body word that starts like an accepted one.
    pub fn matches_word(&self, word: &str) -> bool {
        word.starts_with(self.word.as_str()) && (self.prefix_ok || word == self.word)
            || self.singular.as_deref() == Some(word)
            || self.stemmed.as_ref().is_some_and(|s| s.accepts(word))
    }

    /// The shortest text every accepted word starts with (all candidates are prefixes of
    /// the word itself, so the shortest is a prefix of the others).
    pub fn shortest(&self) -> &str {
        [
            self.singular.as_deref(),
            self.stemmed.as_ref().map(|s| s.root.as_str()),
        ]
        .into_iter()
        .flatten()
        .fold(
            self.word.as_str(),
            |a, b| if b.len() < a.len() { b } else { a },
        )
    }
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
    pub fn close(&self, mask: u64) -> bool {
        (self.required & !mask).count_ones() <= 1
    }

    /// Whether `word` (folded) is one edit away, without the mask test.
    pub fn of(&self, word: &str) -> bool {
        one_edit_away(&self.raw, word)
    }

    /// Whether `word` (folded) is one edit away.
    pub fn matches(&self, word: &str) -> bool {
        self.close(text::char_mask(word)) && self.of(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_rank_exact_over_forms_over_prefixes() {
        let rule = WordRule::new("funded");
        assert_eq!(rule.kind_of("funded"), Some(MatchKind::Exact));
        assert_eq!(rule.kind_of("funding"), Some(MatchKind::Stem));
        assert_eq!(rule.kind_of("fundedness"), Some(MatchKind::Prefix));
        assert_eq!(rule.kind_of("fundamental"), None);
        assert_eq!(rule.shortest(), "fund");
        let plural = WordRule::new("personas");
        assert_eq!(plural.kind_of("persona"), Some(MatchKind::Stem));
        assert_eq!(plural.shortest(), "persona");
        let short = WordRule::new("ci");
        assert_eq!(short.kind_of("cid"), None);
        assert_eq!(short.shortest(), "ci");
    }
}
