//! Restyling part of a rendered line by display columns: the TUI marks the selected link
//! (from a `LinkSpan` segment) or a search hit without re-rendering the document.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::layout::char_width;

/// `line` with `style` patched onto the characters whose first column is in `start..end`.
/// Spans are split at the boundaries; text and widths are unchanged.
pub fn restyle_columns(line: &Line<'static>, start: u16, end: u16, style: Style) -> Line<'static> {
    let (start, end) = (usize::from(start), usize::from(end));
    let mut spans: Vec<Span<'static>> = Vec::with_capacity(line.spans.len() + 2);
    let mut col = 0usize;
    for span in &line.spans {
        // Runs of characters that are all inside or all outside the range.
        let mut run = String::new();
        let mut run_inside = false;
        for c in span.content.chars() {
            let inside = col >= start && col < end;
            if inside != run_inside && !run.is_empty() {
                spans.push(styled(
                    std::mem::take(&mut run),
                    span.style,
                    run_inside,
                    style,
                ));
            }
            run_inside = inside;
            run.push(c);
            col += char_width(c);
        }
        if !run.is_empty() {
            spans.push(styled(run, span.style, run_inside, style));
        }
    }
    Line::from(spans).style(line.style)
}

fn styled(text: String, base: Style, inside: bool, patch: Style) -> Span<'static> {
    Span::styled(text, if inside { base.patch(patch) } else { base })
}

/// The text of a rendered line, without styles.
pub fn line_text(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn splits_spans_at_the_columns() {
        let line = Line::from(vec![
            Span::raw("ab日"),
            Span::styled("cd", Style::new().fg(Color::Red)),
        ]);
        let out = restyle_columns(&line, 1, 5, Style::new().add_modifier(Modifier::REVERSED));
        let parts: Vec<(&str, bool)> = out
            .spans
            .iter()
            .map(|s| {
                (
                    s.content.as_ref(),
                    s.style.add_modifier.contains(Modifier::REVERSED),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [("a", false), ("b日", true), ("c", true), ("d", false)]
        );
        assert_eq!(out.spans[2].style.fg, Some(Color::Red));
        assert_eq!(line_text(&out), "ab日cd");
    }
}
