//! The configuration file: theme, mouse, side pane, width cap, folders, key map.
//!
//! Bundled defaults ([`Config::default`], documented by [`Config::default_toml`]) with
//! the user's TOML file layered over them. The file is read into toml's spanned tree
//! and each setting is checked by hand, so every error can name the file, line,
//! column and key, and unknown keys become warnings instead of errors.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The commented default file (`paap config --default`).
const DEFAULT_TOML: &str = include_str!("config_default.toml");

/// Reading width cap limits: narrower is unreadable, wider is no cap at all.
const MAX_WIDTH_RANGE: std::ops::RangeInclusive<i64> = 20..=1000;

/// Colour theme choice; `Auto` asks the terminal for its background (dark if unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    Dark,
    Light,
    Auto,
}

/// What the side pane shows at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SidePaneChoice {
    Outline,
    Links,
    Backlinks,
    Hidden,
}

/// The effective configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub theme: ThemeChoice,
    pub mouse: bool,
    pub side_pane: SidePaneChoice,
    /// Reading width cap in columns.
    pub max_width: u16,
    /// Extra content folders, already resolved (`~/` expanded, relative paths made
    /// relative to the config file's folder).
    #[serde(serialize_with = "serialize_paths_lossy")]
    pub content: Vec<PathBuf>,
    /// Key overrides: action name → key strings (e.g. `quit` → `["q", "ctrl-c"]`).
    /// Only actions named in a config file appear; the TUI keymap owns the default
    /// bindings and validates action and key names.
    pub keys: BTreeMap<String, Vec<String>>,
}

impl Default for Config {
    /// The bundled defaults; `config_default.toml` documents exactly these (tested).
    fn default() -> Self {
        Config {
            theme: ThemeChoice::Auto,
            mouse: true,
            side_pane: SidePaneChoice::Outline,
            max_width: 100,
            content: Vec::new(),
            keys: BTreeMap::new(),
        }
    }
}

/// A config file that could not be used. The message names the file and, for
/// content errors, the line, column and key, and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}:{line}:{column}: {}{message}; fix the file (`paap config --default` shows every setting)",
        path.display(),
        key.as_ref().map(|k| format!("`{}`: ", k.escape_debug())).unwrap_or_default()
    )]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The setting at fault (`mouse`, `keys.quit`), when the error is about one.
        key: Option<String>,
        message: String,
    },
}

/// A config file larger than this is refused: a real one is a few KiB.
const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// `$XDG_CONFIG_HOME/paap/config.toml` on Linux (the platform's config dir elsewhere);
/// `None` when no home folder is known.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "paap").map(|dirs| dirs.config_dir().join("config.toml"))
}

/// True when `NO_COLOR` is set to a non-empty value: it beats the theme.
pub fn no_color() -> bool {
    no_color_from(std::env::var_os("NO_COLOR").as_deref())
}

/// [`no_color`] on a given value of `NO_COLOR` (no-color.org: set and non-empty).
pub fn no_color_from(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

impl Config {
    /// Loads the configuration: the bundled defaults with the file at `path` layered
    /// over them; `None` means [`default_path`], where a missing file is fine. An
    /// explicitly given file must exist. Returns the config and warnings (unknown keys).
    pub fn load(path: Option<&Path>) -> Result<(Config, Vec<String>), ConfigError> {
        let (path, must_exist) = match path {
            Some(path) => (path.to_path_buf(), true),
            None => match default_path() {
                Some(path) => (path, false),
                None => return Ok((Config::default(), Vec::new())),
            },
        };
        // Only a regular file, never past the cap: `--config` naming a FIFO or /dev/zero must
        // neither hang nor fill memory.
        let text = match crate::fsread::read_to_string(&path, MAX_CONFIG_BYTES)
            .map_err(std::io::Error::from)
        {
            Ok(text) => text,
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Config::default(), Vec::new()));
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        Config::from_toml_str(&text, &path)
    }

    /// The defaults with `text` (the contents of the file at `path`) layered over
    /// them. `path` is used in messages and to resolve relative content folders.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<(Config, Vec<String>), ConfigError> {
        let mut config = Config::default();
        let warnings = Layer { text, path }.apply(&mut config)?;
        Ok((config, warnings))
    }

    /// The bundled default file, with comments explaining every setting.
    pub fn default_toml() -> &'static str {
        DEFAULT_TOML
    }

    /// The effective configuration as TOML (`paap config`).
    pub fn to_toml(&self) -> String {
        toml::to_string(self)
            .unwrap_or_else(|e| format!("# the configuration could not be printed: {e}\n"))
    }
}

/// Paths that are not UTF-8 are shown lossily rather than failing `paap config`.
fn serialize_paths_lossy<S: serde::Serializer>(
    paths: &[PathBuf],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(paths.iter().map(|p| p.to_string_lossy()))
}

/// One config file being applied over a config.
struct Layer<'a> {
    text: &'a str,
    path: &'a Path,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Layer<'_> {
    fn apply(&self, config: &mut Config) -> Result<Vec<String>, ConfigError> {
        let root = DeTable::parse(self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let mut message = e.message().trim_end().to_string();
            // Quote the offending text ("duplicate key" alone does not say which).
            let snippet = self.text.get(span.clone()).unwrap_or("").trim();
            if !snippet.is_empty() && snippet.len() <= 40 && !snippet.contains('\n') {
                message.push_str(&format!(" at `{}`", snippet.escape_debug()));
            }
            self.error(span, None, message)
        })?;
        let mut warnings = Vec::new();
        for (key, value) in root.get_ref().iter() {
            let name = key.get_ref().as_ref();
            match name {
                "theme" => config.theme = self.theme(name, value)?,
                "mouse" => config.mouse = self.boolean(name, value)?,
                "side_pane" => config.side_pane = self.side_pane(name, value)?,
                "max_width" => config.max_width = self.max_width(name, value)?,
                "content" => config.content = self.content(name, value)?,
                "keys" => self.keys(value, &mut config.keys)?,
                _ => warnings.push(self.warning(
                    key.span(),
                    &format!("unknown setting `{}` ignored", name.escape_debug()),
                )),
            }
        }
        Ok(warnings)
    }

    fn theme(&self, key: &str, value: &Value) -> Result<ThemeChoice, ConfigError> {
        match self.one_of(key, value, &["dark", "light", "auto"])? {
            "dark" => Ok(ThemeChoice::Dark),
            "light" => Ok(ThemeChoice::Light),
            _ => Ok(ThemeChoice::Auto),
        }
    }

    fn side_pane(&self, key: &str, value: &Value) -> Result<SidePaneChoice, ConfigError> {
        match self.one_of(key, value, &["outline", "links", "backlinks", "hidden"])? {
            "outline" => Ok(SidePaneChoice::Outline),
            "links" => Ok(SidePaneChoice::Links),
            "backlinks" => Ok(SidePaneChoice::Backlinks),
            _ => Ok(SidePaneChoice::Hidden),
        }
    }

    /// A string that must be one of `choices`; returns the matching choice.
    fn one_of(
        &self,
        key: &str,
        value: &Value,
        choices: &[&'static str],
    ) -> Result<&'static str, ConfigError> {
        let listed = choices
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let expected = format!("expected one of {listed}");
        let found = self.string(key, value, &expected)?;
        choices
            .iter()
            .find(|c| **c == found)
            .copied()
            .ok_or_else(|| {
                self.error(
                    value.span(),
                    Some(key),
                    format!("{expected}, found \"{found}\""),
                )
            })
    }

    fn boolean(&self, key: &str, value: &Value) -> Result<bool, ConfigError> {
        value
            .get_ref()
            .as_bool()
            .ok_or_else(|| self.wrong_type(key, value, "expected true or false"))
    }

    fn max_width(&self, key: &str, value: &Value) -> Result<u16, ConfigError> {
        let expected = format!(
            "expected a whole number of columns from {} to {}",
            MAX_WIDTH_RANGE.start(),
            MAX_WIDTH_RANGE.end()
        );
        let number = value
            .get_ref()
            .as_integer()
            .ok_or_else(|| self.wrong_type(key, value, &expected))?;
        i64::from_str_radix(number.as_str(), number.radix())
            .ok()
            .filter(|n| MAX_WIDTH_RANGE.contains(n))
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| {
                self.error(
                    value.span(),
                    Some(key),
                    format!("{expected}, found {}", number.as_str()),
                )
            })
    }

    fn content(&self, key: &str, value: &Value) -> Result<Vec<PathBuf>, ConfigError> {
        let expected = "expected a list of folder paths, e.g. [\"~/notes\"]";
        let items = value
            .get_ref()
            .as_array()
            .ok_or_else(|| self.wrong_type(key, value, expected))?;
        items
            .iter()
            .map(|item| {
                let text = self.string(key, item, "expected a folder path (a string)")?;
                if text.is_empty() {
                    return Err(self.error(
                        item.span(),
                        Some(key),
                        "a folder path cannot be empty".to_string(),
                    ));
                }
                Ok(self.resolve_folder(text))
            })
            .collect()
    }

    /// `~/x` is under the home folder; a relative path is relative to the config
    /// file's folder, so the file means the same wherever paap is started.
    fn resolve_folder(&self, text: &str) -> PathBuf {
        let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        let under_home = match text {
            "~" => home(),
            _ => text
                .strip_prefix("~/")
                .and_then(|rest| home().map(|home| home.join(rest))),
        };
        if let Some(path) = under_home {
            return path;
        }
        let path = PathBuf::from(text);
        match self.path.parent() {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path,
        }
    }

    /// `[keys]`: each entry replaces that action's keys; a single string is one key.
    fn keys(
        &self,
        value: &Value,
        keys: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<(), ConfigError> {
        let table = value.get_ref().as_table().ok_or_else(|| {
            self.wrong_type(
                "keys",
                value,
                "expected a table of action = key or [keys], e.g. [keys] quit = [\"q\"]",
            )
        })?;
        for (action, bound) in table.iter() {
            let action = action.get_ref().as_ref();
            let key = format!("keys.{action}");
            let expected =
                "expected a key name or a list of key names, e.g. \"q\" or [\"q\", \"ctrl-c\"]";
            let items: Vec<&Value> = match bound.get_ref() {
                DeValue::String(_) => vec![bound],
                DeValue::Array(array) => array.iter().collect(),
                _ => return Err(self.wrong_type(&key, bound, expected)),
            };
            let mut names = Vec::with_capacity(items.len());
            for item in items {
                let name = self.string(&key, item, expected)?;
                if name.trim().is_empty() {
                    return Err(self.error(
                        item.span(),
                        Some(&key),
                        "a key name cannot be empty".to_string(),
                    ));
                }
                names.push(name.to_string());
            }
            keys.insert(action.to_string(), names);
        }
        Ok(())
    }

    fn string<'v>(
        &self,
        key: &str,
        value: &'v Value,
        expected: &str,
    ) -> Result<&'v str, ConfigError> {
        value
            .get_ref()
            .as_str()
            .ok_or_else(|| self.wrong_type(key, value, expected))
    }

    fn wrong_type(&self, key: &str, value: &Value, expected: &str) -> ConfigError {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            Some(key),
            format!("{expected}, found {}", with_article(found)),
        )
    }

    fn error(&self, span: Range<usize>, key: Option<&str>, message: String) -> ConfigError {
        let (line, column) = line_column(self.text, span.start);
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line,
            column,
            key: key.map(str::to_string),
            message,
        }
    }

    fn warning(&self, span: Range<usize>, message: &str) -> String {
        let (line, column) = line_column(self.text, span.start);
        format!("{}:{line}:{column}: {message}", self.path.display())
    }
}

fn with_article(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}
