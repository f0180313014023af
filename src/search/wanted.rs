//! The one-shot index's shortcut: which body words a query can match, and a fast scan for
//! the bodies that may hold one, so that the others are never split into words.

use super::query::Query;
use super::words::{Typo, WordRule};

/// The body words a query can match, and a fast scan for the bodies that may hold one.
pub(crate) struct WantedWords {
    rules: Vec<WordRule>,
    /// Terms matched as typos: every body may hold a word one edit away from one.
    typos: Vec<Typo>,
    /// Finds, ASCII case-insensitively, the text every accepted word starts with (see
    /// [`Scan`]). `None` when every body must be split and every word folded: a query word
    /// outside ASCII folds beyond what an ASCII scan sees, and a typo may begin with any
    /// letter.
    scan: Option<Scan>,
    /// With `scan`: whether an accepted word can start with this (ASCII, lower-case) byte.
    first_bytes: [bool; 128],
}

/// The two chars outside ASCII whose lower case holds ASCII letters: the Kelvin sign
/// (`k`) and the dotted capital I (`i` and a combining dot, so "ALİ" starts with "ali"). A
/// body word holding one can match an ASCII query word that a case-insensitive ASCII scan
/// does not see, so a body holding one is always split into words. (Found by checking
/// every char's lower case.)
const LOWER_CASE_TO_ASCII: [&str; 2] = ["\u{212A}", "\u{130}"];

/// Looks for lower-case ASCII needles in text of any case. A case-insensitive automaton
/// steps byte by byte (about ten instructions a byte, most of `paap search`'s own time);
/// instead each piece of the text is lower-cased (ASCII only, which the compiler
/// vectorises) into a small buffer that stays in cache, and memchr's `memmem` (SIMD) looks
/// for each needle there.
struct Scan {
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// The longest needle's length, less one: how far consecutive pieces overlap, so that
    /// a needle across a cut is still found.
    overlap: usize,
}

/// Bytes of text lower-cased and searched at a time.
const PIECE: usize = 8 * 1024;

impl Scan {
    fn new<'a>(needles: impl Iterator<Item = &'a str>) -> Scan {
        let finders: Vec<memchr::memmem::Finder<'static>> = needles
            .map(str::to_ascii_lowercase)
            .chain(LOWER_CASE_TO_ASCII.map(str::to_string))
            .map(|needle| memchr::memmem::Finder::new(needle.as_bytes()).into_owned())
            .collect();
        let longest = finders.iter().map(|f| f.needle().len()).max().unwrap_or(1);
        Scan {
            finders,
            overlap: longest.saturating_sub(1),
        }
    }

    /// Whether `text` holds a needle in any ASCII case.
    fn finds(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut lowered = Vec::with_capacity(PIECE + self.overlap);
        let mut start = 0;
        while start < bytes.len() {
            let end = (start + PIECE + self.overlap).min(bytes.len());
            lowered.clear();
            lowered.extend(bytes[start..end].iter().map(u8::to_ascii_lowercase));
            if self.finders.iter().any(|f| f.find(&lowered).is_some()) {
                return true;
            }
            start += PIECE;
        }
        false
    }
}

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
            scan = Some(Scan::new(rules.iter().map(WordRule::shortest)));
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
        self.scan.as_ref().is_none_or(|scan| scan.finds(body))
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
