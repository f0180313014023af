//! The front-matter keys paap does not interpret, kept for `--json` as written.
//!
//! Kept as one compact JSON text per document rather than as a tree of JSON values: a
//! nested Hugo menu (`menu: main: weight: 40`) is three maps of about 600 bytes each as
//! values, and over 10,000 pages those were 23 MB of the 92 MB a `list` touched, most of
//! the time of a load being the kernel handing out fresh memory. Only `--json` and the
//! search index's persona roles read the keys, and they parse the text back.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Front-matter keys and values as a JSON object's text (`{"menu":{"main":…}}`); empty
/// when there are none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    json: Box<str>,
}

impl Extra {
    pub fn new(map: &Map<String, Value>) -> Extra {
        if map.is_empty() {
            return Extra::default();
        }
        Extra {
            // Serializing a map of JSON values cannot fail (its keys are strings).
            json: serde_json::to_string(map).unwrap_or_default().into(),
        }
    }

    /// Front-matter keys and values in any order, as `new` writes the map they make: in
    /// key order, and of a key given twice, the last value (none is: a parser refuses
    /// duplicate keys). Without building the map: most pages have a key or two here.
    pub(crate) fn from_fields(mut fields: Vec<(String, Value)>) -> Extra {
        if fields.is_empty() {
            return Extra::default();
        }
        // Stable: of equal keys the last stays last, and is the one kept below.
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        let kept: Vec<&(String, Value)> = fields
            .iter()
            .enumerate()
            .filter(|&(i, (key, _))| fields.get(i + 1).is_none_or(|(next, _)| next != key))
            .map(|(_, field)| field)
            .collect();
        struct Sorted<'a>(Vec<&'a (String, Value)>);
        impl Serialize for Sorted<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
            }
        }
        Extra {
            json: serde_json::to_string(&Sorted(kept))
                .unwrap_or_default()
                .into(),
        }
    }

    /// The keys and values, read back.
    pub fn map(&self) -> Map<String, Value> {
        if self.json.is_empty() {
            return Map::new();
        }
        serde_json::from_str(&self.json).unwrap_or_default()
    }

    /// The value of `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<Value> {
        // Most documents have no such key: a look at the text spares parsing it.
        let quoted = serde_json::to_string(key).ok()?;
        if !self.json.contains(quoted.as_str()) {
            return None;
        }
        self.map().remove(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Extra {
        Extra::new(&map)
    }
}

impl Serialize for Extra {
    /// As the map it holds, so that `--json` prints it as any other JSON (pretty, escaped).
    /// The text is read straight into the serializer, no map built: its keys are in the
    /// order the map keeps them, as `new` and `from_fields` wrote them, at every level.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.json.is_empty() {
            return Map::new().serialize(serializer);
        }
        let mut text = serde_json::Deserializer::from_str(&self.json);
        serde_transcode::transcode(&mut text, serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    /// From the map it was written as (the listing cache reads documents back), kept as
    /// the text it was written in: `Extra` wrote it, compact, so it is what `new` makes.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Extra, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if !raw.get().starts_with('{') {
            return Err(serde::de::Error::custom(
                "front-matter keys are not a JSON object",
            ));
        }
        if raw.get() == "{}" {
            return Ok(Extra::default());
        }
        Ok(Extra { json: raw.into() })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_and_nested_values_read_back_as_written() {
        let map = json!({"menu": {"main": {"weight": 40}}, "role": "Builder", "e": [1, "x"]});
        let Value::Object(map) = map else { panic!() };
        let extra = Extra::new(&map);
        assert_eq!(extra.map(), map);
        assert_eq!(extra.get("role"), Some(json!("Builder")));
        assert_eq!(extra.get("menu"), Some(json!({"main": {"weight": 40}})));
        assert_eq!(extra.get("main"), None, "a key only nested is not a key");
        assert!(!extra.contains_key("title"));
        assert_eq!(
            serde_json::to_value(&extra).unwrap(),
            Value::Object(map.clone())
        );
    }

    #[test]
    fn from_fields_it_is_what_the_map_they_make_gives() {
        let fields = |pairs: &[(&str, Value)]| -> Vec<(String, Value)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let cases = [
            fields(&[
                ("weight", json!(3)),
                ("menu", json!({"main": {"weight": 4}})),
                ("a", json!(null)),
            ]),
            fields(&[("b", json!(1)), ("a", json!(2)), ("b", json!(3))]),
            fields(&[("z", json!("é\u{1b}"))]),
            Vec::new(),
        ];
        for case in cases {
            let map: Map<String, Value> = case.clone().into_iter().collect();
            assert_eq!(Extra::from_fields(case), Extra::new(&map));
        }
    }

    #[test]
    fn no_keys_is_empty_and_serializes_as_an_empty_object() {
        let extra = Extra::new(&Map::new());
        assert!(extra.is_empty());
        assert_eq!(extra.get("role"), None);
        assert_eq!(serde_json::to_string(&extra).unwrap(), "{}");
    }

    #[test]
    fn read_back_from_its_json_it_is_the_same() {
        let map = json!({"menu": {"main": {"weight": 40}}, "role": "Builder"});
        let Value::Object(map) = map else { panic!() };
        for extra in [Extra::new(&map), Extra::default()] {
            let text = serde_json::to_string(&extra).unwrap();
            assert_eq!(serde_json::from_str::<Extra>(&text).unwrap(), extra);
        }
        assert!(serde_json::from_str::<Extra>("[1]").is_err());
    }

    fn value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e300f64..1e300).prop_map(Value::from),
            "[a-z\"\\\n\u{1}\u{85}\u{202e}é😀 ]{0,6}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map("[a-z\"é]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn it_prints_as_the_map_it_holds(
            map in proptest::collection::btree_map("[a-z\"é ]{0,5}", value(), 0..5)
        ) {
            let map: Map<String, Value> = map.into_iter().collect();
            let extra = Extra::new(&map);
            let streamed = serde_json::to_string_pretty(&extra).unwrap();
            // As it printed when the map was read back first (numbers read from the text
            // as both read them).
            let built = serde_json::to_string_pretty(&extra.map()).unwrap();
            proptest::prop_assert_eq!(streamed, built);
        }
    }

    #[test]
    fn a_key_needing_escapes_is_found() {
        let mut map = Map::new();
        map.insert("a\"b".into(), json!(1));
        let extra = Extra::new(&map);
        assert_eq!(extra.get("a\"b"), Some(json!(1)));
    }
}
