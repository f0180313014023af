//! Tables: columns sized to fit the width, cell text wrapped inside its cell.

use pulldown_cmark::Alignment;
use ratatui::style::{Modifier, Style};

use super::layout::{Inline, Piece, flow, line_width, natural_width};

/// A table as collected from the parser: rows of cells of inline content.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub alignments: Vec<Alignment>,
    /// The first `header_rows` rows are the header.
    pub rows: Vec<Vec<Vec<Inline>>>,
    pub header_rows: usize,
}

/// Narrowest a column is drawn before the table is stacked instead.
const MIN_COLUMN: usize = 3;

/// Lays the table out in at most `width` columns: a grid when every column can get at least
/// a few columns, otherwise one "header: value" paragraph per cell (never a column of nothing).
pub(crate) fn layout(table: &Table, width: usize, base: Style, border: Style) -> Vec<Vec<Piece>> {
    let ncols = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    if ncols == 0 {
        return Vec::new();
    }
    let frame = 3 * ncols + 1;
    let natural: Vec<usize> = (0..ncols)
        .map(|c| {
            table
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .map(|cell| natural_width(cell))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let total: usize = natural.iter().sum();
    let budget = width.saturating_sub(frame);
    if budget < total && budget < ncols * MIN_COLUMN {
        return stacked(table, width, base);
    }
    let widths = fit_columns(&natural, budget);
    grid(table, &widths, base, border)
}

/// Gives each column its natural width if all fit; otherwise narrow columns keep theirs and
/// the rest share what is left equally. Every column gets at least one column.
fn fit_columns(natural: &[usize], budget: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= budget {
        return natural.to_vec();
    }
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&i| natural[i]);
    let mut widths = vec![1; natural.len()];
    let mut left = budget;
    let mut remaining = natural.len();
    for i in order {
        let share = (left / remaining).max(1);
        widths[i] = natural[i].min(share).max(1);
        left = left.saturating_sub(widths[i]);
        remaining -= 1;
    }
    widths
}

fn grid(table: &Table, widths: &[usize], base: Style, border: Style) -> Vec<Vec<Piece>> {
    let rule = |l: &str, m: &str, r: &str| {
        let mut s = String::from(l);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                s.push_str(m);
            }
            s.push_str(&"─".repeat(w + 2));
        }
        s.push_str(r);
        vec![Piece::new(s, border)]
    };
    let mut out = vec![rule("┌", "┬", "┐")];
    for (r, row) in table.rows.iter().enumerate() {
        if r > 0 && r == table.header_rows {
            out.push(rule("├", "┼", "┤"));
        }
        let header = r < table.header_rows;
        let mut cells: Vec<Vec<Vec<Piece>>> = widths
            .iter()
            .enumerate()
            .map(|(c, &w)| {
                let mut lines = row
                    .get(c)
                    .map(|cell| flow(cell, w, base))
                    .unwrap_or_default();
                if header {
                    for piece in lines.iter_mut().flatten() {
                        piece.style = piece.style.add_modifier(Modifier::BOLD);
                    }
                }
                lines
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for i in 0..height {
            let mut line = vec![Piece::new("│ ", border)];
            for (c, &w) in widths.iter().enumerate() {
                if c > 0 {
                    line.push(Piece::new(" │ ", border));
                }
                let content = cells[c].get_mut(i).map(std::mem::take).unwrap_or_default();
                let pad = w.saturating_sub(line_width(&content));
                let (before, after) = match table.alignments.get(c) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if before > 0 {
                    line.push(Piece::spaces(before, base));
                }
                line.extend(content);
                if after > 0 {
                    line.push(Piece::spaces(after, base));
                }
            }
            line.push(Piece::new(" │", border));
            out.push(line);
        }
    }
    out.push(rule("└", "┴", "┘"));
    out
}

/// Too narrow for a grid: each body row becomes lines of `header: value`, rows separated by
/// an empty line.
fn stacked(table: &Table, width: usize, base: Style) -> Vec<Vec<Piece>> {
    let header: Option<&Vec<Vec<Inline>>> = table.rows.first().filter(|_| table.header_rows > 0);
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate().skip(table.header_rows) {
        if r > table.header_rows {
            out.push(Vec::new());
        }
        for (c, cell) in row.iter().enumerate() {
            let mut inlines = Vec::new();
            if let Some(name) = header.and_then(|h| h.get(c)) {
                for inline in name {
                    let mut inline = inline.clone();
                    if let Inline::Text { style, .. } = &mut inline {
                        *style = style.add_modifier(Modifier::BOLD);
                    }
                    inlines.push(inline);
                }
                inlines.push(Inline::Text {
                    text: ": ".into(),
                    style: base.add_modifier(Modifier::BOLD),
                    link: None,
                });
            }
            inlines.extend(cell.iter().cloned());
            out.extend(flow(&inlines, width, base));
        }
    }
    if table.header_rows == table.rows.len() {
        // A header with no body: show the header cells one per line.
        for cell in table.rows.iter().flatten() {
            out.extend(flow(cell, width, base));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_and_never_vanish() {
        assert_eq!(fit_columns(&[3, 4], 20), [3, 4]);
        assert_eq!(fit_columns(&[3, 40, 50], 30), [3, 13, 14]);
        let w = fit_columns(&[100, 100, 100, 100], 12);
        assert!(w.iter().all(|&c| c >= 1) && w.iter().sum::<usize>() <= 12);
    }
}
