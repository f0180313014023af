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
        while i < bytes.len() {
            let block = &bytes[i..bytes.len().min(i + BLOCK)];
            let special = match has_special(block) {
                true => block.iter().position(|&b| SPECIAL[b as usize]),
                false => None,
            };
            let Some(at) = special else {
                i += block.len();
                continue;
            };
            i += at;
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

/// [`is_special`] as a table: the scan over every byte of stdout is one load a byte.
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

/// Whether any byte of `block` is [`is_special`]. Written without branches or the table,
/// so the compiler compares the block sixteen bytes at a time (SSE2): about one
/// instruction a byte of stdout, accented and non-Latin text included.
#[inline(always)]
fn has_special(block: &[u8]) -> bool {
    let mut any = false;
    for &b in block {
        let control = (b < 0x20) & (b != b'\n') & (b != b'\t');
        any |= control | (b == 0x7F) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2);
    }
    any
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

    #[test]
    fn a_block_is_passed_only_when_no_byte_is_special() {
        for b in 0..=255u8 {
            for at in [0, 7, BLOCK - 1] {
                let mut block = [b'a'; BLOCK];
                block[at] = b;
                assert_eq!(
                    has_special(&block),
                    SPECIAL[b as usize],
                    "byte {b:#x} at {at}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_block_is_looked_at_as_each_byte_would_be(block: [u8; BLOCK]) {
            let each = block.iter().any(|&b| is_special(b));
            proptest::prop_assert_eq!(has_special(&block), each);
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
