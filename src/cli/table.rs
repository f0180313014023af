//! Aligned text columns for the plain commands.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::text::width as columns;

/// Writes rows as columns separated by two spaces, padded by display width; the last column
/// is not padded. Cell text is sanitised: it comes from content.
pub fn write_rows<const N: usize>(out: &mut dyn Write, rows: &[[String; N]]) -> io::Result<()> {
    write_table(out, rows, None)
}

/// Like [`write_rows`], then one more column of `tails`, written as given: text the caller
/// has sanitised already and may have styled (its escape codes would spoil the widths).
pub fn write_rows_with_tails<const N: usize>(
    out: &mut dyn Write,
    rows: &[[String; N]],
    tails: &[String],
) -> io::Result<()> {
    write_table(out, rows, Some(tails))
}

fn write_table<const N: usize>(
    out: &mut dyn Write,
    rows: &[[String; N]],
    tails: Option<&[String]>,
) -> io::Result<()> {
    // Each cell on one line, with its width measured once.
    let cells: Vec<[(Cow<str>, usize); N]> = rows
        .iter()
        .map(|row| {
            row.each_ref().map(|cell| {
                let cell = if cell.contains(['\n', '\t']) {
                    Cow::Owned(cell.replace(['\n', '\t'], " "))
                } else {
                    Cow::Borrowed(cell.as_str())
                };
                let width = columns(&cell);
                (cell, width)
            })
        })
        .collect();
    let mut widths = [0usize; N];
    for row in &cells {
        for (width, (_, cell)) in widths.iter_mut().zip(row) {
            *width = (*width).max(*cell);
        }
    }
    let mut line = String::new();
    for (r, row) in cells.iter().enumerate() {
        line.clear();
        for (column, (cell, width)) in row.iter().enumerate() {
            line.push_str(cell);
            if column + 1 < N || tails.is_some() {
                let pad = widths[column] - width + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if let Some(tail) = tails.and_then(|tails| tails.get(r)) {
            line.push_str(tail);
        }
        let kept = line.trim_end().len();
        line.truncate(kept);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
