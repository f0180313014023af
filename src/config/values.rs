//! How each setting is read: one visitor per kind of value says what it expects, so
//! serde's messages read "invalid type: string \"yes\", expected true or false". Checks
//! run inside the visitor, so toml points an error at the value itself, an item of a list
//! included.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::{ImagesChoice, SidePaneChoice, ThemeChoice};
use crate::sync::spec::{self, Location};

/// Reading width cap limits: narrower is unreadable, wider is no cap at all.
const MAX_WIDTH_RANGE: std::ops::RangeInclusive<i64> = 20..=1000;

/// A string, checked (and converted) by `check` as it is read.
fn checked_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expected: &str,
    check: &dyn Fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Visitor<'a, T> {
        expected: &'a str,
        check: &'a dyn Fn(&str) -> Result<T, String>,
    }
    impl<'de, T> de::Visitor<'de> for Visitor<'_, T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expected)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            (self.check)(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Visitor { expected, check })
}

/// A whole number in `range`.
fn whole_number<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, D::Error> {
    struct Visitor<'a> {
        expected: &'a str,
        range: std::ops::RangeInclusive<i64>,
    }
    impl<'de> de::Visitor<'de> for Visitor<'_> {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expected)
        }
        fn visit_i64<E: de::Error>(self, number: i64) -> Result<i64, E> {
            if self.range.contains(&number) {
                Ok(number)
            } else {
                Err(E::custom(format!(
                    "expected {}, found {number}",
                    self.expected
                )))
            }
        }
        fn visit_u64<E: de::Error>(self, number: u64) -> Result<i64, E> {
            match i64::try_from(number) {
                Ok(number) => self.visit_i64(number),
                Err(_) => Err(E::custom(format!(
                    "expected {}, found {number}",
                    self.expected
                ))),
            }
        }
    }
    deserializer.deserialize_i64(Visitor { expected, range })
}

/// A list of `T`.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
    expected: &str,
) -> Result<Vec<T>, D::Error> {
    struct Visitor<'a, T> {
        expected: &'a str,
        item: std::marker::PhantomData<T>,
    }
    impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visitor<'_, T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expected)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<Vec<T>, A::Error> {
            let mut list = Vec::new();
            while let Some(item) = items.next_element()? {
                list.push(item);
            }
            Ok(list)
        }
    }
    deserializer.deserialize_seq(Visitor {
        expected,
        item: std::marker::PhantomData,
    })
}

/// A string that must be one of `choices`.
fn choice<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    choices: &[(&str, T)],
) -> Result<T, D::Error> {
    let listed = choices
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let expected = format!("one of {listed}");
    checked_str(deserializer, &expected, &|text| {
        choices
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, value)| *value)
            .ok_or_else(|| format!("expected {expected}, found {text:?}"))
    })
}

pub(super) fn theme<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ThemeChoice, D::Error> {
    use ThemeChoice::*;
    choice(
        deserializer,
        &[("dark", Dark), ("light", Light), ("auto", Auto)],
    )
}

pub(super) fn side_pane<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<SidePaneChoice, D::Error> {
    use SidePaneChoice::*;
    choice(
        deserializer,
        &[
            ("outline", Outline),
            ("links", Links),
            ("backlinks", Backlinks),
            ("hidden", Hidden),
        ],
    )
}

pub(super) fn images<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ImagesChoice, D::Error> {
    use ImagesChoice::*;
    choice(
        deserializer,
        &[("auto", Auto), ("halfblocks", Halfblocks), ("off", Off)],
    )
}

pub(super) fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Visitor;
    impl<'de> de::Visitor<'de> for Visitor {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("true or false")
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
    }
    deserializer.deserialize_bool(Visitor)
}

pub(super) fn max_width<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    let expected = format!(
        "a whole number of columns from {} to {}",
        MAX_WIDTH_RANGE.start(),
        MAX_WIDTH_RANGE.end()
    );
    let number = whole_number(deserializer, &expected, MAX_WIDTH_RANGE)?;
    u16::try_from(number).map_err(|_| de::Error::custom(format!("expected {expected}")))
}

pub(super) fn positive<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let number = whole_number(deserializer, "a whole number above 0", 1..=i64::MAX)?;
    u64::try_from(number).map_err(|_| de::Error::custom("expected a whole number above 0"))
}

/// Non-empty folder paths, as written; resolved against the file's folder afterwards.
pub(super) fn folders<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<PathBuf>, D::Error> {
    let folders: Vec<NonEmpty<FolderPath>> =
        list(deserializer, "a list of folder paths, e.g. [\"~/notes\"]")?;
    Ok(folders.into_iter().map(|f| PathBuf::from(f.text)).collect())
}

/// `[keys]`: each entry replaces that action's keys; a single string is one key.
pub(super) fn key_bindings<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    struct Visitor;
    impl<'de> de::Visitor<'de> for Visitor {
        type Value = BTreeMap<String, Vec<String>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a table of action = key or [keys], e.g. [keys] quit = [\"q\"]")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut keys = BTreeMap::new();
            while let Some((action, list)) = map.next_entry::<String, KeyList>()? {
                keys.insert(action, list.0);
            }
            Ok(keys)
        }
    }
    deserializer.deserialize_map(Visitor)
}

/// The keys of one action: `"q"` or `["q", "ctrl-c"]`, none of them empty.
struct KeyList(Vec<String>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = KeyList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key name or a list of key names, e.g. \"q\" or [\"q\", \"ctrl-c\"]")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<KeyList, E> {
                let name = non_empty(name, KeyName::WHAT).map_err(E::custom)?;
                Ok(KeyList(vec![name]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<KeyList, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = items.next_element::<NonEmpty<KeyName>>()? {
                    names.push(name.text);
                }
                Ok(KeyList(names))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

pub(super) fn source_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    checked_str(deserializer, "a source name (a string)", &|name| {
        spec::check_name(name).map(|()| name.to_string())
    })
}

pub(super) fn source_url<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    checked_str(
        deserializer,
        "github:OWNER/REPO[@REF] or an https URL (a string)",
        &|url| {
            let written = Location::parse(url)?;
            if written.path.is_some() {
                return Err(
                    "a path after the repository is for `paap sync` alone; list it in `paths`"
                        .to_string(),
                );
            }
            Ok(url.trim().to_string())
        },
    )
}

pub(super) fn kept_paths<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    let paths: Vec<KeptPath> = list(
        deserializer,
        "a list of paths in the archive, e.g. [\"docs\"]",
    )?;
    Ok(paths.into_iter().map(|p| p.0).collect())
}

/// One of a source's `paths`.
struct KeptPath(String);

impl<'de> Deserialize<'de> for KeptPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        checked_str(
            deserializer,
            "a path in the archive (a string)",
            &spec::check_kept_path,
        )
        .map(KeptPath)
    }
}

/// What a string setting names, for its messages.
trait Named {
    const WHAT: &'static str;
}
struct FolderPath;
impl Named for FolderPath {
    const WHAT: &'static str = "a folder path";
}
struct KeyName;
impl Named for KeyName {
    const WHAT: &'static str = "a key name";
}

fn non_empty(text: &str, what: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err(format!("{what} cannot be empty"))
    } else {
        Ok(text.to_string())
    }
}

/// A string that must hold more than white space.
struct NonEmpty<T> {
    text: String,
    what: std::marker::PhantomData<T>,
}

impl<'de, T: Named> Deserialize<'de> for NonEmpty<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expected = format!("{} (a string)", T::WHAT);
        let text = checked_str(deserializer, &expected, &|text| non_empty(text, T::WHAT))?;
        Ok(NonEmpty {
            text,
            what: std::marker::PhantomData,
        })
    }
}
