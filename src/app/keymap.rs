//! The key map as data: a table of key → `Action` that the help overlay and status line
//! are generated from, and that the config file can change (`KeyMap::bind`).

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Tab;
use super::action::{Action, BINDABLE};

/// A key with its modifiers, normalised so that a parsed key equals the event for it:
/// a character carries its own case (no SHIFT flag) and `Shift-Tab` is `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code, modifiers }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }
}

/// A key description that could not be understood, e.g. `"ctrl-"` or `"hyper-x"`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown key {0:?}: use a character (\"q\", \"?\") or a name (\"enter\", \"pgdn\", \"shift-tab\", \"ctrl-c\", \"alt-left\", \"f5\")"
)]
pub struct KeyParseError(pub String);

impl FromStr for Key {
    type Err = KeyParseError;

    /// Parses `"q"`, `"G"`, `"?"`, `"ctrl-c"`, `"shift-tab"`, `"alt-left"`, `"pgdn"`, `"space"`.
    fn from_str(text: &str) -> Result<Key, KeyParseError> {
        let err = || KeyParseError(text.to_string());
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // Modifiers come first, each followed by '-'; "-" alone and "ctrl--" name the minus key.
        while let Some((head, tail)) = rest.split_once('-') {
            let modifier = match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            if tail.is_empty() {
                break;
            }
            modifiers |= modifier;
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(err()),
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) && c.is_alphabetic() {
                    KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" | "cr" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "space" | "spc" => KeyCode::Char(' '),
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
                "del" | "delete" => KeyCode::Delete,
                "ins" | "insert" => KeyCode::Insert,
                "minus" => KeyCode::Char('-'),
                name => match name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=24) => KeyCode::F(n),
                    _ => return Err(err()),
                },
            },
        };
        Ok(Key::new(code, modifiers))
    }
}

impl fmt::Display for Key {
    /// The name shown in help: `Ctrl-c`, `Shift-Tab`, `Alt-←`, `PgDn`, `G`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The table of bindings, in the order they were added (which is the help order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyMap {
    bindings: Vec<(Key, Action)>,
}

impl KeyMap {
    pub fn empty() -> KeyMap {
        KeyMap::default()
    }

    /// Binds `key` to `action`, replacing whatever `key` did before.
    pub fn bind(&mut self, key: Key, action: Action) {
        match self.bindings.iter_mut().find(|(k, _)| *k == key) {
            Some(binding) => binding.1 = action,
            None => self.bindings.push((key, action)),
        }
    }

    /// Applies the config file's `[keys]` table (action name → key names): each action
    /// listed loses its default keys and gets the ones given. Returns one message per
    /// unknown action or key name; those entries are skipped, the rest still apply.
    pub fn apply_overrides<'a>(
        &mut self,
        overrides: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                let known: Vec<&str> = BINDABLE.iter().filter_map(Action::name).collect();
                problems.push(format!(
                    "keys: unknown action {:?}; known actions: {}",
                    name.escape_debug().to_string(),
                    known.join(", ")
                ));
                continue;
            };
            let parsed: Vec<Result<Key, KeyParseError>> = keys.iter().map(|k| k.parse()).collect();
            if let Some(Err(err)) = parsed.iter().find(|p| p.is_err()) {
                problems.push(format!("keys.{name}: {err}"));
                continue;
            }
            self.bindings.retain(|(_, a)| *a != action);
            for key in parsed.into_iter().flatten() {
                self.bind(key, action.clone());
            }
        }
        problems
    }

    pub fn action(&self, key: Key) -> Option<&Action> {
        self.bindings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| a)
    }

    pub fn bindings(&self) -> &[(Key, Action)] {
        &self.bindings
    }

    pub fn keys_for(&self, action: &Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// One row per bound action, in `BINDABLE` order: (keys joined by spaces, description, context).
    pub fn help_rows(&self) -> Vec<HelpRow> {
        BINDABLE
            .iter()
            .filter_map(|action| {
                let keys = self.keys_for(action);
                (!keys.is_empty()).then(|| HelpRow {
                    keys: keys
                        .iter()
                        .map(Key::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                    description: action.describe(),
                    context: action.context().label(),
                })
            })
            .collect()
    }
}

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub description: &'static str,
    pub context: &'static str,
}

/// The defaults from KEYS.md.
pub fn default_keymap() -> KeyMap {
    let table: &[(&str, Action)] = &[
        ("q", Action::Quit),
        ("ctrl-c", Action::ForceQuit),
        ("ctrl-z", Action::Suspend),
        ("?", Action::Help),
        ("esc", Action::Escape),
        ("/", Action::Search),
        ("ctrl-f", Action::Find),
        ("n", Action::FindNext),
        ("N", Action::FindPrev),
        ("h", Action::FocusPrev),
        ("left", Action::FocusPrev),
        ("l", Action::FocusNext),
        ("right", Action::FocusNext),
        ("j", Action::Down),
        ("down", Action::Down),
        ("k", Action::Up),
        ("up", Action::Up),
        ("ctrl-d", Action::HalfPageDown),
        ("ctrl-u", Action::HalfPageUp),
        ("pgdn", Action::PageDown),
        ("space", Action::PageDown),
        ("pgup", Action::PageUp),
        ("g", Action::Top),
        ("home", Action::Top),
        ("G", Action::Bottom),
        ("end", Action::Bottom),
        ("1", Action::ShowTab(Tab::All)),
        ("2", Action::ShowTab(Tab::Posts)),
        ("3", Action::ShowTab(Tab::Personas)),
        ("4", Action::ShowTab(Tab::Pages)),
        ("5", Action::ShowTab(Tab::Originals)),
        ("O", Action::SwitchOriginal),
        ("enter", Action::Activate),
        ("tab", Action::NextLink),
        ("shift-tab", Action::PrevLink),
        ("f", Action::Hints),
        ("backspace", Action::Back),
        ("H", Action::Back),
        ("alt-left", Action::Back),
        ("L", Action::Forward),
        ("alt-right", Action::Forward),
        ("o", Action::OpenInBrowser),
        ("y", Action::CopyLink),
        ("t", Action::CycleSidePane),
        ("M", Action::ToggleMouse),
        ("m", Action::ToggleBookmark),
        ("'", Action::ShowBookmarks),
        ("d", Action::DeleteBookmark),
        ("z", Action::ToggleReading),
        ("e", Action::Edit),
    ];
    let mut map = KeyMap::empty();
    for (key, action) in table {
        let key = key.parse().expect("default key names parse");
        map.bind(key, action.clone());
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_modifiers_and_characters() {
        assert_eq!("q".parse(), Ok(Key::char('q')));
        assert_eq!("G".parse(), Ok(Key::char('G')));
        assert_eq!("shift-g".parse(), Ok(Key::char('G')));
        assert_eq!("?".parse(), Ok(Key::char('?')));
        assert_eq!("-".parse(), Ok(Key::char('-')));
        assert_eq!(
            "ctrl-c".parse(),
            Ok(Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
        );
        assert_eq!("shift-tab".parse(), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(
            "alt-left".parse(),
            Ok(Key::new(KeyCode::Left, KeyModifiers::ALT))
        );
        assert_eq!("pgdn".parse(), Ok(Key::plain(KeyCode::PageDown)));
        assert_eq!("PgUp".parse(), Ok(Key::plain(KeyCode::PageUp)));
        assert_eq!("space".parse(), Ok(Key::char(' ')));
        assert_eq!("f5".parse(), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(
            "ctrl--".parse(),
            Ok(Key::new(KeyCode::Char('-'), KeyModifiers::CONTROL))
        );
    }

    #[test]
    fn rejects_unknown_keys() {
        assert!("".parse::<Key>().is_err());
        assert!("ctrl-".parse::<Key>().is_err());
        assert!("hyper-x".parse::<Key>().is_err());
        assert!("f99".parse::<Key>().is_err());
    }

    #[test]
    fn events_match_parsed_keys() {
        let shifted_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shifted_g), Key::char('G'));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            default_keymap().action(Key::from_event(&backtab)),
            Some(&Action::PrevLink)
        );
    }

    #[test]
    fn display_names_round_trip_through_help() {
        let map = default_keymap();
        let rows = map.help_rows();
        let back = rows
            .iter()
            .find(|r| r.description == "back in history")
            .unwrap();
        assert_eq!(back.keys, "Backspace H Alt-←");
        assert_eq!(rows.len(), BINDABLE.len());
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_report_bad_names() {
        let mut map = default_keymap();
        let overrides: std::collections::BTreeMap<String, Vec<String>> = [
            ("quit".to_string(), vec!["x".to_string()]),
            ("fly".to_string(), vec!["z".to_string()]),
            ("help".to_string(), vec!["hyper-q".to_string()]),
        ]
        .into_iter()
        .collect();
        let problems = map.apply_overrides(&overrides);
        assert_eq!(map.keys_for(&Action::Quit), vec![Key::char('x')]);
        assert_eq!(map.action(Key::char('q')), None);
        assert_eq!(
            map.keys_for(&Action::Help),
            vec![Key::char('?')],
            "a bad key keeps the default"
        );
        assert_eq!(problems.len(), 2);
        assert!(
            problems[0].contains("unknown action \"fly\""),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("keys.help: unknown key \"hyper-q\""),
            "{problems:?}"
        );
    }

    #[test]
    fn bind_replaces_the_previous_meaning() {
        let mut map = default_keymap();
        map.bind(Key::char('q'), Action::Help);
        assert_eq!(map.action(Key::char('q')), Some(&Action::Help));
        assert_eq!(map.keys_for(&Action::Quit), vec![]);
    }
}
