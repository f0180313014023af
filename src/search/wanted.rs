//! The one-shot index's shortcut: which body words a query can match, and a fast scan for
//! the bodies that may hold one, so that the others are never split into words.

use super::query::Query;
use super::words::{Typo, WordRule};

/// The body words a query can match, and a fast scan for the bodies that may hold one.
pub(crate) struct WantedWords {
    rules: Vec<WordRule>,
    /// Terms matched as typos: every body may hold a word one edit away from one.
    typos: Vec<Typo>,
    /// Finds, ASCII case-insensitively, the text every accepted word starts with. `None`
    /// when every body must be split and every word folded: a query word outside ASCII
    /// folds beyond what an ASCII scan sees, and a typo may begin with any letter.
    scan: Option<aho_corasick::AhoCorasick>,
    /// With `scan`: whether an accepted word can start with this (ASCII, lower-case) byte.
    first_bytes: [bool; 128],
}

/// The two chars outside ASCII whose lower case holds ASCII letters: the Kelvin sign
/// (`k`) and the dotted capital I (`i` and a combining dot, so "ALİ" starts with "ali"). A
/// body word holding one can match an ASCII query word that a case-insensitive ASCII scan
/// does not see, so a body holding one is always split into words. (Found by checking
/// every char's lower case.)
const LOWER_CASE_TO_ASCII: [&str; 2] = ["\u{212A}", "\u{130}"];

impl WantedWords {
    pub fn new(query: &Query) -> WantedWords {
        let rules: Vec<WordRule> = query
            .terms
            .iter()
            .chain(&query.excluded)
            .flat_map(|term| &term.words)
            .map(|word| WordRule::new(word))
            .collect();
        let mut first_bytes = [false; 128];
        let mut scan = None;
        if rules.iter().all(|rule| rule.shortest().is_ascii()) {
            for rule in &rules {
                first_bytes[usize::from(rule.shortest().as_bytes()[0])] = true;
            }
            let needles = rules
                .iter()
                .map(WordRule::shortest)
                .chain(LOWER_CASE_TO_ASCII);
            scan = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(needles)
                .ok();
        }
        WantedWords {
            rules,
            typos: Vec::new(),
            scan,
            first_bytes,
        }
    }

    pub fn with_typos(self, typos: Vec<Typo>) -> WantedWords {
        WantedWords {
            typos,
            scan: None,
            ..self
        }
    }

    pub fn may_occur_in(&self, body: &str) -> bool {
        self.scan.as_ref().is_none_or(|scan| scan.is_match(body))
    }

    /// A quick test on a word as written: `false` rules it out.
    pub fn may_accept(&self, word: &str) -> bool {
        let first = word.as_bytes()[0];
        self.scan.is_none()
            || !first.is_ascii()
            || self.first_bytes[usize::from(first.to_ascii_lowercase())]
    }

    pub fn accepts(&self, folded: &str) -> bool {
        self.rules.iter().any(|rule| rule.matches_word(folded))
            || self.typos.iter().any(|typo| typo.matches(folded))
    }
}
