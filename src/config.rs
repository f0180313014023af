//! The configuration file: theme, mouse, side pane, width cap, folders, key map, sources.
//!
//! Bundled defaults ([`Config::default`], documented by [`Config::default_toml`]) with
//! the user's TOML file layered over them. The file is deserialized into [`Config`]
//! (`#[serde(default)]`: a setting left out keeps its default); toml's errors carry the
//! span, from which the message names the file, line, column and key. Unknown keys are
//! collected with `serde_ignored` and become warnings instead of errors.

mod position;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::DeTable;

use position::{Lines, key_at, key_span};

/// The commented default file (`paap config --default`).
const DEFAULT_TOML: &str = include_str!("config_default.toml");

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

/// How pictures in documents are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImagesChoice {
    /// Ask the terminal at start: kitty, iTerm2 or sixel graphics where it has them,
    /// half blocks elsewhere.
    Auto,
    /// Half-block characters, which every terminal with colour shows.
    Halfblocks,
    /// Alt text only; no image file is read.
    Off,
}

impl ImagesChoice {
    pub const NAMES: [&'static str; 3] = ["auto", "halfblocks", "off"];

    pub fn from_name(name: &str) -> Option<ImagesChoice> {
        match name {
            "auto" => Some(ImagesChoice::Auto),
            "halfblocks" => Some(ImagesChoice::Halfblocks),
            "off" => Some(ImagesChoice::Off),
            _ => None,
        }
    }
}

/// The effective configuration. Plain values come before tables, so it prints as TOML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    #[serde(deserialize_with = "values::theme")]
    pub theme: ThemeChoice,
    #[serde(deserialize_with = "values::boolean")]
    pub mouse: bool,
    #[serde(deserialize_with = "values::side_pane")]
    pub side_pane: SidePaneChoice,
    #[serde(deserialize_with = "values::images")]
    pub images: ImagesChoice,
    /// Reading width cap in columns.
    #[serde(deserialize_with = "values::max_width")]
    pub max_width: u16,
    /// Extra content folders, already resolved (`~/` expanded, relative paths made
    /// relative to the config file's folder).
    #[serde(
        serialize_with = "serialize_paths_lossy",
        deserialize_with = "values::folders"
    )]
    pub content: Vec<PathBuf>,
    /// Key overrides: action name → key strings (e.g. `quit` → `["q", "ctrl-c"]`).
    /// Only actions named in a config file appear; the TUI keymap owns the default
    /// bindings and validates action and key names.
    #[serde(deserialize_with = "values::key_bindings")]
    pub keys: BTreeMap<String, Vec<String>>,
    /// What `paap sync` fetches. A `[[sources]]` list in the file replaces the default one.
    pub sources: Vec<SourceConfig>,
    /// Limits and timeouts of `paap sync`.
    pub sync: SyncSettings,
}

/// One `[[sources]]` entry: a repository or tarball whose files `paap sync` keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceConfig {
    /// Its folder's name under the data folder, and its name in `list --json`.
    #[serde(deserialize_with = "values::source_name")]
    pub name: String,
    /// `github:OWNER/REPO[@REF]` or the URL of a `.tar.gz`.
    #[serde(deserialize_with = "values::source_url")]
    pub url: String,
    /// Paths kept from the archive, relative to its top folder; empty keeps everything.
    #[serde(default, deserialize_with = "values::kept_paths")]
    pub paths: Vec<String>,
    /// Web hosts that publish this source's pages: a summary whose `source` URL is on one
    /// of them has its original here.
    #[serde(default)]
    pub hosts: Vec<String>,
}

/// `[sync]`: what one archive may hold, and how long to wait for a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncSettings {
    /// Unpacked size cap, in megabytes (10⁶ bytes); the download is capped the same.
    #[serde(deserialize_with = "values::positive")]
    pub max_unpacked_mb: u64,
    /// Cap on the number of archive entries (files, folders, links).
    #[serde(deserialize_with = "values::positive")]
    pub max_entries: u64,
    /// Seconds to wait for a connection.
    #[serde(deserialize_with = "values::positive")]
    pub connect_timeout: u64,
    /// Seconds a download may stall before it is given up.
    #[serde(deserialize_with = "values::positive")]
    pub idle_timeout: u64,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            max_unpacked_mb: 500,
            max_entries: 100_000,
            connect_timeout: 15,
            idle_timeout: 30,
        }
    }
}

impl Default for Config {
    /// The bundled defaults; `config_default.toml` documents exactly these (tested).
    fn default() -> Self {
        Config {
            theme: ThemeChoice::Auto,
            mouse: true,
            side_pane: SidePaneChoice::Outline,
            images: ImagesChoice::Auto,
            max_width: 100,
            content: Vec::new(),
            keys: BTreeMap::new(),
            sources: vec![SourceConfig::community()],
            sync: SyncSettings::default(),
        }
    }
}

impl SourceConfig {
    /// The community's repository: its site's pages and images, and its research.
    pub fn community() -> SourceConfig {
        SourceConfig {
            name: "cnpe-community".to_string(),
            url: "github:Cloud-Native-Platform-Engineering/cnpe-community".to_string(),
            paths: [
                "website/content/en",
                "website/static",
                "platform-as-a-product",
            ]
            .map(String::from)
            .to_vec(),
            hosts: ["cloudnativeplatforms.com", "cloud-native-platforms.com"]
                .map(String::from)
                .to_vec(),
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
        let file = File {
            text,
            path,
            lines: Lines::new(text),
        };
        let root = DeTable::parse(text).map_err(|e| file.syntax_error(&e))?;
        let mut ignored = Vec::new();
        let deserializer = toml::de::Deserializer::from(root.clone());
        let mut config: Config = serde_ignored::deserialize(deserializer, |path| {
            ignored.push(position::segments(&path));
        })
        .map_err(|e| file.value_error(&e, root.get_ref()))?;
        config.content = config
            .content
            .iter()
            .map(|folder| file.resolve_folder(folder))
            .collect();
        Ok((config, file.warnings(&ignored, root.get_ref())))
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

/// The file being read, for messages.
struct File<'a> {
    text: &'a str,
    path: &'a Path,
    lines: Lines,
}

impl File<'_> {
    fn syntax_error(&self, error: &toml::de::Error) -> ConfigError {
        let span = error.span().unwrap_or(0..0);
        let mut message = error.message().trim_end().to_string();
        // Quote the offending text ("duplicate key" alone does not say which).
        let snippet = self.text.get(span.clone()).unwrap_or("").trim();
        if !snippet.is_empty() && snippet.len() <= 40 && !snippet.contains('\n') {
            message.push_str(&format!(" at `{snippet}`"));
        }
        self.invalid(span.start, None, &message)
    }

    /// A value of the wrong type or out of range: toml gives its span; the key is the
    /// one whose value holds that span.
    fn value_error(&self, error: &toml::de::Error, root: &DeTable) -> ConfigError {
        let offset = error.span().map_or(0, |span| span.start);
        let key = error.span().and_then(|_| key_at(root, offset));
        self.invalid(offset, key, error.message().trim_end())
    }

    fn invalid(&self, offset: usize, key: Option<String>, message: &str) -> ConfigError {
        let (line, column) = self.lines.line_column(self.text, offset);
        ConfigError::Invalid {
            path: self.path.to_path_buf(),
            line,
            column,
            key,
            message: escape_controls(message),
        }
    }

    /// One warning per ignored key, in file order. Every lookup is by key and every
    /// position comes from the line table, so this stays linear in the number of keys.
    fn warnings(&self, ignored: &[Vec<position::Segment>], root: &DeTable) -> Vec<String> {
        let mut found: Vec<(usize, String)> = ignored
            .iter()
            .map(|segments| {
                let offset = key_span(root, segments).map_or(0, |span| span.start);
                let (line, column) = self.lines.line_column(self.text, offset);
                let name = position::display(segments).escape_debug().to_string();
                let message = format!(
                    "{}:{line}:{column}: unknown setting `{name}` ignored",
                    self.path.display()
                );
                (offset, message)
            })
            .collect();
        found.sort_by_key(|(offset, _)| *offset);
        found.into_iter().map(|(_, message)| message).collect()
    }

    /// `~/x` is under the home folder; a relative path is relative to the config
    /// file's folder, so the file means the same wherever paap is started.
    fn resolve_folder(&self, folder: &Path) -> PathBuf {
        let text = folder.to_string_lossy();
        let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        let under_home = match text.as_ref() {
            "~" => home(),
            _ => text
                .strip_prefix("~/")
                .and_then(|rest| home().map(|home| home.join(rest))),
        };
        if let Some(path) = under_home {
            return path;
        }
        match self.path.parent() {
            Some(dir) if folder.is_relative() => dir.join(folder),
            _ => folder.to_path_buf(),
        }
    }
}

/// Control characters from the file (in a key or a value quoted by a message) are shown
/// escaped, never sent to the terminal.
fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
