//! The search box overlay: the query, then each hit as kind and title (matched characters
//! highlighted) over its snippet (matched words highlighted).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::find::tail;
use super::{fit, render};
use crate::app::App;
use crate::app::preview::PREVIEW_HEADER_ROWS;
use crate::app::search_box::{RESULTS_TOP, ROWS_PER_HIT, SearchBox, search_panes};
use crate::search::Hit;

pub fn draw(app: &App, buf: &mut Buffer) {
    let Some(search) = app.search_box() else {
        return;
    };
    let theme = app.theme();
    let (width, height) = app.size();
    let panes = search_panes(width, height);
    let block = Block::bordered()
        .title(" Search ")
        .border_style(theme.heading[1]);
    render(buf, Clear, panes.area);
    render(buf, block, panes.area);
    draw_help(app, buf);
    let inner = panes.results;
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    draw_query(app, buf, search, inner);
    draw_results(app, buf, search, inner);
    if let Some(area) = panes.preview {
        draw_preview(app, buf, area);
    }
}

/// The status line tells what the box understands, instead of keys that now type.
fn draw_help(app: &App, buf: &mut Buffer) {
    let theme = app.theme();
    let (width, height) = app.size();
    let y = height.saturating_sub(1);
    let help = " ↑↓ select · Enter open · Esc close · \"a phrase\" -not kind:post tag:… author:…";
    buf.set_string(0, y, " ".repeat(width as usize), theme.text);
    buf.set_stringn(0, y, fit(help, width as usize), width as usize, theme.muted);
}

/// The query being typed, then the count of results and what the parser warns about.
fn draw_query(app: &App, buf: &mut Buffer, search: &SearchBox, inner: Rect) {
    let theme = app.theme();
    let w = inner.width as usize;
    let query = Line::from(vec![
        Span::styled(" / ", theme.heading[1]),
        Span::styled(tail(&search.query, w.saturating_sub(5)), theme.text),
        Span::styled("█", theme.text),
    ]);
    buf.set_line(inner.x, inner.y, &query, inner.width);

    let count = match (search.hits.len(), search.more()) {
        (0, _) => "no results".to_string(),
        (1, _) => "1 result".to_string(),
        (n, true) => format!("{n}+ results"),
        (n, false) => format!("{n} results"),
    };
    let mut info = vec![count];
    if search.waiting.is_some() {
        info.push("searching…".to_string());
    }
    info.extend(search.warnings.iter().cloned());
    if inner.height > 1 {
        let line = Line::styled(fit(&format!(" {}", info.join(" · ")), w), theme.muted);
        buf.set_line(inner.x, inner.y + 1, &line, inner.width);
    }
}

fn draw_results(app: &App, buf: &mut Buffer, search: &SearchBox, inner: Rect) {
    let rows = inner.height.saturating_sub(RESULTS_TOP) / ROWS_PER_HIT;
    if rows == 0 {
        return;
    }
    // The stored offset follows the selection; clamp it again in case the screen shrank.
    let offset = search
        .offset
        .max((search.selected + 1).saturating_sub(rows as usize))
        .min(search.selected);
    let visible = search
        .hits
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows as usize);
    for (slot, (i, hit)) in visible.enumerate() {
        let y = inner.y + RESULTS_TOP + slot as u16 * ROWS_PER_HIT;
        draw_hit(app, buf, hit, i == search.selected, Rect { y, ..inner });
    }
}

/// One hit at the top of `area`: kind and title (matched characters marked), then its
/// snippet (matched words marked).
fn draw_hit(app: &App, buf: &mut Buffer, hit: &Hit, selected: bool, area: Rect) {
    let theme = app.theme();
    let w = area.width as usize;
    let base = if selected {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        theme.text
    };
    let mark = if selected {
        base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        theme.highlight
    };
    let mut title = vec![Span::styled(
        format!(" {:<4}  ", hit.kind.short_name()),
        if selected { base } else { theme.muted },
    )];
    title.extend(title_spans(hit, w.saturating_sub(7), base, mark));
    if selected {
        buf.set_style(
            Rect {
                height: ROWS_PER_HIT,
                ..area
            },
            base,
        );
    }
    buf.set_line(area.x, area.y, &Line::from(title), area.width);
    if let Some(snippet) = &hit.snippet {
        let snippet_style = if selected { base } else { theme.muted };
        let mut spans = vec![Span::styled("       ", snippet_style)];
        let (text, highlights) =
            show_first_mark(&snippet.text, &snippet.highlights, w.saturating_sub(7));
        spans.extend(marked_spans(&text, &highlights, snippet_style, mark));
        buf.set_line(area.x, area.y + 1, &Line::from(spans), area.width);
    }
}

/// The selected hit's document beside the results: its title over a rule, then its
/// lines from the best match's neighbourhood with the query's words marked.
fn draw_preview(app: &App, buf: &mut Buffer, area: Rect) {
    let theme = app.theme();
    // A rule between the results and the preview.
    for y in area.top()..area.bottom() {
        buf.set_string(area.x.saturating_sub(1), y, "│", theme.muted);
    }
    let (Some(preview), Some(rendered)) = (app.preview(), app.preview_rendered()) else {
        return;
    };
    let doc = app.library().doc(preview.doc);
    let x = area.x + 1;
    let width = area.width.saturating_sub(2);
    let title = fit(&doc.title, width as usize);
    buf.set_line(x, area.y, &Line::styled(title, theme.heading[0]), width);
    if area.height > 1 {
        let rule = "─".repeat(width as usize);
        buf.set_string(x, area.y + 1, rule, theme.muted);
    }
    let top = area.y + PREVIEW_HEADER_ROWS;
    let lines = rendered.rendered.lines.iter().skip(preview.scroll);
    for (y, line) in (top..area.bottom()).zip(lines) {
        buf.set_line(x, y, line, width);
    }
    for m in &preview.matches {
        let rows = area.bottom().saturating_sub(top) as usize;
        let Some(row) = m.line.checked_sub(preview.scroll).filter(|&r| r < rows) else {
            continue;
        };
        let y = top + row as u16;
        if m.start >= width {
            continue;
        }
        let style = if Some(*m) == preview.best {
            theme
                .highlight
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            theme.highlight
        };
        let end = m.end.min(width);
        buf.set_style(Rect::new(x + m.start, y, end - m.start, 1), style);
    }
}

/// The title, sanitised and cut to `width`, with the chars at `hit.positions` marked.
fn title_spans(hit: &Hit, width: usize, base: Style, mark: Style) -> Vec<Span<'static>> {
    // Positions count chars of the title, which was cleaned at load: what is drawn.
    let mut ranges = Vec::new();
    let mut text = String::new();
    let mut positions = hit.positions.iter().peekable();
    for (i, c) in hit.title.chars().enumerate() {
        let marked = positions.next_if(|&&p| p == i).is_some();
        let start = text.len();
        text.push(c);
        if marked {
            ranges.push((start, text.len()));
        }
    }
    let cut = fit(&text, width);
    let kept = if cut.len() < text.len() {
        cut.len().saturating_sub('…'.len_utf8())
    } else {
        cut.len()
    };
    let ranges: Vec<(usize, usize)> = ranges
        .into_iter()
        .filter(|&(s, _)| s < kept)
        .map(|(s, e)| (s, e.min(kept)))
        .collect();
    marked_spans(&cut, &ranges, base, mark)
}

/// `text` split into spans, `ranges` (sorted byte ranges) in `mark`, the rest in `base`.
fn marked_spans(
    text: &str,
    ranges: &[(usize, usize)],
    base: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        let (start, end) = (start.max(at).min(text.len()), end.min(text.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            spans.push(Span::styled(text[at..start].to_string(), base));
        }
        spans.push(Span::styled(text[start..end].to_string(), mark));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), base));
    }
    spans
}

/// Context kept before the first marked word when the snippet has to be cut.
const LEAD: usize = 16;

/// `text` cut at the start, when needed, so that the first marked range shows within
/// `width` columns (a snippet is often wider than the box); the ranges move with it.
fn show_first_mark(
    text: &str,
    ranges: &[(usize, usize)],
    width: usize,
) -> (String, Vec<(usize, usize)>) {
    let Some(&(start, end)) = ranges.first() else {
        return (text.to_string(), Vec::new());
    };
    // Ranges come with the snippet; one off a char boundary is drawn as it is, never sliced.
    let Some(head) = text.get(..end).filter(|_| text.is_char_boundary(start)) else {
        return (text.to_string(), ranges.to_vec());
    };
    if crate::text::width(head) <= width {
        return (text.to_string(), ranges.to_vec());
    }
    // Start LEAD chars before the mark, at a word boundary when there is one.
    let mut cut = text[..start]
        .char_indices()
        .rev()
        .nth(LEAD)
        .map_or(0, |(i, _)| i);
    if let Some(space) = text[cut..start].find(' ') {
        cut += space + 1;
    }
    let prefix = "… ";
    let shifted = ranges
        .iter()
        .filter(|&&(s, _)| s >= cut)
        .map(|&(s, e)| (s - cut + prefix.len(), e - cut + prefix.len()))
        .collect();
    (format!("{prefix}{}", &text[cut..]), shifted)
}

#[cfg(test)]
mod tests {
    use super::show_first_mark;

    #[test]
    fn a_mark_off_a_char_boundary_is_drawn_not_sliced() {
        let text = "Intro. Setup Install ééééé here";
        // Byte 26 is inside an `é`: drawn as given rather than panicking.
        let (shown, ranges) = show_first_mark(text, &[(7, 26)], 5);
        assert_eq!(shown, text);
        assert_eq!(ranges, [(7, 26)]);
        // A good mark far to the right still brings the text along.
        let long = format!("{} target", "word ".repeat(30));
        let at = long.find("target").unwrap();
        let (shown, ranges) = show_first_mark(&long, &[(at, at + 6)], 40);
        assert_eq!(&shown[ranges[0].0..ranges[0].1], "target");
    }
}
