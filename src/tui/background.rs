//! `theme = "auto"`: ask the terminal for its background colour (OSC 11) and pick the
//! light theme on a light background, the dark one otherwise. `NO_COLOR` beats any theme.
//!
//! The query itself is `terminal-colorsaurus`: it writes OSC 11 followed by a device
//! attributes request that every terminal answers, so a terminal that ignores OSC 11
//! is detected at once instead of after the timeout; it reads the reply from the
//! controlling terminal in raw mode and parses `rgb:RRRR/GGGG/BBBB` (and the other
//! forms terminals send). It runs before the TUI takes the terminal and before the
//! first draw.

use std::io::IsTerminal;
use std::time::Duration;

use terminal_colorsaurus::{Color, QueryOptions};

use crate::config::ThemeChoice;
use crate::markdown::Theme;

/// How long to wait for the terminal's answer before falling back to dark. Short:
/// terminals that answer do so within a few milliseconds, even over a fast SSH link.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(100);

/// The theme for `choice`, asking the terminal when it is `auto`.
pub fn theme_for(choice: ThemeChoice) -> Theme {
    choose_theme(choice, crate::config::no_color(), || {
        query_background(QUERY_TIMEOUT)
    })
}

/// The terminal's background colour, or `None` when there is no terminal or it did
/// not answer in time.
pub fn query_background(timeout: Duration) -> Option<Color> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    let mut options = QueryOptions::default();
    options.timeout = timeout;
    terminal_colorsaurus::background_color(options).ok()
}

/// The decision, apart from the terminal: `NO_COLOR` first, then an explicit theme,
/// then (for `auto`) the background `query` returns; no answer means dark.
pub fn choose_theme(
    choice: ThemeChoice,
    no_color: bool,
    query: impl FnOnce() -> Option<Color>,
) -> Theme {
    if no_color {
        return Theme::no_color();
    }
    match choice {
        ThemeChoice::Dark => Theme::dark(),
        ThemeChoice::Light => Theme::light(),
        ThemeChoice::Auto => match query() {
            Some(background) if is_light(&background) => Theme::light(),
            _ => Theme::dark(),
        },
    }
}

/// Whether text should be dark on this background: its perceived lightness (CIE L*)
/// is above middle grey.
pub fn is_light(background: &Color) -> bool {
    background.perceived_lightness() > 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(r: u16, g: u16, b: u16) -> Color {
        Color::rgb(r, g, b)
    }

    #[test]
    fn light_and_dark_backgrounds() {
        // What `rgb:ffff/ffff/ffff` (white) and `rgb:0000/0000/0000` (black) parse to.
        assert!(is_light(&rgb(0xffff, 0xffff, 0xffff)));
        assert!(!is_light(&rgb(0, 0, 0)));
        // Solarized light (fdf6e3) and dark (002b36), a dark grey (1e1e1e), a pale yellow.
        assert!(is_light(&rgb(0xfdfd, 0xf6f6, 0xe3e3)));
        assert!(!is_light(&rgb(0x0000, 0x2b2b, 0x3636)));
        assert!(!is_light(&rgb(0x1e1e, 0x1e1e, 0x1e1e)));
        assert!(is_light(&rgb(0xffff, 0xffff, 0xcccc)));
        // Pure blue is dark to the eye although one channel is full.
        assert!(!is_light(&rgb(0, 0, 0xffff)));
    }

    #[test]
    fn auto_follows_the_background_and_falls_back_to_dark() {
        let white = || Some(rgb(0xffff, 0xffff, 0xffff));
        let black = || Some(rgb(0, 0, 0));
        assert_eq!(choose_theme(ThemeChoice::Auto, false, white).name, "light");
        assert_eq!(choose_theme(ThemeChoice::Auto, false, black).name, "dark");
        assert_eq!(choose_theme(ThemeChoice::Auto, false, || None).name, "dark");
    }

    #[test]
    fn explicit_themes_do_not_ask_the_terminal() {
        let never = || -> Option<Color> { panic!("the terminal was asked") };
        assert_eq!(choose_theme(ThemeChoice::Dark, false, never).name, "dark");
        assert_eq!(choose_theme(ThemeChoice::Light, false, never).name, "light");
    }

    #[test]
    fn no_color_beats_every_theme() {
        let white = || Some(rgb(0xffff, 0xffff, 0xffff));
        for choice in [ThemeChoice::Dark, ThemeChoice::Light, ThemeChoice::Auto] {
            let theme = choose_theme(choice, true, white);
            assert!(!theme.color, "{choice:?}");
            assert_eq!(theme, Theme::no_color());
        }
    }
}
