//! The query language: words, "quoted phrases", -exclusions and the field filters
//! `kind:`, `tag:` and `author:`. Every other character is taken literally.

use crate::content::Kind;

use super::stop_words::is_stop_word;
use super::text;

/// At most this many terms (words, phrases, exclusions and filters together) are kept;
/// the rest are dropped with a warning, so a pasted page of text still answers at once.
pub const MAX_TERMS: usize = 16;
/// A term is cut to this many chars: fuzzy matching costs grow with pattern length.
pub const MAX_TERM_CHARS: usize = 64;

/// One thing to look for: a word (possibly with punctuation, like `ci/cd`) or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term as typed, folded to lower case: what fuzzy matching compares against names.
    pub raw: String,
    /// Its Unicode words, lower-cased: what full-text matching looks for, adjacent and in order.
    pub words: Vec<String>,
    /// Written in quotes: matches only the words side by side, never fuzzily.
    pub phrase: bool,
}

impl Term {
    /// A lone stop word or question word, unquoted: it does not decide a ranking.
    fn is_stop_word(&self) -> bool {
        !self.phrase && matches!(self.words.as_slice(), [word] if is_stop_word(word))
    }

    fn new(text: &str, phrase: bool) -> Option<Term> {
        let cut: String = text.chars().take(MAX_TERM_CHARS).collect();
        let raw = text::fold(cut.trim());
        if raw.is_empty() {
            return None;
        }
        Some(Term {
            words: text::words(&raw),
            raw,
            phrase,
        })
    }
}

/// A parsed query. Documents must match every term (in any field), none of the
/// exclusions, one of `kinds` (when any) and every tag and author filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// What to look for. Stop words and question words ("how", "are", "the") are left out
    /// unless quoted, or unless the query has nothing else.
    pub terms: Vec<Term>,
    /// The stop words and question words left out of `terms`, as typed.
    pub ignored: Vec<String>,
    pub excluded: Vec<Term>,
    pub kinds: Vec<Kind>,
    pub excluded_kinds: Vec<Kind>,
    /// Fuzzy patterns, each of which must match one of the document's tags.
    pub tags: Vec<String>,
    pub excluded_tags: Vec<String>,
    /// Fuzzy patterns, each of which must match one of the document's authors.
    pub authors: Vec<String>,
    pub excluded_authors: Vec<String>,
    /// What was dropped or not understood, in words a reader can act on.
    pub warnings: Vec<String>,
}

impl Query {
    /// True when the query asks for nothing in particular: everything is listed.
    pub fn has_terms(&self) -> bool {
        !self.terms.is_empty()
    }

    /// Adds a kind filter, as `--kind` on the command line does.
    pub fn with_kind(mut self, kind: Kind) -> Query {
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
        self
    }

    fn count(&self) -> usize {
        self.terms.len()
            + self.excluded.len()
            + self.kinds.len()
            + self.excluded_kinds.len()
            + self.tags.len()
            + self.excluded_tags.len()
            + self.authors.len()
            + self.excluded_authors.len()
    }
}

/// Parses a query typed by a person. Never fails: anything unknown is searched for literally,
/// and what had to be dropped is said in `Query::warnings`.
pub fn parse_query(input: &str) -> Query {
    let mut query = Query::default();
    // Unquoted stop words, kept apart: they do not count towards `MAX_TERMS`.
    let mut stop_terms: Vec<Term> = Vec::new();
    let mut dropped = 0usize;
    for piece in split(input) {
        if query.count() >= MAX_TERMS {
            dropped += 1;
            continue;
        }
        add(&mut query, &mut stop_terms, piece);
    }
    if dropped > 0 {
        query.warnings.push(format!(
            "query too long: only the first {MAX_TERMS} terms are used ({dropped} ignored)"
        ));
    }
    // A query of nothing but stop words still looks for them.
    if query.terms.is_empty() {
        stop_terms.truncate(MAX_TERMS.saturating_sub(query.count()));
        query.terms = stop_terms;
    } else {
        query.ignored = stop_terms.into_iter().map(|t| t.raw).collect();
    }
    query
}

/// A piece of the input: optional leading `-`, and the text, quoted or not.
struct Piece<'a> {
    negated: bool,
    quoted: bool,
    text: &'a str,
}

/// Splits on whitespace, keeping `"…"` together (an unclosed quote runs to the end).
fn split(input: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (negated, body) = match rest.strip_prefix('-') {
            Some(after)
                if after.starts_with('"') || after.starts_with(|c: char| !c.is_whitespace()) =>
            {
                (true, after)
            }
            _ => (false, rest),
        };
        let (text, quoted, next) = if let Some(inner) = body.strip_prefix('"') {
            match inner.find('"') {
                Some(close) => (&inner[..close], true, &inner[close + 1..]),
                None => (inner, true, ""),
            }
        } else {
            let end = body.find(char::is_whitespace).unwrap_or(body.len());
            (&body[..end], false, &body[end..])
        };
        pieces.push(Piece {
            negated,
            quoted,
            text,
        });
        rest = next.trim_start();
    }
    pieces
}

fn add(query: &mut Query, stop_terms: &mut Vec<Term>, piece: Piece<'_>) {
    if !piece.quoted
        && let Some((field, value)) = piece.text.split_once(':')
        && !value.is_empty()
    {
        let value = strip_quotes(value);
        match field.to_ascii_lowercase().as_str() {
            "kind" => {
                match parse_kind(value) {
                    Some(kind) if piece.negated => query.excluded_kinds.push(kind),
                    Some(kind) => query.kinds.push(kind),
                    None => query.warnings.push(format!(
                        "unknown kind `{value}`: use kind:post, kind:persona, kind:initiative or kind:page (ignored)"
                    )),
                }
                return;
            }
            "tag" => {
                let pattern = cut(value);
                if piece.negated {
                    query.excluded_tags.push(pattern);
                } else {
                    query.tags.push(pattern);
                }
                return;
            }
            "author" => {
                let pattern = cut(value);
                if piece.negated {
                    query.excluded_authors.push(pattern);
                } else {
                    query.authors.push(pattern);
                }
                return;
            }
            _ => {}
        }
    }
    if let Some(term) = Term::new(piece.text, piece.quoted) {
        let list = if piece.negated {
            &mut query.excluded
        } else if term.is_stop_word() {
            stop_terms
        } else {
            &mut query.terms
        };
        // A repeated term adds nothing but work.
        if !list.contains(&term) {
            list.push(term);
        }
    }
}

fn strip_quotes(value: &str) -> &str {
    let value = value.strip_prefix('"').unwrap_or(value);
    value.strip_suffix('"').unwrap_or(value)
}

fn cut(value: &str) -> String {
    text::fold(&value.chars().take(MAX_TERM_CHARS).collect::<String>())
}

/// Accepts the kind's name, a prefix of it, or its plural: `persona`, `pers`, `personas`.
fn parse_kind(value: &str) -> Option<Kind> {
    let value = value.to_lowercase();
    let value = value
        .strip_suffix('s')
        .filter(|v| !v.is_empty())
        .unwrap_or(&value);
    [
        ("initiative", Kind::Initiative),
        ("post", Kind::Post),
        ("persona", Kind::Persona),
        ("page", Kind::Page),
    ]
    .into_iter()
    .find(|(name, _)| name.starts_with(value))
    .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(terms: &[Term]) -> Vec<&str> {
        terms.iter().map(|t| t.raw.as_str()).collect()
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse_query(r#"User  "service providers" -draft -"old stuff""#);
        assert_eq!(raws(&q.terms), ["user", "service providers"]);
        assert!(q.terms[1].phrase);
        assert_eq!(q.terms[1].words, ["service", "providers"]);
        assert_eq!(raws(&q.excluded), ["draft", "old stuff"]);
    }

    #[test]
    fn filters() {
        let q = parse_query("kind:personas tag:DevOps author:kress -kind:post -author:x ci");
        assert_eq!(q.kinds, [Kind::Persona]);
        assert_eq!(q.excluded_kinds, [Kind::Post]);
        assert_eq!(q.tags, ["devops"]);
        assert_eq!(q.authors, ["kress"]);
        assert_eq!(q.excluded_authors, ["x"]);
        assert_eq!(raws(&q.terms), ["ci"]);
    }

    #[test]
    fn unknown_kind_is_reported() {
        let q = parse_query("kind:banana");
        assert!(q.kinds.is_empty());
        assert!(
            q.warnings[0].contains("unknown kind `banana`"),
            "{:?}",
            q.warnings
        );
    }

    #[test]
    fn special_characters_are_literal() {
        let q = parse_query(r"( * [ ? \ c++ - foo:");
        assert_eq!(
            raws(&q.terms),
            ["(", "*", "[", "?", "\\", "c++", "-", "foo:"]
        );
        assert!(q.terms[0].words.is_empty());
        assert_eq!(q.terms[5].words, ["c"]);
    }

    #[test]
    fn stop_words_count_only_in_phrases_or_alone() {
        let q = parse_query("how are platforms funded");
        assert_eq!(raws(&q.terms), ["platforms", "funded"]);
        assert_eq!(q.ignored, ["how", "are"]);
        let q = parse_query(r#""the golden path" of -the"#);
        assert_eq!(raws(&q.terms), ["the golden path"]);
        assert_eq!(raws(&q.excluded), ["the"]);
        let q = parse_query("what is it");
        assert_eq!(raws(&q.terms), ["what", "is", "it"]);
        assert!(q.ignored.is_empty());
        // A long question keeps its content words: stop words do not use up the cap.
        let long = format!("{} platform", "how to do the thing of a ".repeat(4));
        assert!(raws(&parse_query(&long).terms).contains(&"platform"));
    }

    #[test]
    fn repeated_terms_count_once() {
        let q = parse_query("platform Platform platform -x -x");
        assert_eq!(raws(&q.terms), ["platform"]);
        assert_eq!(raws(&q.excluded), ["x"]);
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        let q = parse_query(r#"x "b c"#);
        assert_eq!(raws(&q.terms), ["x", "b c"]);
        assert!(q.terms[1].phrase);
    }

    #[test]
    fn empty_query_has_no_terms() {
        assert_eq!(parse_query("   "), Query::default());
        assert!(!parse_query("").has_terms());
    }

    #[test]
    fn huge_queries_are_capped() {
        let long = "x".repeat(10_000);
        let q = parse_query(&long);
        assert_eq!(q.terms[0].raw.chars().count(), MAX_TERM_CHARS);
        let many: String = (0..2_000).map(|i| format!("w{i} ")).collect();
        let q = parse_query(&many);
        assert_eq!(q.terms.len(), MAX_TERMS);
        assert!(q.warnings[0].contains("too long"));
    }
}
