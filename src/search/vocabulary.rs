//! The sorted vocabulary of body words, and a query word resolved against it.
//!
//! Term ids are assigned in sorted order, so every term starting with a prefix is one
//! contiguous id range: "persona" finds "personas" by a range check, with no string work.

use super::words::{MatchKind, WordRule};

/// A sorted vocabulary of body words.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    terms: Vec<Box<str>>,
}

impl Vocabulary {
    /// The vocabulary of these distinct words, in sorted order.
    pub fn new(sorted: Vec<Box<str>>) -> Vocabulary {
        Vocabulary { terms: sorted }
    }

    pub fn id(&self, term: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| (**t).cmp(term))
            .ok()
            .map(|i| i as u32)
    }

    /// The id range of every term that starts with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> (u32, u32) {
        let lo = self.terms.partition_point(|t| &**t < prefix);
        let hi = lo + self.terms[lo..].partition_point(|t| t.starts_with(prefix));
        (lo as u32, hi as u32)
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }
}

/// A word rule resolved against the body vocabulary: which term ids it accepts, and how.
#[derive(Debug, Clone)]
pub(crate) struct WordSet {
    pub rule: WordRule,
    exact_id: Option<u32>,
    /// Other forms of the word (its singular, words with its stem), ascending.
    stem_ids: Vec<u32>,
    prefix_ids: (u32, u32),
}

impl WordSet {
    pub(crate) fn new(vocabulary: &Vocabulary, word: &str) -> WordSet {
        let rule = WordRule::new(word);
        let exact_id = vocabulary.id(word);
        // Every form shares the root, so only the root's range needs stemming.
        let mut stem_ids: Vec<u32> = match &rule.stemmed {
            Some(stemmed) => {
                let (lo, hi) = vocabulary.prefix_range(&stemmed.root);
                (lo..hi)
                    .filter(|&id| Some(id) != exact_id && stemmed.accepts(vocabulary.term(id)))
                    .collect()
            }
            None => Vec::new(),
        };
        if let Some(id) = rule.singular.as_deref().and_then(|s| vocabulary.id(s))
            && let Err(at) = stem_ids.binary_search(&id)
        {
            stem_ids.insert(at, id);
        }
        WordSet {
            exact_id,
            stem_ids,
            prefix_ids: if rule.prefix_ok {
                vocabulary.prefix_range(word)
            } else {
                (0, 0)
            },
            rule,
        }
    }

    /// How the vocabulary word `id` matches, if it does.
    pub fn kind(&self, id: u32) -> Option<MatchKind> {
        if self.exact_id == Some(id) {
            Some(MatchKind::Exact)
        } else if self.stem_ids.binary_search(&id).is_ok() {
            Some(MatchKind::Stem)
        } else {
            (self.prefix_ids.0 <= id && id < self.prefix_ids.1).then_some(MatchKind::Prefix)
        }
    }

    /// Every id this set accepts, each once, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let in_prefix = |id: &u32| self.prefix_ids.0 <= *id && *id < self.prefix_ids.1;
        (self.prefix_ids.0..self.prefix_ids.1).chain(
            self.exact_id
                .into_iter()
                .chain(self.stem_ids.iter().copied())
                .filter(move |id| !in_prefix(id)),
        )
    }

    /// Whether the vocabulary holds any word this set accepts.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids().next().is_none()
    }

    /// The same test on a word's text (for titles and snippets, which are not id-coded).
    pub(crate) fn kind_of_word(&self, word: &str) -> Option<MatchKind> {
        self.rule.kind_of(word)
    }

    pub(crate) fn matches_word(&self, word: &str) -> bool {
        self.rule.matches_word(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Vocabulary {
        let mut sorted: Vec<Box<str>> = words.iter().map(|w| Box::from(*w)).collect();
        sorted.sort();
        Vocabulary::new(sorted)
    }

    #[test]
    fn a_word_set_holds_its_forms_once_each() {
        let v = vocabulary(&["fund", "fundamental", "funded", "funding", "funds", "fun"]);
        let set = WordSet::new(&v, "funded");
        let mut words: Vec<&str> = set.ids().map(|id| v.term(id)).collect();
        words.sort();
        assert_eq!(words, ["fund", "funded", "funding", "funds"]);
        assert_eq!(set.kind(v.id("funded").unwrap()), Some(MatchKind::Exact));
        assert_eq!(set.kind(v.id("funding").unwrap()), Some(MatchKind::Stem));
        assert_eq!(set.kind(v.id("fundamental").unwrap()), None);
        let prefix = WordSet::new(&v, "fun");
        assert_eq!(
            prefix.kind(v.id("fundamental").unwrap()),
            Some(MatchKind::Prefix)
        );
        assert_eq!(prefix.ids().count(), 6);
    }
}
