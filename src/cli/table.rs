//! Aligned text columns for the plain commands.

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
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell.replace(['\n', '\t'], " "))
                .collect()
        })
        .collect();
    let mut widths = [0usize; N];
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(columns(cell));
        }
    }
    for (r, row) in cells.iter().enumerate() {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if column + 1 < N || tails.is_some() {
                let pad = widths[column] - columns(cell) + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if let Some(tail) = tails.and_then(|tails| tails.get(r)) {
            line.push_str(tail);
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
