//! Syntax highlighting of fenced code blocks with syntect's bundled syntaxes and themes.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use ratatui::style::{Color, Modifier, Style};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::theme::Theme;
use crate::text::sanitize;

// Loaded on first use only: deserialising the bundled sets takes tens of milliseconds.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Highlighted lines of one code block: styled, sanitised runs per line.
pub(crate) type Highlighted = Arc<Vec<Vec<(Style, String)>>>;

/// Highlighting does not depend on the width, so re-rendering a document after a resize
/// reuses it. Keyed by syntect theme, language and code; cleared when it grows too large.
static CACHE: LazyLock<Mutex<HashMap<CacheKey, Highlighted>>> = LazyLock::new(Default::default);

/// Syntect theme name, language, code.
type CacheKey = (&'static str, String, String);

/// Code kept in the cache before it is emptied, in bytes.
const CACHE_BYTES: usize = 16 << 20;

/// [`highlight`] through the process-wide cache (only coloured output is cached: plain
/// output costs nothing to redo).
pub(crate) fn highlight_cached(lang: &str, code: &str, theme: &Theme) -> Highlighted {
    let Some(theme_name) = theme.syntax_theme.filter(|_| theme.color) else {
        return Arc::new(highlight(lang, code, theme));
    };
    let key = (theme_name, lang.to_string(), code.to_string());
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let lines = Arc::new(highlight(lang, code, theme));
    if let Ok(mut cache) = CACHE.lock() {
        let bytes: usize = cache.keys().map(|k| k.2.len()).sum();
        if bytes + code.len() > CACHE_BYTES {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&lines));
    }
    lines
}

/// Empties the highlighting cache (benchmarks use it to measure a first render).
#[doc(hidden)]
pub fn clear_cache() {
    if let Ok(mut cache) = CACHE.lock() {
        cache.clear();
    }
}

/// The language named by a fence's info string: its first word (`rust,ignore` → `rust`,
/// `python {linenos=true}` → `python`).
pub(crate) fn language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
}

fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    if lang.is_empty() {
        return None;
    }
    SYNTAXES
        .find_syntax_by_token(lang)
        .or_else(|| SYNTAXES.find_syntax_by_token(&lang.to_ascii_lowercase()))
}

/// The code split into lines of styled, sanitised runs. Highlighted when the theme has colour,
/// a syntect theme and the language is known; otherwise every line is one run in `theme.code`.
pub(crate) fn highlight(lang: &str, code: &str, theme: &Theme) -> Vec<Vec<(Style, String)>> {
    let plain = || {
        code.lines()
            .map(|l| vec![(theme.code, sanitize(l).into_owned())])
            .collect()
    };
    let (Some(theme_name), true) = (theme.syntax_theme, theme.color) else {
        return plain();
    };
    let (Some(syntax), Some(syn_theme)) = (syntax_for(lang), THEMES.themes.get(theme_name)) else {
        return plain();
    };
    let mut highlighter = HighlightLines::new(syntax, syn_theme);
    let mut failed = false;
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        let ranges = if failed {
            None
        } else {
            highlighter.highlight_line(line, &SYNTAXES).ok()
        };
        let Some(ranges) = ranges else {
            // A grammar failure must not lose code: this line and the rest are shown plain.
            failed = true;
            let text = line.trim_end_matches(['\n', '\r']);
            out.push(vec![(theme.code, sanitize(text).into_owned())]);
            continue;
        };
        let runs = ranges
            .into_iter()
            .filter_map(|(s, text)| {
                let text = text.trim_end_matches(['\n', '\r']);
                (!text.is_empty()).then(|| (to_style(s), sanitize(text).into_owned()))
            })
            .collect();
        out.push(runs);
    }
    out
}

fn to_style(s: syntect::highlighting::Style) -> Style {
    let mut style = Style::new().fg(Color::Rgb(s.foreground.r, s.foreground.g, s.foreground.b));
    if s.font_style.contains(FontStyle::BOLD) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if s.font_style.contains(FontStyle::ITALIC) {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if s.font_style.contains(FontStyle::UNDERLINE) {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_first_word() {
        assert_eq!(language("rust,ignore"), "rust");
        assert_eq!(language("python {linenos=true}"), "python");
        assert_eq!(language(""), "");
    }

    #[test]
    fn highlights_known_language_in_colour() {
        let lines = highlight("rust", "fn main() {}\n", &Theme::dark());
        assert_eq!(lines.len(), 1);
        assert!(lines[0].len() > 1, "several colour runs: {lines:?}");
        assert!(
            lines[0]
                .iter()
                .all(|(s, _)| matches!(s.fg, Some(Color::Rgb(..))))
        );
        let text: String = lines[0].iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, "fn main() {}");
    }

    #[test]
    fn cache_returns_the_same_lines() {
        let theme = Theme::light();
        let code = "let cached = \"yes\";\n";
        let first = highlight_cached("rust", code, &theme);
        let second = highlight_cached("rust", code, &theme);
        assert_eq!(*first, highlight("rust", code, &theme));
        assert_eq!(first, second);
        // The light theme's syntect theme exists: the code is coloured.
        assert!(
            first[0]
                .iter()
                .any(|(s, _)| matches!(s.fg, Some(Color::Rgb(..))))
        );
    }

    #[test]
    fn no_colour_means_no_highlighting() {
        let lines = highlight("rust", "fn main() {}\n", &Theme::no_color());
        assert_eq!(
            lines,
            vec![vec![(Theme::no_color().code, "fn main() {}".into())]]
        );
    }

    #[test]
    fn unknown_language_is_plain() {
        let lines = highlight("nosuchlang", "a\tb\n\x1b[2J", &Theme::dark());
        assert_eq!(lines[0][0].1, "a    b");
        assert_eq!(lines[1][0].1, "[2J");
    }
}
