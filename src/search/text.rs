//! Text primitives shared by the index, the snippets and in-document find:
//! Unicode word tokens, case folding that keeps char positions, and case-insensitive find.

use unicode_segmentation::UnicodeSegmentation;

/// Calls `each(byte_start, word)` for every word of `text`, using the Unicode word
/// boundaries of UAX #29 (so "don't" is one word and "CI/CD" is two).
pub fn for_each_word(text: &str, mut each: impl FnMut(usize, &str)) {
    // ASCII white space always separates words (no UAX #29 rule joins across it), so text
    // can be cut into runs between white space and each run segmented on its own. Runs of
    // plain ASCII take the fast path, a run holding any other char the full Unicode rules.
    // An ASCII byte never occurs inside a multi-byte char, so every cut is on a char boundary.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(found) = first_non_ascii(&bytes[at..]) else {
            for_each_ascii_word(&text[at..], |start, word| each(at + start, word));
            return;
        };
        let other = at + found;
        let run_start = bytes[at..other]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(at, |space| at + space + 1);
        let run_end = bytes[other..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |space| other + space);
        for_each_ascii_word(&text[at..run_start], |start, word| each(at + start, word));
        for (start, word) in text[run_start..run_end].unicode_word_indices() {
            each(run_start + start, word);
        }
        at = run_end;
    }
}

/// Where the first byte outside ASCII is, checking 32 bytes at a time.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    for chunk in bytes.chunks(32) {
        if !chunk.is_ascii() {
            return chunk.iter().position(|b| !b.is_ascii()).map(|p| at + p);
        }
        at += chunk.len();
    }
    None
}

/// What `for_each_ascii_word` needs to know of each ASCII byte.
const WORD: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 4;
/// Joins two letters (WB6/7).
const MID_LETTER: u8 = 8;
/// Joins two digits (WB11/12).
const MID_NUMBER: u8 = 16;

const ASCII_CLASSES: [u8; 128] = {
    let mut classes = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        classes[b] = if c.is_ascii_alphabetic() {
            WORD | LETTER
        } else if c.is_ascii_digit() {
            WORD | DIGIT
        } else {
            match c {
                b'_' => WORD,
                b':' => MID_LETTER,
                b'.' | b'\'' => MID_LETTER | MID_NUMBER,
                b',' | b';' => MID_NUMBER,
                _ => 0,
            }
        };
        b += 1;
    }
    classes
};

/// The same words as `unicode_word_indices` for ASCII text, several times faster: UAX #29
/// reduced to the ASCII characters. Letters, digits and `_` join (WB5, WB8–10, WB13a/b);
/// `:`, `.` and `'` join two letters (WB6/7); `,`, `;`, `.` and `'` join two digits
/// (WB11/12). A word is a segment holding a letter or digit.
fn for_each_ascii_word(text: &str, mut each: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    let class = |b: u8| ASCII_CLASSES[usize::from(b & 0x7f)];
    // Runs found with `position` compile to tight byte loops without bounds checks: this
    // is the inner loop of the one-shot search, over every body holding a query word.
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(|&b| class(b) & WORD != 0) {
        let start = i + skip;
        i = start;
        loop {
            i += bytes[i..]
                .iter()
                .position(|&b| class(b) & WORD == 0)
                .unwrap_or(bytes.len() - i);
            if i + 1 >= bytes.len() {
                break;
            }
            let (before, mid, after) = (class(bytes[i - 1]), class(bytes[i]), class(bytes[i + 1]));
            let letters = before & after & LETTER != 0 && mid & MID_LETTER != 0;
            let digits = before & after & DIGIT != 0 && mid & MID_NUMBER != 0;
            if !(letters || digits) {
                break;
            }
            i += 1;
        }
        // A segment of `_` alone is no word; one starting with a letter or digit always is.
        let word = &bytes[start..i];
        if word[0] != b'_' || word.iter().any(|&b| b != b'_') {
            each(start, &text[start..i]);
        }
    }
}

/// The lower-cased words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |_, word| out.push(lowercase(word)));
    out
}

/// Lower-cases `word`, skipping the allocation-heavy Unicode path for plain ASCII.
pub fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase()
    }
}

/// Lower-cases char by char, keeping exactly one char per input char, so that char
/// positions found in the folded text are char positions in the original.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // The same, a run at a time rather than char by char (most names are ASCII).
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// A 64-bit summary of which ASCII letters and digits `text` holds (bit 63: any other
/// char). If `char_mask(a) & !char_mask(b)` has a letter bit set, `a` cannot be found in `b`.
pub fn char_mask(text: &str) -> u64 {
    text.bytes().fold(0, |mask, b| mask | byte_bit(b))
}

/// The letter and digit bits only: what a pattern demands of a text.
pub fn required_mask(pattern: &str) -> u64 {
    char_mask(pattern) & !(1 << 63) & !(1 << 62)
}

fn byte_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'A'..=b'Z' => 1 << (b - b'A'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        0x80.. => 1 << 63,
        _ => 1 << 62,
    }
}

/// Every case-insensitive occurrence of `needle` in `text`, as byte ranges of `text`
/// (start inclusive, end exclusive), in order and without overlap. Comparison uses full
/// Unicode lower-casing, so "STRASSE" finds "strasse" and "ÉTÉ" finds "été"; ranges always
/// fall on char boundaries of `text`. An empty (or all-whitespace-free empty) needle finds nothing.
pub fn find_in_text(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let needle = needle.to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    // Lower-case the text, remembering for every byte of the lowered text which
    // original char (start, end) it came from.
    let mut lowered = String::with_capacity(text.len());
    let mut origin: Vec<(u32, u32)> = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let before = lowered.len();
        if c.is_ascii() {
            lowered.push(c.to_ascii_lowercase());
        } else {
            lowered.extend(c.to_lowercase());
        }
        for _ in before..lowered.len() {
            origin.push((start as u32, end as u32));
        }
    }
    lowered
        .match_indices(needle.as_str())
        .map(|(at, found)| {
            let start = origin[at].0 as usize;
            let end = origin[at + found.len() - 1].1 as usize;
            (start, end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn ascii_words_are_the_unicode_words(text in "[aZ19_:.',; \n\"/-]{0,40}") {
            let mut fast = Vec::new();
            for_each_ascii_word(&text, |start, word| fast.push((start, word.to_string())));
            let unicode: Vec<(usize, String)> = text
                .unicode_word_indices()
                .map(|(start, word)| (start, word.to_string()))
                .collect();
            proptest::prop_assert_eq!(fast, unicode);
        }

        #[test]
        fn words_of_mixed_text_are_the_unicode_words(
            text in "[aZ19_:.',; \n\t\r\x0c\u{a0}/éß—’·語\u{301}\u{200d}🙂-]{0,40}"
        ) {
            let mut ours = Vec::new();
            for_each_word(&text, |start, word| ours.push((start, word.to_string())));
            let unicode: Vec<(usize, String)> = text
                .unicode_word_indices()
                .map(|(start, word)| (start, word.to_string()))
                .collect();
            proptest::prop_assert_eq!(ours, unicode);
        }
    }

    #[test]
    fn words_split_on_unicode_boundaries() {
        assert_eq!(
            words("CI/CD, don't Über-Café 3.5"),
            ["ci", "cd", "don't", "über", "café", "3.5"]
        );
    }

    #[test]
    fn words_carry_byte_offsets_of_the_original() {
        let text = "Ärger über Öl";
        let mut found = Vec::new();
        for_each_word(text, |start, word| found.push((start, word.to_string())));
        assert_eq!(&text[found[1].0..found[1].0 + found[1].1.len()], "über");
        assert_eq!(lowercase(&found[2].1), "öl");
    }

    proptest::proptest! {
        #[test]
        fn ascii_folds_as_each_char_does(text in "[ -~]{0,40}") {
            let by_char: String = text.chars().map(fold_char).collect();
            proptest::prop_assert_eq!(fold(&text), by_char);
        }
    }

    #[test]
    fn fold_keeps_one_char_per_char() {
        let s = "İstanbul ÉTÉ";
        assert_eq!(fold(s).chars().count(), s.chars().count());
        assert_eq!(fold(s), "istanbul été");
    }

    #[test]
    fn find_is_case_insensitive_and_unicode_aware() {
        let text = "Été, ÉTÉ et été";
        let found = find_in_text(text, "été");
        let pieces: Vec<&str> = found.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(pieces, ["Été", "ÉTÉ", "été"]);
    }

    #[test]
    fn find_maps_expanding_lowercase_back_to_whole_chars() {
        // 'İ' lower-cases to two chars; a match on its first half covers the whole char.
        let text = "xİy İ";
        let found = find_in_text(text, "i");
        assert_eq!(found, [(1, 3), (5, 7)]);
        assert!(
            found
                .iter()
                .all(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e))
        );
    }

    #[test]
    fn find_with_empty_needle_finds_nothing() {
        assert!(find_in_text("abc", "").is_empty());
    }

    #[test]
    fn find_takes_special_characters_literally() {
        assert_eq!(find_in_text("a (b) [c]* ?", "(b)"), [(2, 5)]);
        assert_eq!(find_in_text("a.b axb", "a.b"), [(0, 3)]);
    }
}
