//! The config file: defaults, layering, errors with file:line:column and key, warnings.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use paap::config::{Config, ConfigError, SidePaneChoice, ThemeChoice, no_color_from};

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
            "{}:3:11: `mouse`: expected true or false, found a string; fix the file (`paap config --default` shows every setting)",
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
        ("side_pane = 3", "side_pane", (1, 13), "found an integer"),
        (
            "max_width = 5",
            "max_width",
            (1, 13),
            "from 20 to 1000, found 5",
        ),
        ("max_width = 1e3", "max_width", (1, 13), "found a float"),
        (
            "max_width = 99999999999999999999",
            "max_width",
            (1, 13),
            "found 99999999999999999999",
        ),
        ("content = \"notes\"", "content", (1, 11), "found a string"),
        (
            "content = [\"a\", 1]",
            "content",
            (1, 17),
            "found an integer",
        ),
        ("[keys]\nquit = 1", "keys.quit", (2, 8), "found an integer"),
        (
            "[keys]\nquit = [\"q\", \"\"]",
            "keys.quit",
            (2, 14),
            "cannot be empty",
        ),
        ("keys = 1", "keys", (1, 8), "found an integer"),
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
