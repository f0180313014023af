//! The one JSON writer of every `--json` output.
//!
//! serde_json escapes only the characters JSON requires (`"`, `\` and those below U+0020).
//! Content is untrusted, and JSON is often printed to a terminal (`paap list --json | less`,
//! `jq` without `-r` keeps strings as they are): here DEL, the C1 controls, the bidi
//! controls and the line and paragraph separators are written as `\uXXXX` too. A JSON
//! reader gets the same strings back; a terminal never sees them raw.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;

use crate::text::is_unsafe;

/// Writes `value` as pretty-printed JSON and a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    // The serializer writes a few bytes at a time (a quote, a comma, an indent); gathered
    // here, what `out` does for each write (the terminal filter) is done once per block.
    let mut gathered = BufWriter::with_capacity(GATHER_BYTES, out);
    serialize(&mut gathered, value, 0)?;
    writeln!(gathered)?;
    gathered.flush()?;
    Ok(())
}

const GATHER_BYTES: usize = 32 * 1024;

/// Items of an array serialized per job, into one buffer.
const ITEMS_PER_JOB: usize = 256;

/// About what one document of `list --json` takes.
const ITEM_BYTES: usize = 640;

/// `value` as paap writes JSON: pretty, `depth` levels in, with the characters of
/// [`needs_escape`] escaped.
fn serialize<W: Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
    depth: usize,
) -> serde_json::Result<()> {
    let formatter = Escaping {
        indent: depth,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer, formatter,
    ))
}

/// Writes `items` as [`write_json`] writes the slice, with the items serialized in
/// parallel, each already one level in: `list --json` over 10,000 documents spent half
/// its time here, on one thread.
pub fn write_json_array<T: Serialize + Sync>(
    out: &mut dyn Write,
    items: &[T],
) -> anyhow::Result<()> {
    if items.is_empty() {
        return write_json(out, items);
    }
    let written = items
        .par_chunks(ITEMS_PER_JOB)
        .enumerate()
        .map(|(job, chunk)| {
            // Room for a listed document's usual size, so the buffer seldom grows (each
            // growth copies what it holds).
            let mut bytes = Vec::with_capacity(chunk.len() * ITEM_BYTES);
            for (i, item) in chunk.iter().enumerate() {
                let first = job == 0 && i == 0;
                bytes.extend_from_slice(if first { b"[\n  " } else { b",\n  " });
                serialize(&mut bytes, item, 1)?;
            }
            Ok(bytes)
        })
        .collect::<Result<Vec<Vec<u8>>, serde_json::Error>>()?;
    for bytes in &written {
        out.write_all(bytes)?;
    }
    out.write_all(b"\n]\n")?;
    Ok(())
}

/// Whether `c` is written escaped although JSON allows it raw.
fn needs_escape(c: char) -> bool {
    c >= '\u{7F}' && is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// serde_json's pretty layout (two spaces a level), starting `indent` levels in, with
/// the characters of [`needs_escape`] escaped in strings.
struct Escaping {
    indent: usize,
    /// Whether the array or object being written has a value yet.
    has_value: bool,
}

impl Escaping {
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, mark: &[u8]) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        writer.write_all(mark)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, mark: &[u8]) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.write_indent(writer)?;
        }
        writer.write_all(mark)
    }

    fn next_line<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.write_indent(writer)
    }

    fn write_indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.indent {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Escaping {
    /// A run of string text serde_json leaves raw: written as is, except for the
    /// characters of [`needs_escape`].
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every such character is U+007F or above. Most fragments have no byte that high:
        // one scan without branches (which the compiler vectorises) tells, and they are
        // written as they are. Otherwise the ASCII before the first such byte is not
        // looked at.
        let bytes = fragment.as_bytes();
        if !bytes.iter().fold(false, |high, &b| high | (b >= 0x7f)) {
            return writer.write_all(bytes);
        }
        let Some(first) = bytes.iter().position(|&b| b >= 0x7f) else {
            return writer.write_all(bytes);
        };
        let mut start = 0;
        for (at, c) in fragment[first..].char_indices() {
            let at = first + at;
            if needs_escape(c) {
                writer.write_all(&bytes[start..at])?;
                // Every such character is in the Basic Multilingual Plane: one \u escape.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&bytes[start..])
    }

    // Layout: as serde_json's `PrettyFormatter` does it.
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next_line(writer, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next_line(writer, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_json(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn controls_and_bidi_marks_are_escaped_and_read_back_the_same() {
        let text = "a\u{85}b\u{7f}c\u{9b}d\u{202e}e\u{2066}f\u{200f}g\u{61c}h\u{2028}i\u{1b}j é 世";
        let written = json(&vec![text]);
        assert_eq!(
            written,
            "[\n  \"a\\u0085b\\u007fc\\u009bd\\u202ee\\u2066f\\u200fg\\u061ch\\u2028i\\u001bj é 世\"\n]\n"
        );
        let back: Vec<String> = serde_json::from_str(&written).unwrap();
        assert_eq!(back, [text]);
    }

    #[test]
    fn an_array_written_in_parallel_is_the_array_written_whole() {
        let items = [
            serde_json::json!({"id": "a\nb", "extra": {"menu": {"main": {"weight": 4}}, "e": []}}),
            serde_json::json!({}),
            serde_json::json!([1, [2, {"k": "é \u{202e}"}], []]),
            serde_json::json!("text"),
        ];
        for n in 0..=items.len() {
            let mut whole = Vec::new();
            write_json(&mut whole, &items[..n]).unwrap();
            let mut parts = Vec::new();
            write_json_array(&mut parts, &items[..n]).unwrap();
            assert_eq!(
                String::from_utf8(parts).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    #[test]
    fn an_array_of_many_jobs_is_the_array_written_whole() {
        let items: Vec<serde_json::Value> = (0..ITEMS_PER_JOB * 2 + 3)
            .map(|i| serde_json::json!({"i": i, "list": [i, {"k": []}], "e": {}}))
            .collect();
        let mut whole = Vec::new();
        write_json(&mut whole, &items).unwrap();
        let mut parts = Vec::new();
        write_json_array(&mut parts, &items).unwrap();
        assert_eq!(
            String::from_utf8(parts).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }

    #[test]
    fn deep_nesting_is_laid_out_as_serde_json_does() {
        // Forty levels in: the indent is written as deep as serde_json writes it.
        let mut value = serde_json::json!({"leaf": [1, 2]});
        for level in 0..40 {
            value = serde_json::json!({ format!("k{level}"): value, "n": [level] });
        }
        let mut pretty = serde_json::to_string_pretty(&value).unwrap();
        pretty.push('\n');
        assert_eq!(json(&value), pretty);
    }

    #[test]
    fn keys_are_escaped_and_the_layout_is_the_pretty_one() {
        let value = serde_json::json!({"k\u{202e}": [1, {"x": null}], "e": []});
        let mut plain = serde_json::to_string_pretty(&value).unwrap();
        plain.push('\n');
        assert_eq!(json(&value), plain.replace('\u{202e}', "\\u202e"));
    }
}
