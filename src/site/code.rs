//! Code spans (`` `…` ``), found in one linear pass, so that site syntax written inside
//! them is shown as written.

use std::ops::Range;

use rustc_hash::FxHashMap;

/// The byte ranges of the code spans of `text`, in order, backticks included.
///
/// A run of backticks opens a span that the next run of exactly as many closes, as in
/// CommonMark; a run with no such partner is plain text. Each run's partner is found
/// through the next run of its length, so a text of many unmatched runs stays linear.
pub(super) fn spans(text: &str) -> Vec<Range<usize>> {
    let runs = runs(text);
    let partners = partners(&runs);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        match partners[i] {
            Some(close) => {
                spans.push(runs[i].start..runs[close].end);
                i = close + 1;
            }
            None => i += 1,
        }
    }
    spans
}

/// For each run, the next run of the same length: one pass from the end, remembering the
/// last run seen of each length.
fn partners(runs: &[Range<usize>]) -> Vec<Option<usize>> {
    let mut last_of_len: FxHashMap<usize, usize> = FxHashMap::default();
    let mut partners = vec![None; runs.len()];
    for (i, run) in runs.iter().enumerate().rev() {
        partners[i] = last_of_len.insert(run.len(), i);
    }
    partners
}

/// The code span of `spans` (ascending, as [`spans`] gives them) that holds byte `at`.
pub(super) fn span_at(spans: &[Range<usize>], at: usize) -> Option<&Range<usize>> {
    let span = spans.partition_point(|s| s.end <= at);
    spans.get(span).filter(|code| code.start <= at)
}

/// Where `pattern` next occurs in `text` at or after `from`, outside the code `spans`
/// (ascending, as [`spans`] gives them). Every skip moves forward: linear overall.
pub(super) fn find_outside(
    text: &str,
    mut from: usize,
    pattern: &str,
    spans: &[Range<usize>],
) -> Option<usize> {
    loop {
        text.get(from..)?;
        // memchr's search: `str::find` walks a multi-byte pattern with a two-way searcher,
        // several instructions a byte.
        let at = from + memchr::memmem::find(&text.as_bytes()[from..], pattern.as_bytes())?;
        match span_at(spans, at) {
            Some(code) => from = code.end,
            None => return Some(at),
        }
    }
}

/// Every run of backticks in `text`.
fn runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'`', &bytes[i..]) {
        let start = i + found;
        let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
        runs.push(start..start + len);
        i = start + len;
    }
    runs
}

/// The code spans and search as they were before memchr: what the property tests hold the
/// new ones (and the shortcode pass's reference) to.
#[cfg(test)]
pub(super) mod reference {
    use std::collections::HashMap;
    use std::ops::Range;

    pub(in crate::site) fn spans(text: &str) -> Vec<Range<usize>> {
        if !text.contains('`') {
            return Vec::new();
        }
        let runs = runs(text);
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, run) in runs.iter().enumerate() {
            by_len.entry(run.len()).or_default().push(i);
        }
        let mut spans = Vec::new();
        let mut i = 0;
        while i < runs.len() {
            let same = &by_len[&runs[i].len()];
            let at = same.partition_point(|&j| j <= i);
            match same.get(at) {
                Some(&close) => {
                    spans.push(runs[i].start..runs[close].end);
                    i = close + 1;
                }
                None => i += 1,
            }
        }
        spans
    }

    pub(in crate::site) fn find_outside(
        text: &str,
        mut from: usize,
        pattern: &str,
        spans: &[Range<usize>],
    ) -> Option<usize> {
        loop {
            let at = from + text.get(from..)?.find(pattern)?;
            let span = spans.partition_point(|s| s.end <= at);
            match spans.get(span) {
                Some(code) if code.start <= at => from = code.end,
                _ => return Some(at),
            }
        }
    }

    fn runs(text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut runs = Vec::new();
        let mut i = 0;
        while let Some(found) = bytes[i..].iter().position(|&b| b == b'`') {
            let start = i + found;
            let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
            runs.push(start..start + len);
            i = start + len;
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::spans;

    fn texts(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn runs_pair_by_length() {
        assert_eq!(texts("a `b` c ``d ` e`` f"), ["`b`", "``d ` e``"]);
        assert_eq!(texts("``` x ` y"), Vec::<&str>::new());
        assert_eq!(texts("`` a ` b `"), ["` b `"]);
        assert_eq!(texts("no code"), Vec::<&str>::new());
    }

    #[test]
    fn patterns_inside_code_are_skipped() {
        let text = "`{/*` then {/* and `x {/*`";
        let code = spans(text);
        assert_eq!(super::find_outside(text, 0, "{/*", &code), Some(11));
        assert_eq!(super::find_outside(text, 12, "{/*", &code), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// The spans and every search outside them are those of the code before memchr.
        #[test]
        fn spans_and_searches_are_the_reference_ones(text in crate::site::site_pieces()) {
            let code = spans(&text);
            proptest::prop_assert_eq!(&code, &super::reference::spans(&text));
            for pattern in ["{{", "{/*", "*/}", "`", "é"] {
                for from in 0..=text.len() + 1 {
                    proptest::prop_assert_eq!(
                        super::find_outside(&text, from, pattern, &code),
                        super::reference::find_outside(&text, from, pattern, &code),
                        "{:?} from {}", pattern, from
                    );
                }
            }
        }
    }
}
