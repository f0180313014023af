//! Aligned text columns for the plain commands.

use std::borrow::Cow;
use std::io::{self, Write};

use rayon::prelude::*;

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

/// Rows formatted per job: enough that a job outweighs its cost, few enough to share
/// a listing of 10,000 rows among the cores.
const ROWS_PER_JOB: usize = 512;

fn write_table<const N: usize>(
    out: &mut dyn Write,
    rows: &[[String; N]],
    tails: Option<&[String]>,
) -> io::Result<()> {
    // Each cell on one line, with its width measured once. Measuring and formatting run in
    // parallel (a long listing spent a third of its time here on one core); only the
    // writing is in order.
    let cells: Vec<[(Cow<str>, usize); N]> = rows
        .par_iter()
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
    let padded = |column: usize| column + 1 < N || tails.is_some();
    let texts: Vec<String> = cells
        .par_chunks(ROWS_PER_JOB)
        .enumerate()
        .map(|(job, chunk)| {
            let mut text = String::new();
            for (i, row) in chunk.iter().enumerate() {
                let start = text.len();
                for (column, (cell, width)) in row.iter().enumerate() {
                    text.push_str(cell);
                    if padded(column) {
                        let pad = widths[column] - width + 2;
                        text.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                if let Some(tail) = tails.and_then(|tails| tails.get(job * ROWS_PER_JOB + i)) {
                    text.push_str(tail);
                }
                let kept = start + text[start..].trim_end().len();
                text.truncate(kept);
                text.push('\n');
            }
            text
        })
        .collect();
    for text in texts {
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}
