//! Which theme to draw with: `NO_COLOR` first, then an explicit `theme`, then for `auto`
//! the terminal's background. The terminal is asked by the TUI's runtime
//! (`tui::query_background`) after the first frame, which is drawn with [`first_guess`].
//! `paap show` and the TUI share this decision.

use terminal_colorsaurus::Color;

use crate::config::ThemeChoice;
use crate::markdown::Theme;

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

/// The theme to draw the first frame with, before the terminal has answered: the
/// background `COLORFGBG` names (set by rxvt, Konsole and others as "fg;bg", where 7 and
/// 15 are light greys and white), else dark.
pub fn first_guess(choice: ThemeChoice, no_color: bool) -> Theme {
    let colorfgbg = std::env::var("COLORFGBG").ok();
    choose_theme(choice, no_color, || background_named(colorfgbg.as_deref()?))
}

/// The background colour a `COLORFGBG` value names, if it names a light or dark one.
fn background_named(colorfgbg: &str) -> Option<Color> {
    let background: u8 = colorfgbg.rsplit(';').next()?.trim().parse().ok()?;
    Some(match background {
        7 | 15 => Color::rgb(0xffff, 0xffff, 0xffff),
        _ => Color::rgb(0, 0, 0),
    })
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
    fn colorfgbg_names_a_light_or_dark_background() {
        assert!(is_light(&background_named("0;15").unwrap()));
        assert!(is_light(&background_named("0;default;7").unwrap()));
        assert!(!is_light(&background_named("15;0").unwrap()));
        assert_eq!(background_named("15;default"), None);
        assert_eq!(background_named(""), None);
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
