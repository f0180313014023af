//! The config file: defaults, layering, errors with file:line:column and key, warnings.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use paap::config::{
    Config, ConfigError, SidePaneChoice, SourceConfig, SyncSettings, ThemeChoice, no_color_from,
};

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    fs::write(&path, text).unwrap();
    path
}

fn load_err(text: &str) -> (ConfigError, String, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), text);
    let err = Config::load(Some(&path)).expect_err("config should be rejected");
    let message = err.to_string();
    (err, message, path)
}

#[test]
fn default_file_parses_to_the_defaults_without_warnings() {
    let (config, warnings) =
        Config::from_toml_str(Config::default_toml(), Path::new("default.toml")).unwrap();
    assert_eq!(config, Config::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(config.theme, ThemeChoice::Auto);
    assert!(config.mouse);
    assert_eq!(config.side_pane, SidePaneChoice::Outline);
    assert_eq!(config.max_width, 100);
    assert!(config.content.is_empty());
    assert!(config.keys.is_empty());
}

#[test]
fn default_file_documents_every_setting() {
    let text = Config::default_toml();
    for setting in [
        "theme =",
        "mouse =",
        "side_pane =",
        "max_width =",
        "content =",
        "[keys]",
        "NO_COLOR",
    ] {
        assert!(text.contains(setting), "default file lacks {setting}");
    }
}

#[test]
fn good_file_sets_every_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(
        dir.path(),
        r#"
theme = "light"
mouse = false
side_pane = "backlinks"
max_width = 0x50
content = ["notes", "/abs/docs"]

[keys]
quit = ["x", "ctrl-q"]
search = "s"
"#,
    );
    let (config, warnings) = Config::load(Some(&path)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let expected_keys = BTreeMap::from([
        (
            "quit".to_string(),
            vec!["x".to_string(), "ctrl-q".to_string()],
        ),
        ("search".to_string(), vec!["s".to_string()]),
    ]);
    assert_eq!(
        config,
        Config {
            theme: ThemeChoice::Light,
            mouse: false,
            side_pane: SidePaneChoice::Backlinks,
            max_width: 80,
            // A relative folder is relative to the config file's folder.
            content: vec![dir.path().join("notes"), PathBuf::from("/abs/docs")],
            keys: expected_keys,
            ..Config::default()
        }
    );
}

#[test]
fn a_partial_file_is_layered_over_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "max_width = 72\nkeys.bookmark = \"b\"\n");
    let (config, warnings) = Config::load(Some(&path)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        config,
        Config {
            max_width: 72,
            keys: BTreeMap::from([("bookmark".to_string(), vec!["b".to_string()])]),
            ..Config::default()
        }
    );
}

#[test]
fn an_empty_file_gives_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "");
    assert_eq!(
        Config::load(Some(&path)).unwrap(),
        (Config::default(), vec![])
    );
}

#[test]
fn bad_toml_names_file_line_and_column() {
    let (err, message, path) = load_err("theme = \"dark\"\nmouse = = true\n");
    match err {
        ConfigError::Invalid {
            path: p,
            line,
            column,
            ..
        } => {
            assert_eq!(p, path);
            assert_eq!((line, column), (2, 9));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        message.starts_with(&format!("{}:2:9: ", path.display())),
        "{message}"
    );
}

#[test]
fn unterminated_string_is_reported_where_it_starts() {
    let (_, message, path) = load_err("# comment\n\ntheme = \"dark\n");
    assert!(
        message.starts_with(&format!("{}:3:", path.display())),
        "{message}"
    );
}

#[test]
fn wrong_type_names_the_key_and_what_was_expected() {
    let (err, message, path) = load_err("theme = \"dark\"\n\n  mouse = \"yes\"\n");
    match &err {
        ConfigError::Invalid {
            line, column, key, ..
        } => {
            assert_eq!((*line, *column), (3, 11));
            assert_eq!(key.as_deref(), Some("mouse"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        message,
        format!(
            "{}:3:11: `mouse`: invalid type: string \"yes\", expected true or false; fix the file (`paap config --default` shows every setting)",
            path.display()
        )
    );
}

#[test]
fn wrong_values_are_errors_naming_the_key() {
    for (text, key, position, needle) in [
        (
            "theme = \"blue\"",
            "theme",
            (1, 9),
            "expected one of \"dark\", \"light\", \"auto\", found \"blue\"",
        ),
        (
            "side_pane = 3",
            "side_pane",
            (1, 13),
            "invalid type: integer `3`, expected one of \"outline\"",
        ),
        (
            "max_width = 5",
            "max_width",
            (1, 13),
            "from 20 to 1000, found 5",
        ),
        (
            "max_width = 1e3",
            "max_width",
            (1, 13),
            "invalid type: floating point",
        ),
        (
            "max_width = 99999999999999999999",
            "max_width",
            (1, 13),
            "integer `99999999999999999999`",
        ),
        (
            "content = \"notes\"",
            "content",
            (1, 11),
            "invalid type: string \"notes\", expected a list of folder paths",
        ),
        (
            "content = [\"a\", 1]",
            "content",
            (1, 17),
            "invalid type: integer `1`, expected a folder path",
        ),
        (
            "[keys]\nquit = 1",
            "keys.quit",
            (2, 8),
            "invalid type: integer `1`, expected a key name or a list",
        ),
        (
            "[keys]\nquit = [\"q\", \"\"]",
            "keys.quit",
            (2, 14),
            "cannot be empty",
        ),
        (
            "keys = 1",
            "keys",
            (1, 8),
            "invalid type: integer `1`, expected a table",
        ),
        ("content = [\" \"]", "content", (1, 12), "cannot be empty"),
        (
            "[[sources]]\nname = \"a b\"\nurl = \"github:o/r\"",
            "sources.name",
            (2, 8),
            "not a source name",
        ),
        (
            "[[sources]]\nname = \"x\"\nurl = \"ftp://h/x.tgz\"",
            "sources.url",
            (3, 7),
            "neither github:OWNER/REPO[@REF] nor an https URL",
        ),
        (
            "[[sources]]\nname = \"x\"\nurl = \"github:o/r\"\npaths = [\"ok\", \"../up\"]",
            "sources.paths",
            (4, 16),
            "not a path inside the archive",
        ),
        (
            "[sync]\nmax_entries = 0",
            "sync.max_entries",
            (2, 15),
            "expected a whole number above 0, found 0",
        ),
        (
            "[sync]\nidle_timeout = \"soon\"",
            "sync.idle_timeout",
            (2, 16),
            "expected a whole number above 0",
        ),
    ] {
        let (err, message, _) = load_err(text);
        let ConfigError::Invalid {
            line,
            column,
            key: k,
            ..
        } = &err
        else {
            panic!("{text}: {err:?}");
        };
        assert_eq!(k.as_deref(), Some(key), "{text}: {message}");
        assert_eq!((*line, *column), position, "{text}: {message}");
        assert!(message.contains(needle), "{text}: {message}");
    }
}

#[test]
fn unknown_keys_are_warnings_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(
        dir.path(),
        "theme = \"dark\"\ncolour = \"red\"\n\n[extras]\nx = 1\n",
    );
    let (config, warnings) = Config::load(Some(&path)).unwrap();
    assert_eq!(config.theme, ThemeChoice::Dark);
    assert_eq!(
        warnings,
        vec![
            format!("{}:2:1: unknown setting `colour` ignored", path.display()),
            format!("{}:4:2: unknown setting `extras` ignored", path.display()),
        ]
    );
}

#[test]
fn an_explicit_missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let err = Config::load(Some(&path)).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot read config file {}", path.display())),
        "{err}"
    );
}

#[test]
fn effective_config_prints_as_toml_that_reads_back_the_same() {
    let config = Config {
        theme: ThemeChoice::Light,
        mouse: false,
        side_pane: SidePaneChoice::Hidden,
        max_width: 90,
        content: vec![PathBuf::from("/srv/notes")],
        keys: BTreeMap::from([("quit".to_string(), vec!["x".to_string()])]),
        ..Config::default()
    };
    let printed = config.to_toml();
    assert!(printed.contains("theme = \"light\""), "{printed}");
    assert!(printed.contains("side_pane = \"hidden\""), "{printed}");
    let (reread, warnings) = Config::from_toml_str(&printed, Path::new("/printed.toml")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(reread, config);
}

#[test]
fn no_color_needs_a_non_empty_value() {
    assert!(!no_color_from(None));
    assert!(!no_color_from(Some(OsStr::new(""))));
    assert!(no_color_from(Some(OsStr::new("1"))));
    assert!(no_color_from(Some(OsStr::new("0"))));
}

#[test]
fn duplicate_key_error_quotes_the_key() {
    let (_, message, path) = load_err("mouse = true\nmouse = false\n");
    assert!(
        message.starts_with(&format!("{}:2:1: duplicate key at `mouse`", path.display())),
        "{message}"
    );
}

#[test]
fn tilde_in_a_content_folder_is_the_home_folder() {
    let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) else {
        return; // no home folder known: nothing to expand
    };
    let (config, _) = Config::from_toml_str(
        "content = [\"~/notes\", \"~\"]",
        Path::new("/etc/paap/c.toml"),
    )
    .unwrap();
    assert_eq!(config.content, vec![home.join("notes"), home]);
}

#[test]
fn control_characters_in_key_names_are_escaped_in_messages() {
    let (config, warnings) =
        Config::from_toml_str("\"evil\\u001b[2J\" = 1", Path::new("c.toml")).unwrap();
    assert_eq!(config, Config::default());
    assert_eq!(warnings.len(), 1);
    assert!(!warnings[0].contains('\u{1b}'), "{:?}", warnings[0]);
    assert!(warnings[0].contains("evil\\u{1b}[2J"), "{:?}", warnings[0]);
}

#[test]
fn the_default_source_is_the_community_repository() {
    let config = Config::default();
    assert_eq!(config.sources, vec![SourceConfig::community()]);
    let source = &config.sources[0];
    assert_eq!(source.name, "cnpe-community");
    assert_eq!(
        source.url,
        "github:Cloud-Native-Platform-Engineering/cnpe-community"
    );
    assert_eq!(
        source.paths,
        [
            "website/content/en",
            "website/static",
            "platform-as-a-product"
        ]
    );
    assert_eq!(
        config.sync,
        SyncSettings {
            max_unpacked_mb: 500,
            max_entries: 100_000,
            connect_timeout: 15,
            idle_timeout: 30,
        }
    );
}

#[test]
fn sources_in_the_file_replace_the_default_list_and_caps_are_settable() {
    let (config, warnings) = Config::from_toml_str(
        r#"
[[sources]]
name = "team"
url = "https://example.com/docs.tar.gz"
paths = ["docs/"]

[[sources]]
name = "other"
url = "github:o/r@v2"

[sync]
max_unpacked_mb = 20
max_entries = 300
"#,
        Path::new("c.toml"),
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        config.sources,
        vec![
            SourceConfig {
                name: "team".into(),
                url: "https://example.com/docs.tar.gz".into(),
                paths: vec!["docs".into()],
                hosts: vec![],
            },
            SourceConfig {
                name: "other".into(),
                url: "github:o/r@v2".into(),
                paths: vec![],
                hosts: vec![],
            },
        ]
    );
    assert_eq!(config.sync.max_unpacked_mb, 20);
    assert_eq!(config.sync.max_entries, 300);
    // Left out: the default.
    assert_eq!(config.sync.idle_timeout, 30);
}

#[test]
fn a_source_without_a_url_names_the_missing_field() {
    let (err, message, _) = load_err("[[sources]]\nname = \"x\"\n");
    let ConfigError::Invalid { key, line, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(key.as_deref(), Some("sources"), "{message}");
    assert_eq!(*line, 1, "{message}");
    assert!(message.contains("missing field `url`"), "{message}");
}

#[test]
fn unknown_keys_inside_tables_are_warnings_with_their_place() {
    let (config, warnings) = Config::from_toml_str(
        "[[sources]]\nname = \"x\"\nurl = \"github:o/r\"\ncolour = 1\n\n[sync]\nspeed = 2\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(config.sources[0].name, "x");
    assert_eq!(
        warnings,
        [
            "c.toml:4:1: unknown setting `sources[0].colour` ignored",
            "c.toml:7:1: unknown setting `sync.speed` ignored",
        ]
    );
}

#[test]
fn a_hundred_thousand_unknown_keys_give_as_many_warnings_in_order() {
    // Positions come from a line table, not a scan from the top per warning: this file
    // took 82 s when each warning counted lines from the start.
    let mut text = String::from("theme = \"dark\"\n");
    for i in 0..100_000 {
        text.push_str(&format!("unknown{i} = {i}\n"));
    }
    let (config, warnings) = Config::from_toml_str(&text, Path::new("big.toml")).unwrap();
    assert_eq!(config.theme, ThemeChoice::Dark);
    assert_eq!(warnings.len(), 100_000);
    assert_eq!(
        warnings[0],
        "big.toml:2:1: unknown setting `unknown0` ignored"
    );
    assert_eq!(
        warnings[99_999],
        "big.toml:100001:1: unknown setting `unknown99999` ignored"
    );
}

#[test]
fn control_characters_in_values_are_escaped_in_messages() {
    let (_, message, _) = load_err("theme = \"\\u001b[2J\"");
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("\\u{1b}[2J"), "{message:?}");
}
