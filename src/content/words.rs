//! Counting a document's words, for `list --json`: counted when asked, since nothing else
//! needs them and counting was a tenth of reading a folder.

/// Words as `split_whitespace` counts them, eight bytes at a time where the text is ASCII:
/// this runs over every byte of every document at load, and a byte-by-byte version costs
/// about as much as reading the files.
pub(super) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut after_space) = (0, true);
    // Whether the char whose continuation bytes come next is white space.
    let mut char_is_space = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(eight) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            if x & HIGH_BITS == 0 {
                // Bit k set: byte k is white space. A word starts at a non-space after a space.
                let spaces = gather_high_bits(ascii_space_bytes(x));
                let starts = !spaces & (spaces << 1 | u64::from(after_space)) & 0xff;
                words += starts.count_ones() as usize;
                after_space = spaces & 0x80 != 0;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let space = if b.is_ascii() {
            b == b' ' || (b'\t'..=b'\r').contains(&b)
        } else if b & 0xc0 == 0x80 {
            char_is_space
        } else {
            char_is_space = text[i..].chars().next().is_some_and(char::is_whitespace);
            char_is_space
        };
        words += usize::from(!space && after_space);
        after_space = space;
        i += 1;
    }
    words
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (eight ASCII bytes) set where that byte is white space:
/// `\t` to `\r` or a space. Each byte is below 0x80, so no sum carries into the next byte.
fn ascii_space_bytes(x: u64) -> u64 {
    let at_least_tab = x + LOW_BITS * (0x80 - u64::from(b'\t'));
    let past_return = x + LOW_BITS * (0x80 - u64::from(b'\r') - 1);
    let not_space = (x ^ (LOW_BITS * u64::from(b' '))) + LOW_BITS * 0x7f;
    ((at_least_tab & !past_return) | !not_space) & HIGH_BITS
}

/// The high bit of each byte of `x`, gathered into the low eight bits (byte k to bit k).
fn gather_high_bits(x: u64) -> u64 {
    (x >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    use super::count_words;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            // Long enough to cross 64-byte chunks, with chars of every width and every kind
            // of white space, ASCII and not.
            text in "[ab \\t\\n\\r\\x0b\\x0cé語🙂\\u{a0}\\u{2003}\\u{3000}\\u{85}]{0,200}"
        ) {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }

        #[test]
        fn ascii_words_are_counted_eight_bytes_at_a_time(text in "[ab \t\n\r\x0b\x0c!~\x1f]{0,100}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn words_across_chunks() {
        let text = format!("{}word {}", "x".repeat(63), "é".repeat(40));
        assert_eq!(count_words(&text), 2);
        assert_eq!(count_words("a       b c  d\u{2003}e\u{a0}f—g"), 6);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words(&" ".repeat(64)), 0);
    }
}
