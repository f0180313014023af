//! Colour palettes for rendered documents and the UI.

use ratatui::style::{Color, Modifier, Style};

/// Styles for every element the renderer and UI draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: &'static str,
    /// False for `NO_COLOR` / plain output: draw with shapes and ASCII, not colour.
    pub color: bool,
    pub text: Style,
    pub heading: [Style; 6],
    pub link: Style,
    pub link_selected: Style,
    pub code: Style,
    pub quote: Style,
    pub muted: Style,
    pub highlight: Style,
    /// Boxes, bars, bullets and rules drawn around content.
    pub border: Style,
    /// GFM alerts: note, tip, important, warning, caution.
    pub alert: [Style; 5],
    /// Name of the syntect theme for code blocks; `None` disables highlighting.
    pub syntax_theme: Option<&'static str>,
}

impl Theme {
    pub fn dark() -> Theme {
        Theme {
            name: "dark",
            color: true,
            text: Style::new(),
            heading: [
                Style::new()
                    .fg(Color::LightMagenta)
                    .add_modifier(Modifier::BOLD),
                Style::new()
                    .fg(Color::LightCyan)
                    .add_modifier(Modifier::BOLD),
                Style::new()
                    .fg(Color::LightBlue)
                    .add_modifier(Modifier::BOLD),
                Style::new()
                    .fg(Color::LightGreen)
                    .add_modifier(Modifier::BOLD),
                Style::new().fg(Color::LightYellow),
                Style::new().fg(Color::Gray),
            ],
            link: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            link_selected: Style::new().fg(Color::Black).bg(Color::LightBlue),
            code: Style::new().fg(Color::LightYellow),
            quote: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            muted: Style::new().fg(Color::DarkGray),
            highlight: Style::new().fg(Color::Black).bg(Color::Yellow),
            border: Style::new().fg(Color::DarkGray),
            alert: [
                Style::new().fg(Color::LightBlue),
                Style::new().fg(Color::LightGreen),
                Style::new().fg(Color::LightMagenta),
                Style::new().fg(Color::LightYellow),
                Style::new().fg(Color::LightRed),
            ],
            syntax_theme: Some("base16-ocean.dark"),
        }
    }

    pub fn light() -> Theme {
        Theme {
            name: "light",
            color: true,
            text: Style::new(),
            heading: [
                Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
                Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                Style::new().fg(Color::Red),
                Style::new().fg(Color::DarkGray),
            ],
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            link_selected: Style::new().fg(Color::White).bg(Color::Blue),
            code: Style::new().fg(Color::Red),
            quote: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            muted: Style::new().fg(Color::Gray),
            highlight: Style::new().fg(Color::Black).bg(Color::LightYellow),
            border: Style::new().fg(Color::Gray),
            alert: [
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Magenta),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::Red),
            ],
            syntax_theme: Some("InspiredGitHub"),
        }
    }

    /// `NO_COLOR`: only bold, italic, underline and reverse.
    pub fn no_color() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            name: "no-color",
            color: false,
            text: Style::new(),
            heading: [bold, bold, bold, bold, bold, bold],
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            link_selected: Style::new().add_modifier(Modifier::REVERSED),
            code: Style::new(),
            quote: Style::new().add_modifier(Modifier::ITALIC),
            muted: Style::new(),
            highlight: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new(),
            alert: [bold; 5],
            syntax_theme: None,
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}
