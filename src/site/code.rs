//! Code spans (`` `…` ``), found in one linear pass, so that site syntax written inside
//! them is shown as written.

use std::collections::HashMap;
use std::ops::Range;

/// The byte ranges of the code spans of `text`, in order, backticks included.
///
/// A run of backticks opens a span that the next run of exactly as many closes, as in
/// CommonMark; a run with no such partner is plain text. Each run's partner is found
/// through a list of runs per length, so a text of many unmatched runs stays linear.
pub(super) fn spans(text: &str) -> Vec<Range<usize>> {
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

/// Where `pattern` next occurs in `text` at or after `from`, outside the code `spans`
/// (ascending, as [`spans`] gives them). Every skip moves forward: linear overall.
pub(super) fn find_outside(
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

/// Every run of backticks in `text`.
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
}
