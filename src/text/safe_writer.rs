//! A writer that lets only safe bytes through to a terminal: printable text, tab, newline,
//! SGR colour sequences (`ESC [ … m`) and OSC 8 hyperlinks (`ESC ] 8 ; … ESC \`), the only
//! sequences paap writes on purpose. Every other control, C1 control and bidi control is
//! dropped, as [`super::sanitize`] drops them from a string.
//!
//! Text that does not come from a document (paths from the file system, error messages, a
//! query from the command line) reaches stdout without being cleaned one by one: this is
//! the one place it is made safe.

use std::io::{self, Write};

/// The longest escape sequence kept whole across writes; longer ones are dropped.
const MAX_SEQUENCE: usize = 4096;

/// Wraps a writer; see the module documentation for what passes.
pub struct SafeWriter<W: Write> {
    inner: W,
    /// The start of a sequence cut by the end of the last write, decided on the next.
    carry: Vec<u8>,
}

/// What the bytes at the start of a slice are.
enum Next {
    /// A sequence to write as it is, this many bytes long.
    Keep(usize),
    /// Bytes to drop.
    Drop(usize),
    /// The slice ends before it can be told.
    Unfinished,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            carry: Vec::new(),
        }
    }

    /// The wrapped writer; an unfinished sequence still held back is dropped.
    pub fn into_inner(self) -> W {
        self.inner
    }

    /// Writes the safe part of `bytes`, returning how many bytes at its end wait for more.
    /// Safe runs are written whole: only a byte to drop or an unfinished end splits one.
    fn filter(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        while let Some(at) = next_to_look_at(bytes, i) {
            i = at;
            match classify(&bytes[i..]) {
                Next::Keep(n) => i += n,
                Next::Drop(n) => {
                    self.inner.write_all(&bytes[start..i])?;
                    i += n;
                    start = i;
                }
                Next::Unfinished if bytes.len() - i < MAX_SEQUENCE => {
                    self.inner.write_all(&bytes[start..i])?;
                    return Ok(bytes.len() - i);
                }
                Next::Unfinished => {
                    self.inner.write_all(&bytes[start..i])?;
                    i += 1;
                    start = i;
                }
            }
        }
        self.inner.write_all(&bytes[start..])?;
        Ok(0)
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.carry.is_empty() {
            let waiting = self.filter(buf)?;
            self.carry.extend_from_slice(&buf[buf.len() - waiting..]);
        } else {
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(buf);
            let waiting = self.filter(&joined)?;
            self.carry = joined.split_off(joined.len() - waiting);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Bytes that start something to look at: C0 but tab and newline, DEL, and the UTF-8 lead
/// bytes of C1 controls (0xC2), of U+061C (0xD8) and of the bidi controls (0xE2).
fn is_special(b: u8) -> bool {
    (b < 0x20 && b != b'\n' && b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2)
}

/// [`is_special`] as a table: the last bytes of a write are looked at one load a byte.
static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && b != 0x0A && b != 0x09) || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2);
        b += 1;
    }
    table
};

/// Bytes looked at together: a whole block of plain text is passed at once.
const BLOCK: usize = 32;

/// A block and the two bytes after it, which tell what a lead byte at its end begins.
const WINDOW: usize = BLOCK + 2;

/// The first byte at or after `from` that [`classify`] has to look at; every byte before it
/// is one that `classify` would keep.
///
/// Whole windows are told by their bytes together with [`must_look`]. The last bytes of a
/// write, without two bytes after each, are looked at one by one with the table: a lead
/// byte there may be the start of a character the next write finishes.
fn next_to_look_at(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(window) = bytes.get(from..).and_then(<[u8]>::first_chunk::<WINDOW>) {
        if let Some(at) = first_to_look_at(window) {
            return Some(from + at);
        }
        from += BLOCK;
    }
    let rest = bytes.get(from..)?;
    rest.iter()
        .position(|&b| SPECIAL[b as usize])
        .map(|at| from + at)
}

/// The first of the [`BLOCK`] bytes of `window` that [`must_look`] at, if any. The whole
/// block is told first by [`may_look`] without a branch (the compiler compares sixteen
/// bytes at a time): about three instructions a byte of stdout, box drawing, arrows and most
/// punctuation included. Only the bytes it flags are looked at one by one.
#[inline(always)]
fn first_to_look_at(window: &[u8; WINDOW]) -> Option<usize> {
    let mut flagged = [false; BLOCK];
    let mut any = false;
    for k in 0..BLOCK {
        flagged[k] = may_look(window[k], window[k + 1]);
        any |= flagged[k];
    }
    if !any {
        return None;
    }
    (0..BLOCK).find(|&k| flagged[k] && must_look(window[k], window[k + 1], window[k + 2]))
}

/// [`must_look`] told from the first two bytes, so more often: also for the characters
/// U+2000..=U+207F that are kept (quotes, dashes, bullets, ellipsis), which the block scan
/// would cost a third comparison of every byte to tell apart.
#[inline(always)]
fn may_look(b: u8, next: u8) -> bool {
    let general_punctuation = (b == 0xE2) & (next & 0xFE == 0x80);
    told_by_two_bytes(b, next) | general_punctuation
}

/// Whether byte `b`, followed by `next` and `third`, starts something [`classify`] does not
/// simply keep: see [`told_by_two_bytes`], and a direction mark or bidi embedding or
/// override (0xE2 0x80 0x8E, 0x8F, 0xAA..=0xAE) or a bidi isolate (0xE2 0x81 0xA6..=0xA9).
/// The other characters with those lead bytes (no-break space, box drawing, quotes,
/// bullets, arrows) are kept by `classify` and need no look.
#[inline(always)]
fn must_look(b: u8, next: u8, third: u8) -> bool {
    let marks = (third == 0x8E) | (third == 0x8F) | (third.wrapping_sub(0xAA) < 5);
    let isolates = third.wrapping_sub(0xA6) < 4;
    let bidi = (b == 0xE2) & (((next == 0x80) & marks) | ((next == 0x81) & isolates));
    told_by_two_bytes(b, next) | bidi
}

/// Whether `b` (then `next`) is a control (ESC included) but tab and newline, DEL, a C1
/// control (0xC2 0x80..=0x9F) or U+061C (0xD8 0x9C). Bitwise, not short-circuit,
/// operators: no branch, so a block of them is compared sixteen bytes at a time.
#[inline(always)]
fn told_by_two_bytes(b: u8, next: u8) -> bool {
    let control = ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7F);
    let c1 = (b == 0xC2) & (next.wrapping_sub(0x80) < 0x20);
    let arabic_mark = (b == 0xD8) & (next == 0x9C);
    control | c1 | arabic_mark
}

/// What the special byte at the start of `s` begins.
fn classify(s: &[u8]) -> Next {
    match s[0] {
        0x1B => escape(s),
        // A character kept is passed whole when its bytes are UTF-8's continuation bytes
        // (never special themselves): box drawing and punctuation are mostly 0xE2 ones.
        0xC2 => match s.get(1) {
            None => Next::Unfinished,
            Some(0x80..=0x9F) => Next::Drop(2),
            Some(0xA0..=0xBF) => Next::Keep(2),
            Some(_) => Next::Keep(1),
        },
        0xD8 => match s.get(1) {
            None => Next::Unfinished,
            Some(0x9C) => Next::Drop(2),
            Some(0x80..=0xBF) => Next::Keep(2),
            Some(_) => Next::Keep(1),
        },
        0xE2 => match (s.get(1), s.get(2)) {
            (None, _) | (Some(_), None) => Next::Unfinished,
            (Some(0x80), Some(0x8E | 0x8F | 0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9)) => {
                Next::Drop(3)
            }
            (Some(0x80..=0xBF), Some(0x80..=0xBF)) => Next::Keep(3),
            _ => Next::Keep(1),
        },
        _ => Next::Drop(1),
    }
}

/// An escape: kept whole when it is SGR or OSC 8, otherwise only the ESC is dropped (what
/// follows is printable and shown, as `sanitize` shows it).
fn escape(s: &[u8]) -> Next {
    match s.get(1) {
        None => Next::Unfinished,
        Some(b'[') => {
            let params = s[2..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || matches!(b, b';' | b':'));
            let end = 2 + params.count();
            match s.get(end) {
                None => Next::Unfinished,
                Some(b'm') => Next::Keep(end + 1),
                Some(_) => Next::Drop(1),
            }
        }
        Some(b']') if s.len() < 4 => {
            if b"\x1b]8;".starts_with(s) {
                Next::Unfinished
            } else {
                Next::Drop(1)
            }
        }
        Some(b']') if s.starts_with(b"\x1b]8;") => hyperlink(s),
        Some(_) => Next::Drop(1),
    }
}

/// `ESC ] 8 ; params ; uri ESC \` with nothing unsafe inside.
fn hyperlink(s: &[u8]) -> Next {
    for (i, &b) in s.iter().enumerate().skip(4) {
        if b == 0x1B {
            return match s.get(i + 1) {
                None => Next::Unfinished,
                Some(b'\\') => Next::Keep(i + 2),
                Some(_) => Next::Drop(1),
            };
        }
        if is_special(b) {
            // A control inside the link: the link is not written as one.
            return Next::Drop(1);
        }
    }
    Next::Unfinished
}

/// Prints `paap: {message}` on stderr through a [`SafeWriter`]: how every warning and error
/// that does not stop the UI reaches the terminal (a closed stderr is not worth a panic).
pub fn warn(message: impl std::fmt::Display) {
    let mut err = SafeWriter::new(io::stderr().lock());
    let _ = writeln!(err, "paap: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`must_look`] has to say, from [`classify`] itself: a byte the table marks, but
    /// for the lead byte of a character `classify` keeps (`s` holds the two bytes after it).
    fn must_look_by_classify(s: &[u8]) -> bool {
        let kept_character =
            matches!(s[0], 0xC2 | 0xD8 | 0xE2) && matches!(classify(s), Next::Keep(_));
        SPECIAL[s[0] as usize] && !kept_character
    }

    /// The first byte of a window's block to look at, one position at a time.
    fn first_by_classify(window: &[u8; WINDOW]) -> Option<usize> {
        (0..BLOCK).find(|&k| must_look_by_classify(&window[k..]))
    }

    /// `must_look` as `classify` has it, and never where `may_look` would not flag.
    #[test]
    fn every_three_bytes_are_told_as_classify_tells_them() {
        for b in 0..=255u8 {
            for next in 0..=255u8 {
                for third in 0..=255u8 {
                    let must = must_look(b, next, third);
                    if must != must_look_by_classify(&[b, next, third])
                        || (must && !may_look(b, next))
                    {
                        panic!("{b:#x} {next:#x} {third:#x}");
                    }
                }
            }
        }
    }

    /// Bytes that follow a lead byte, to drop and to keep, at every place of a window: at
    /// the end of its block a lead byte's next bytes are those of the next block.
    #[test]
    fn a_window_is_passed_only_when_no_byte_needs_a_look() {
        let follow: [&[u8]; 12] = [
            &[0x80, 0x8E],
            &[0x80, 0xAE],
            &[0x80, 0xAF],
            &[0x80, 0xA2],
            &[0x81, 0xA6],
            &[0x81, 0xAA],
            &[0x9C, b'a'],
            &[0x9F, b'a'],
            &[0xA0, b'a'],
            &[0x94, 0x80],
            b"aa",
            &[0x1B, b'['],
        ];
        for b in 0..=255u8 {
            for next in follow {
                for at in 0..WINDOW {
                    let mut window = [b'a'; WINDOW];
                    for (k, &byte) in [b].iter().chain(next).enumerate() {
                        if let Some(slot) = window.get_mut(at + k) {
                            *slot = byte;
                        }
                    }
                    assert_eq!(
                        first_to_look_at(&window),
                        first_by_classify(&window),
                        "byte {b:#x} then {next:x?} at {at}"
                    );
                }
            }
        }
    }

    /// Any byte, and more often those that start or follow what is dropped.
    fn byte() -> impl proptest::strategy::Strategy<Value = u8> {
        let telling = proptest::sample::select(vec![
            0x00, 0x09, 0x0A, 0x1B, 0x7F, 0xC2, 0xD8, 0xE2, 0x80, 0x81, 0x85, 0x8E, 0x8F, 0x94,
            0x9C, 0x9F, 0xA0, 0xA2, 0xA6, 0xA9, 0xAA, 0xAE, 0xAF, b'a', b'[', b']', b'8', b';',
            b'm', b'\\',
        ]);
        proptest::prop_oneof![proptest::num::u8::ANY, telling]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        #[test]
        fn a_window_is_looked_at_as_each_byte_would_be(
            window in proptest::collection::vec(byte(), WINDOW)
        ) {
            let window: [u8; WINDOW] = window.try_into().unwrap();
            proptest::prop_assert_eq!(first_to_look_at(&window), first_by_classify(&window));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// Any bytes, written in any pieces: what passes is what passed when every byte the
        /// table marks went to `classify`.
        #[test]
        fn any_bytes_in_any_writes_pass_as_before(
            bytes in proptest::collection::vec(byte(), 0..300),
            cuts in proptest::collection::vec(0..300usize, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let chunks: Vec<&[u8]> = [0].iter().chain(&cuts).zip(cuts.iter().chain([&bytes.len()]))
                .map(|(&a, &b)| &bytes[a..b])
                .collect();
            let mut out = SafeWriter::new(Vec::new());
            for chunk in &chunks {
                out.write_all(chunk).unwrap();
            }
            proptest::prop_assert_eq!(out.into_inner(), reference::through(&chunks));
        }
    }

    #[test]
    fn a_character_to_drop_is_dropped_at_any_place_and_any_cut() {
        for at in 0..2 * WINDOW {
            for hostile in [
                "\u{202e}", "\u{200e}", "\u{2069}", "\u{85}", "\u{61c}", "\x1b[2J",
            ] {
                let text = format!(
                    "{}{hostile}─•{}",
                    "a".repeat(at),
                    "b".repeat(2 * WINDOW - at)
                );
                // Of an escape that is not SGR, only the ESC goes.
                let dropped = if hostile.starts_with('\x1b') {
                    "\x1b"
                } else {
                    hostile
                };
                let want = text.replace(dropped, "");
                let bytes = text.as_bytes();
                for cut in 0..=bytes.len() {
                    let (a, b) = bytes.split_at(cut);
                    assert_eq!(through(&[a, b]), want, "{hostile:?} at {at}, cut at {cut}");
                }
            }
        }
    }

    /// Sequences longer than the [`MAX_SEQUENCE`] bytes held back for the next write, amid
    /// box drawing.
    #[test]
    fn long_unfinished_sequences_pass_as_before() {
        let long = "─".repeat(MAX_SEQUENCE / 3);
        for text in [
            format!("\x1b]8;;{long}"),
            format!("{long}\x1b[{}", "1;".repeat(MAX_SEQUENCE)),
            format!("\x1b]8;;{long}\x1b\\{long}\u{202e}"),
        ] {
            let bytes = text.as_bytes();
            for cut in [0, 1, 5, WINDOW, bytes.len() / 2, bytes.len() - 1] {
                let (a, b) = bytes.split_at(cut);
                let mut out = SafeWriter::new(Vec::new());
                out.write_all(a).unwrap();
                out.write_all(b).unwrap();
                assert_eq!(
                    out.into_inner(),
                    reference::through(&[a, b]),
                    "cut at {cut}"
                );
            }
        }
    }

    /// The writer as it was before windows: every byte the table marks went to `classify`.
    mod reference {
        use super::super::{MAX_SEQUENCE, Next, SPECIAL, classify};

        pub(super) fn through(chunks: &[&[u8]]) -> Vec<u8> {
            let mut out = Vec::new();
            let mut carry = Vec::new();
            for chunk in chunks.iter().filter(|chunk| !chunk.is_empty()) {
                carry.extend_from_slice(chunk);
                let waiting = filter(&carry, &mut out);
                carry = carry.split_off(carry.len() - waiting);
            }
            out
        }

        fn filter(bytes: &[u8], out: &mut Vec<u8>) -> usize {
            let mut start = 0;
            let mut i = 0;
            while let Some(at) = bytes[i..].iter().position(|&b| SPECIAL[b as usize]) {
                i += at;
                match classify(&bytes[i..]) {
                    Next::Keep(n) => i += n,
                    Next::Drop(n) => {
                        out.extend_from_slice(&bytes[start..i]);
                        i += n;
                        start = i;
                    }
                    Next::Unfinished if bytes.len() - i < MAX_SEQUENCE => {
                        out.extend_from_slice(&bytes[start..i]);
                        return bytes.len() - i;
                    }
                    Next::Unfinished => {
                        out.extend_from_slice(&bytes[start..i]);
                        i += 1;
                        start = i;
                    }
                }
            }
            out.extend_from_slice(&bytes[start..]);
            0
        }
    }

    fn through(chunks: &[&[u8]]) -> String {
        let mut out = SafeWriter::new(Vec::new());
        for chunk in chunks {
            out.write_all(chunk).unwrap();
        }
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn the_table_is_the_rule() {
        for b in 0..=255u8 {
            assert_eq!(SPECIAL[b as usize], is_special(b), "{b:#x}");
        }
    }

    #[test]
    fn plain_text_passes_unchanged() {
        let text = "héllo 世界\ttab\n“quotes” – dash → arrow ؛ \u{00A0}\n";
        assert_eq!(through(&[text.as_bytes()]), text);
    }

    #[test]
    fn controls_are_dropped_like_sanitize_drops_them() {
        let hostile =
            "a\x1b]0;title\x07b\u{85}c\u{9b}d\u{202e}e\u{2066}f\u{200f}g\u{61c}h\ri\u{7f}j\x1b[2Jk";
        assert_eq!(through(&[hostile.as_bytes()]), "a]0;titlebcdefghij[2Jk");
    }

    #[test]
    fn colour_and_hyperlinks_pass() {
        let styled = "\x1b[1;38;5;208mbold\x1b[0m \x1b]8;;https://x.org/a\x1b\\link\x1b]8;;\x1b\\";
        assert_eq!(through(&[styled.as_bytes()]), styled);
    }

    #[test]
    fn sequences_cut_between_writes_are_judged_whole() {
        let styled = "x\x1b[31mred\x1b[0m é\u{202e}\u{85}";
        let bytes = styled.as_bytes();
        for cut in 0..bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(through(&[a, b]), "x\x1b[31mred\x1b[0m é", "cut at {cut}");
        }
    }

    #[test]
    fn a_lead_byte_before_a_control_does_not_carry_it_through() {
        let mut out = SafeWriter::new(Vec::new());
        out.write_all(b"\xe2\x1b[2J\xc2\x07\xd8\x1b]0;t\x07\xe2\x80\x1b[H")
            .unwrap();
        assert_eq!(out.into_inner(), b"\xe2[2J\xc2\xd8]0;t\xe2\x80[H");
    }

    #[test]
    fn nothing_unsafe_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = through(&[all.as_bytes()]);
        assert!(
            !out.chars()
                .any(|c| super::super::is_unsafe(c) && c != '\n' && c != '\t')
        );
    }
}
