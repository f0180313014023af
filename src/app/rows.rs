//! How a library row reads at a width, shared by drawing, scrolling and the mouse: the
//! kind (a word, or a one-cell mark when narrow), the title on one line or wrapped onto a
//! second, and the date at the right end of the last line. A title that does not fit on
//! one line first gives up the leading phrase many titles share ("Platform as a Product:
//! …" becomes "PaaP: …"), so the words that tell titles apart stay on screen.

use std::collections::HashMap;

use crate::text::{clip, width as columns};

use super::App;
use super::cursor::ListCursor;
use crate::content::{Doc, Kind, Library};

/// Lines a row may take.
const MAX_LINES: usize = 2;
/// From this list width on, the kind is a word and dates are whole.
const WIDE_LIST: usize = 40;
/// Words of a shared phrase, at least (two-word phrases make unreadable initials).
const PHRASE_MIN_WORDS: usize = 3;
const PHRASE_MAX_WORDS: usize = 6;
/// Words written in lower case inside a name ("Platform as a Product").
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

/// One library row as it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowText {
    /// The kind, then a space: `"post "` or `"✎ "`.
    pub kind: String,
    /// One or two lines of title (each fits beside `kind`).
    pub lines: Vec<String>,
    /// Drawn at the right end of the last line.
    pub date: Option<String>,
}

/// The leading phrases, shared by several titles, that a long title may shorten to
/// initials: lower-cased words → initials.
#[derive(Debug, Clone, Default)]
pub struct SharedPhrases {
    phrases: HashMap<Vec<String>, String>,
}

impl SharedPhrases {
    /// The name-like leading phrases (three words or more, capitalised but for small words)
    /// that begin at least two titles of `library`.
    pub fn of(library: &Library) -> SharedPhrases {
        let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
        for doc in library.docs() {
            let words = words_of(&doc.title);
            for n in PHRASE_MIN_WORDS..=PHRASE_MAX_WORDS.min(words.len().saturating_sub(1)) {
                let phrase = &words[..n];
                if is_name(phrase) {
                    *counts.entry(keys(phrase)).or_default() += 1;
                }
            }
        }
        let phrases = counts
            .into_iter()
            .filter(|&(_, count)| count >= 2)
            .map(|(key, count)| {
                let initials: String = key.iter().map(|w| initial(w)).collect();
                (key, (count, initials))
            })
            .collect::<HashMap<_, _>>();
        // Where a longer phrase is shared by fewer titles ("Platform as a Product
        // Research"), the more common shorter one reads better.
        let best = phrases
            .iter()
            .filter(|(key, (count, _))| {
                !(PHRASE_MIN_WORDS..key.len())
                    .any(|n| phrases.get(&key[..n]).is_some_and(|(c, _)| c > count))
            })
            .map(|(key, (_, initials))| (key.clone(), initials.clone()))
            .collect();
        SharedPhrases { phrases: best }
    }

    /// `title` with its longest shared leading phrase written as initials, if it has one
    /// and more words follow it.
    fn shorten(&self, title: &str) -> Option<String> {
        let words = words_of(title);
        (PHRASE_MIN_WORDS..words.len()).rev().find_map(|n| {
            let initials = self.phrases.get(&keys(&words[..n]))?;
            let trail: String = words[n - 1]
                .chars()
                .rev()
                .take_while(|c| !c.is_alphanumeric())
                .collect();
            let trail: String = trail.chars().rev().collect();
            Some(format!("{initials}{trail} {}", words[n..].join(" ")))
        })
    }
}

fn words_of(title: &str) -> Vec<&str> {
    title.split_whitespace().collect()
}

/// A word as phrases compare it: lower case, without the punctuation around it.
fn key(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn keys(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| key(w)).collect()
}

fn is_small(word: &str) -> bool {
    SMALL_WORDS.contains(&key(word).as_str())
}

/// Capitalised words with small words between: a name, whose initials read ("PaaP").
fn is_name(words: &[&str]) -> bool {
    let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    !is_small(first)
        && !is_small(last)
        && words.iter().all(|w| is_small(w) || capital(w))
        && words.iter().all(|w| !key(w).is_empty())
}

fn initial(key: &str) -> String {
    let first = key.chars().next().unwrap_or_default();
    if SMALL_WORDS.contains(&key) {
        first.to_lowercase().collect()
    } else {
        first.to_uppercase().collect()
    }
}

/// The one-cell mark of a kind on a narrow list (each one column wide everywhere).
pub fn kind_mark(kind: Kind) -> &'static str {
    match kind {
        Kind::Initiative => "⚑",
        Kind::Post => "✎",
        Kind::Persona => "☺",
        Kind::Page => "▢",
    }
}

/// How `doc`'s row reads in a list `width` columns wide.
pub fn row_text(doc: &Doc, width: usize, phrases: &SharedPhrases) -> RowText {
    let wide = width >= WIDE_LIST;
    let kind = if wide {
        format!("{:<4} ", doc.kind.short_name())
    } else {
        format!("{} ", kind_mark(doc.kind))
    };
    let date = doc.date.map(|d| {
        let full = d.format("%Y-%m-%d").to_string();
        if wide { full } else { full[..7].to_string() }
    });
    let text_width = width.saturating_sub(columns(&kind));
    // The date needs its width and a space on the title's last line.
    let date_room = date.as_ref().map_or(0, |d| columns(d) + 1);
    let title = doc.title.clone();
    let one_line = |t: &str| columns(t) + date_room <= text_width;
    let lines = if one_line(&title) {
        vec![title]
    } else {
        match phrases.shorten(&title) {
            Some(short) if one_line(&short) => vec![short],
            Some(short) => wrap(&short, text_width, date_room),
            None => wrap(&title, text_width, date_room),
        }
    };
    RowText { kind, lines, date }
}

/// `text` on at most two lines of `width` columns, broken between words where it can;
/// the last line leaves `reserve` columns free and ends with `…` when text was left out.
fn wrap(text: &str, width: usize, reserve: usize) -> Vec<String> {
    let mut first = String::new();
    let mut rest = text;
    for word in text.split_inclusive(' ') {
        if columns((first.clone() + word).trim_end()) > width {
            break;
        }
        first.push_str(word);
        rest = &rest[word.len()..];
    }
    if first.is_empty() {
        // One word longer than the line: cut it where the line ends.
        let cut = clip(text, width).len();
        first = text[..cut].to_string();
        rest = &text[cut..];
    }
    let last = fit(rest.trim_start(), width.saturating_sub(reserve));
    let lines = [first.trim_end().to_string(), last];
    lines.into_iter().take(MAX_LINES).collect()
}

/// `text` cut to `width` columns, ending with `…` when something was cut.
fn fit(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut cut = clip(text, width - 1).len();
    // Between words when that keeps most of the line.
    if let Some(space) = text[..cut].rfind(' ')
        && columns(&text[..space]) * 2 >= width
    {
        cut = space;
    }
    format!("{}…", text[..cut].trim_end())
}

impl App {
    /// The shortening of shared leading phrases for this library's rows.
    pub fn shared_phrases(&self) -> &SharedPhrases {
        &self.phrases
    }

    /// How library row `row` reads at the list's width.
    pub fn row_text(&self, row: usize) -> Option<RowText> {
        let doc = self.library.doc(*self.rows.get(row)?);
        let width = self.layout().list.width as usize;
        Some(row_text(doc, width, &self.phrases))
    }

    /// Screen lines library row `row` takes.
    pub fn row_height(&self, row: usize) -> usize {
        self.row_text(row).map_or(1, |r| r.lines.len())
    }

    /// The library rows drawn from the list offset down, with the line each starts on
    /// (0 = the list's top), as many as fit in `height` lines.
    pub fn visible_rows(&self, height: usize) -> Vec<(usize, usize)> {
        let mut rows = Vec::new();
        let mut y = 0;
        for row in self.list.offset..self.rows.len() {
            if y >= height {
                break;
            }
            rows.push((row, y));
            y += self.row_height(row);
        }
        rows
    }

    /// The library row drawn on line `line` of the list, if any.
    pub(super) fn library_row_at(&self, line: usize) -> Option<usize> {
        let height = self.layout().list.height as usize;
        self.visible_rows(height)
            .into_iter()
            .take_while(|&(_, y)| y <= line)
            .last()
            .filter(|&(row, y)| line < y + self.row_height(row))
            .map(|(row, _)| row)
    }
}

/// The library cursor with its selection inside the rows and its offset moved so that
/// the selected row is whole inside `height` lines, rows taking one or two lines.
pub(super) fn clamped(app: &App, cursor: ListCursor, height: usize) -> ListCursor {
    let len = app.rows.len();
    let selected = cursor.selected.min(len.saturating_sub(1));
    let mut offset = cursor.offset.min(selected);
    // Lines from the offset to the end of the selected row.
    let mut used: usize = (offset..=selected).map(|r| app.row_height(r)).sum();
    while used > height.max(1) && offset < selected {
        used -= app.row_height(offset);
        offset += 1;
    }
    // No blank lines at the bottom while rows are hidden above (rows arrived above the
    // selection, the window grew): counting stops once the window is full.
    let mut tail = 0;
    let mut row = offset;
    while row < len && tail <= height {
        tail += app.row_height(row);
        row += 1;
    }
    if row == len {
        while offset > 0 && tail + app.row_height(offset - 1) <= height {
            offset -= 1;
            tail += app.row_height(offset);
        }
    }
    ListCursor { selected, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: Kind, title: &str, date: Option<&str>) -> Doc {
        Doc {
            id: format!("{title}.md"),
            kind,
            title: title.into(),
            date: date.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            ..Doc::default()
        }
    }

    fn library() -> Library {
        Library::from_docs(
            vec![
                doc(
                    Kind::Post,
                    "Platform as a Product: Understanding the Personas",
                    Some("2025-01-16"),
                ),
                doc(
                    Kind::Post,
                    "Platform as a Product Research - Now with a Survey!",
                    Some("2024-11-25"),
                ),
                doc(
                    Kind::Post,
                    "Platform As A Product: Getting Into The Mindset With User Stories",
                    Some("2024-10-30"),
                ),
                doc(Kind::Initiative, "Platform as a Product", None),
                doc(Kind::Page, "Platform as a Product Research", None),
                doc(Kind::Page, "How to use the CLI", None),
                doc(Kind::Page, "How to use the API", None),
            ],
            Vec::new(),
        )
    }

    #[test]
    fn a_shared_name_becomes_its_initials_only_where_the_title_is_too_long() {
        let library = library();
        let phrases = SharedPhrases::of(&library);
        let rows: Vec<RowText> = library
            .docs()
            .iter()
            .map(|d| row_text(d, 30, &phrases))
            .collect();
        assert_eq!(rows[0].kind, "✎ ");
        assert_eq!(rows[0].lines, ["PaaP: Understanding the", "Personas"]);
        assert_eq!(rows[0].date.as_deref(), Some("2025-01"));
        assert_eq!(rows[1].lines, ["PaaP Research - Now with a", "Survey!"]);
        assert_eq!(
            rows[2].lines,
            ["PaaP: Getting Into The", "Mindset With User…"]
        );
        // A title that is the phrase itself, or fits, is left whole.
        assert_eq!(rows[3].lines, ["Platform as a Product"]);
        assert_eq!(rows[4].lines, ["PaaP Research"]);
        // "How to use the" is not a name: no initials.
        assert_eq!(rows[5].lines, ["How to use the CLI"]);
    }

    #[test]
    fn a_wide_list_has_kind_words_and_whole_dates_on_one_line() {
        let library = library();
        let phrases = SharedPhrases::of(&library);
        let row = row_text(library.doc(0), 80, &phrases);
        assert_eq!(row.kind, "post ");
        assert_eq!(
            row.lines,
            ["Platform as a Product: Understanding the Personas"]
        );
        assert_eq!(row.date.as_deref(), Some("2025-01-16"));
    }

    #[test]
    fn long_words_and_long_titles_are_cut_to_the_width() {
        let phrases = SharedPhrases::default();
        let long = doc(Kind::Page, &"x".repeat(50), Some("2024-01-01"));
        let row = row_text(&long, 20, &phrases);
        for line in &row.lines {
            assert!(columns(line) <= 18, "{line:?}");
        }
        assert!(columns(&row.lines[1]) <= 18 - 8, "{:?}", row.lines);
        assert!(row.lines[1].ends_with('…'));
    }
}
