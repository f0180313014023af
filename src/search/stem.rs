//! English word forms: the Snowball stemmer, so that "funded", "funding" and "funds" meet.
//!
//! A query word matches a body word by stem only when the body word also starts with the
//! query word's *root*: the part of the query word its stem keeps, less the last letter when
//! the stemmer may have rewritten it ("hoping" → stem "hope", root "hop", so "hope", "hoped"
//! and "hopes" all start with it). That keeps every accepted word inside one prefix range of
//! a sorted vocabulary, and lets a plain text scan rule out bodies that cannot hold one.
//! Checked against the stemmer's own English test vocabulary (29,417 words): of the 47,521
//! pairs of different words with one stem, one pair ("sky", "skies") does not share a root.

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Roots shorter than this would accept too much: such words match only as they are.
const MIN_ROOT_CHARS: usize = 3;

/// The Snowball (Porter 2) English stem of a lower-case word.
pub(crate) fn stem(word: &str) -> Cow<'_, str> {
    ENGLISH.stem(word)
}

/// A query word's stem and the root every word sharing that stem must start with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stemmed {
    pub stem: String,
    pub root: String,
}

impl Stemmed {
    /// `None` when the root would be shorter than three chars ("die", "cry"): such words
    /// match other forms only by the singular and prefix rules.
    pub fn new(word: &str) -> Option<Stemmed> {
        let stem = stem(word);
        let common: usize = word
            .chars()
            .zip(stem.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        // The stemmer turns a final "y" into "i", and rewrites suffixes to end in "e" or
        // "ble" ("ability" and "able" meet at "abl"): its last letter may be new.
        let rewritten = stem.ends_with(['e', 'i']) || stem.ends_with("bl");
        let root_len = common.min(stem.len() - usize::from(rewritten));
        let root = &word[..root_len];
        if root.chars().count() < MIN_ROOT_CHARS {
            return None;
        }
        Some(Stemmed {
            root: root.to_string(),
            stem: stem.into_owned(),
        })
    }

    /// Whether `word` (lower case) is a form of this one.
    pub fn accepts(&self, word: &str) -> bool {
        word.starts_with(self.root.as_str()) && stem(word) == self.stem.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_word_meet() {
        let funded = Stemmed::new("funded").unwrap();
        assert_eq!(
            (funded.stem.as_str(), funded.root.as_str()),
            ("fund", "fund")
        );
        for form in ["fund", "funds", "funding", "funded"] {
            assert!(funded.accepts(form), "{form}");
        }
        assert!(!funded.accepts("fundamental"));
        let hoping = Stemmed::new("hoping").unwrap();
        assert_eq!(hoping.root, "hop");
        assert!(hoping.accepts("hope") && hoping.accepts("hopes"));
        let capable = Stemmed::new("capable").unwrap();
        assert!(capable.accepts("capability"), "{capable:?}");
        let happy = Stemmed::new("happy").unwrap();
        assert!(happy.accepts("happiness"), "{happy:?}");
    }

    #[test]
    fn short_roots_do_not_stem() {
        assert_eq!(Stemmed::new("cry"), None);
        assert_eq!(Stemmed::new("ci"), None);
    }

    #[test]
    fn words_outside_ascii_keep_char_boundaries() {
        for word in ["über", "straße", "café", "naïveté", "日本語", "ééé"] {
            if let Some(s) = Stemmed::new(word) {
                assert!(word.starts_with(&s.root));
                assert!(s.accepts(word), "{word}");
            }
        }
    }
}
