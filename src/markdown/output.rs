//! Text output of a rendered document for `paap show`: plain text or ANSI-styled.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use super::Rendered;
use super::layout::char_width;
use super::layout::line_text;

/// Lines made into text by one job: a large page has tens of thousands, done on every core.
const LINES_PER_JOB: usize = 4096;

/// Plain text, as text browsers dump pages: no escapes, each link followed by its number
/// (`text[1]`) and a `Links:` list of the targets at the end.
pub fn to_plain(r: &Rendered) -> String {
    to_plain_parts(r).concat()
}

/// [`to_plain`] in parts, one after the other: a large page's text made on every core and
/// written part by part, never copied into one string.
pub fn to_plain_parts(r: &Rendered) -> Vec<String> {
    use rayon::prelude::*;
    // Numbered renders have their numbers in the lines already: no marks to add.
    let marks_by_line = if r.links_numbered {
        Vec::new()
    } else {
        link_marks(r)
    };
    let mut parts: Vec<String> = r
        .lines
        .par_chunks(LINES_PER_JOB)
        .enumerate()
        .map(|(job, lines)| {
            let first = job * LINES_PER_JOB;
            plain_lines(lines, |i| {
                marks_by_line.get(first + i).map_or(&[][..], Vec::as_slice)
            })
        })
        .collect();
    if !r.links.is_empty() {
        let mut list = String::from("\nLinks:\n");
        for link in &r.links {
            let _ = writeln!(list, "[{}] {}", link.index + 1, link.href);
        }
        parts.push(list);
    }
    parts
}

/// `lines` as text, each ended by a newline, with the link marks `marks` gives for each.
fn plain_lines<'m>(
    lines: &[Line<'static>],
    marks: impl Fn(usize) -> &'m [(usize, String)],
) -> String {
    // Sized once: a large page is megabytes of text, and growing by doubling copies it.
    let size: usize = lines
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.len()).sum::<usize>() + 1)
        .sum();
    let mut out = String::with_capacity(size);
    for (i, line) in lines.iter().enumerate() {
        let marks = marks(i);
        let start = out.len();
        if marks.is_empty() {
            // Most lines have no link marks: their spans go straight into the output.
            for span in &line.spans {
                out.push_str(&span.content);
            }
        } else {
            out.push_str(&insert_marks(&line_text(line), marks));
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }
    out
}

/// Options for [`to_ansi_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnsiOptions {
    /// Wrap links to `http(s):` and `mailto:` targets in OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

impl Default for AnsiOptions {
    fn default() -> AnsiOptions {
        AnsiOptions { hyperlinks: true }
    }
}

/// ANSI text: SGR escapes for the styles, reset at the end of every styled line, and OSC 8
/// hyperlinks for web links (terminals that do not know them ignore them).
pub fn to_ansi(r: &Rendered) -> String {
    to_ansi_with(r, AnsiOptions::default())
}

/// [`to_ansi`] with options.
pub fn to_ansi_with(r: &Rendered, options: AnsiOptions) -> String {
    // Hyperlink segments by line, gathered once (not once per line).
    let mut by_line: Vec<Vec<(u16, u16, &str)>> = vec![Vec::new(); r.lines.len()];
    if options.hyperlinks {
        for link in r.links.iter().filter(|l| is_web(&l.href)) {
            for &(line, start, end) in &link.segments {
                if let Some(v) = by_line.get_mut(line) {
                    v.push((start, end, link.href.as_str()));
                }
            }
        }
    }
    let mut out = String::new();
    for (i, line) in r.lines.iter().enumerate() {
        let segments = &by_line[i];
        let mut col = 0usize;
        let mut styled = false;
        for span in &line.spans {
            let style = line.style.patch(span.style);
            let sgr = sgr(style);
            let link = segments
                .iter()
                .find(|(s, e, _)| usize::from(*s) <= col && col < usize::from(*e))
                .map(|(_, _, href)| *href);
            if !sgr.is_empty() {
                let _ = write!(out, "\x1b[{sgr}m");
                styled = true;
            }
            if let Some(href) = link {
                let _ = write!(out, "\x1b]8;;{href}\x1b\\");
            }
            out.push_str(&span.content);
            if link.is_some() {
                out.push_str("\x1b]8;;\x1b\\");
            }
            if !sgr.is_empty() {
                out.push_str("\x1b[0m");
            }
            col += span.content.chars().map(char_width).sum::<usize>();
        }
        if styled {
            // Nothing carries over to the next line, even if a terminal drops a reset.
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// Only absolute web and mail targets make sense as terminal hyperlinks; the href is already
/// sanitised, so it cannot end the escape sequence early.
fn is_web(href: &str) -> bool {
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// For each line, `(end column, mark)` of the links whose last segment ends there, by column.
fn link_marks(r: &Rendered) -> Vec<Vec<(usize, String)>> {
    let mut marks: Vec<Vec<(usize, String)>> = vec![Vec::new(); r.lines.len()];
    for link in &r.links {
        if let Some(&(line, _, end)) = link.segments.last()
            && let Some(v) = marks.get_mut(line)
        {
            v.push((usize::from(end), format!("[{}]", link.index + 1)));
        }
    }
    for v in &mut marks {
        v.sort_by_key(|m| m.0);
    }
    marks
}

fn insert_marks(text: &str, marks: &[(usize, String)]) -> String {
    if marks.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + marks.len() * 4);
    let mut col = 0usize;
    let mut next = marks.iter().peekable();
    for c in text.chars() {
        while let Some((_, mark)) = next.next_if(|(at, _)| *at <= col) {
            out.push_str(mark);
        }
        out.push(c);
        col += char_width(c);
    }
    for (_, mark) in next {
        out.push_str(mark);
    }
    out
}

/// SGR parameters for a style, empty for the default style.
fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_string());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color(c, false)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color(c, true)) {
        codes.push(bg);
    }
    codes.join(";")
}

fn color(c: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let bright = if background { 100 } else { 90 };
    let named = |n: u8, b: bool| Some(((if b { bright } else { base }) + n).to_string());
    match c {
        Color::Reset => None,
        Color::Black => named(0, false),
        Color::Red => named(1, false),
        Color::Green => named(2, false),
        Color::Yellow => named(3, false),
        Color::Blue => named(4, false),
        Color::Magenta => named(5, false),
        Color::Cyan => named(6, false),
        Color::Gray => named(7, false),
        Color::DarkGray => named(0, true),
        Color::LightRed => named(1, true),
        Color::LightGreen => named(2, true),
        Color::LightYellow => named(3, true),
        Color::LightBlue => named(4, true),
        Color::LightMagenta => named(5, true),
        Color::LightCyan => named(6, true),
        Color::White => named(7, true),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_page_is_the_same_text_made_in_jobs() {
        // Over two jobs of lines, with link marks on lines of both and across their edge.
        let body: String = (0..5000)
            .map(|i| format!("line {i} with [a link](https://x.example/{i}) and more\n\n"))
            .collect();
        let rendered = crate::markdown::render(&body, 20, &crate::markdown::Theme::no_color());
        assert!(
            rendered.lines.len() > 2 * LINES_PER_JOB,
            "{}",
            rendered.lines.len()
        );
        let marks = link_marks(&rendered);
        let mut expected = plain_lines(&rendered.lines, |i| &marks[i]);
        expected.push_str("\nLinks:\n");
        for link in &rendered.links {
            expected.push_str(&format!("[{}] {}\n", link.index + 1, link.href));
        }
        let text = to_plain(&rendered);
        assert!(
            text.contains("line 4999 with a\nlink[5000] and more"),
            "{}",
            &text[text.len() - 300..]
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn marks_inserted_at_columns() {
        let marks = vec![(1, "[1]".to_string()), (3, "[2]".to_string())];
        assert_eq!(insert_marks("ab日", &marks), "a[1]b日[2]");
    }

    #[test]
    fn sgr_codes() {
        assert_eq!(sgr(Style::new()), "");
        assert_eq!(
            sgr(Style::new()
                .fg(Color::Rgb(1, 2, 3))
                .add_modifier(Modifier::BOLD)),
            "1;38;2;1;2;3"
        );
        assert_eq!(
            sgr(Style::new().fg(Color::LightBlue).bg(Color::Black)),
            "94;40"
        );
    }
}
