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
    /// `LOWER_CASE_TO_ASCII`, looked for as they are.
    marks: Vec<memchr::memmem::Finder<'static>>,
    /// The longest needle's length, less one: how far consecutive pieces overlap, so that
    /// a needle across a cut is still found.
    overlap: usize,
}

/// Bytes of text lower-cased and searched at a time.
const PIECE: usize = 8 * 1024;

impl Scan {
    fn new<'a>(needles: impl Iterator<Item = &'a str>) -> Scan {
        let finder = |needle: &[u8]| memchr::memmem::Finder::new(needle).into_owned();
        let finders: Vec<memchr::memmem::Finder<'static>> = needles
            .map(|needle| finder(needle.to_ascii_lowercase().as_bytes()))
            .collect();
        let longest = finders.iter().map(|f| f.needle().len()).max().unwrap_or(1);
        Scan {
            finders,
            marks: LOWER_CASE_TO_ASCII.map(|m| finder(m.as_bytes())).to_vec(),
            overlap: longest.saturating_sub(1),
        }
    }

    /// Whether `text` holds a needle, in any ASCII case, at a byte offset `verify` accepts.
    /// A char of `LOWER_CASE_TO_ASCII` anywhere counts as a needle found.
    fn finds(&self, text: &str, mut verify: impl FnMut(usize) -> bool) -> bool {
        let bytes = text.as_bytes();
        if self.marks.iter().any(|m| m.find(bytes).is_some()) {
            return true;
        }
        let mut lowered = Vec::with_capacity(PIECE + self.overlap);
        let mut start = 0;
        while start < bytes.len() {
            let end = (start + PIECE + self.overlap).min(bytes.len());
            lowered.clear();
            lowered.extend_from_slice(&bytes[start..end]);
            lowered.make_ascii_lowercase();
            for finder in &self.finders {
                if finder.find_iter(&lowered).any(|at| verify(start + at)) {
                    return true;
                }
            }
            start += PIECE;
        }
        false
    }
}

/// Whether `mark`, between a run of ASCII letters and digits and the byte `beyond` it (on
/// the far side; `None` at the text's edge), may join the run into a longer word: `_` and
/// chars outside ASCII may; the marks that join two letters or two digits (`:` `.` `'`
/// `,` `;`, UAX #29 WB6/7, WB11/12) may only when a letter, digit or char outside ASCII is
/// beyond them. ("users." ends a sentence; "e.g.user" would be one word.)
fn may_join(mark: u8, beyond: Option<u8>) -> bool {
    if !mark.is_ascii() || mark == b'_' {
        return true;
    }
    b":.',;".contains(&mark) && beyond.is_some_and(|b| !b.is_ascii() || b.is_ascii_alphanumeric())
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

    /// Whether `body` may hold a word this query accepts: `false` only when no needle in
    /// it begins such a word (see `may_begin_accepted`).
    pub fn may_occur_in(&self, body: &str) -> bool {
        self.scan
            .as_ref()
            .is_none_or(|scan| scan.finds(body, |at| self.may_begin_accepted(body.as_bytes(), at)))
    }

    /// Whether the needle found at byte `at` of `body` may begin a word this query accepts.
    /// `false` only when it certainly does not: it is inside a longer word (an ASCII letter,
    /// digit or `_` before it), or it begins a word of ASCII letters and digits, cut off
    /// from what follows, that no rule accepts. Where ASCII alone cannot settle where the
    /// word starts or ends (a mark that may join, a char outside ASCII), `true`: the body is
    /// split into words, as the full index does.
    fn may_begin_accepted(&self, body: &[u8], at: usize) -> bool {
        let byte = |i: Option<usize>| i.and_then(|i| body.get(i)).copied();
        if let Some(before) = byte(at.checked_sub(1)) {
            if before.is_ascii_alphanumeric() || before == b'_' {
                return false;
            }
            if may_join(before, byte(at.checked_sub(2))) {
                return true;
            }
        }
        let len = body[at..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(body.len() - at);
        let end = at + len;
        if len == 0 || byte(Some(end)).is_some_and(|after| may_join(after, byte(Some(end + 1)))) {
            return true;
        }
        let word: String = body[at..end]
            .iter()
            .map(|&b| char::from(b.to_ascii_lowercase()))
            .collect();
        self.accepts(&word)
    }

    /// A quick test on a word as written: `false` rules it out.
    /// With a scan, a word of ASCII must start (in any case) with the text some rule's
    /// words start with; a word outside ASCII there may fold to it.
    pub fn may_accept(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if self.scan.is_none() || !bytes[0].is_ascii() {
            return true;
        }
        self.first_bytes[usize::from(bytes[0].to_ascii_lowercase())]
            && self.rules.iter().any(|rule| {
                let start = rule.shortest().as_bytes();
                match bytes.get(..start.len()) {
                    Some(head) => head.eq_ignore_ascii_case(start) || !head.is_ascii(),
                    None => !bytes.is_ascii(),
                }
            })
    }

    pub fn accepts(&self, folded: &str) -> bool {
        self.rules.iter().any(|rule| rule.matches_word(folded))
            || self.typos.iter().any(|typo| typo.matches(folded))
    }
}
