//! A fast reader for the plain YAML most front matter is written in.
//!
//! `key: value` lines, comments, `[a, b]` lists, `- item` lists and indented maps cover nearly
//! every Hugo page, and reading them directly is several times faster than serde_yaml, which
//! dominates load time otherwise. Anything outside that subset (block scalars, anchors, tags,
//! flow maps, multi-line values, odd numbers, duplicate keys, tabs …) returns `None` and the
//! caller uses serde_yaml, so results never differ: a unit test checks the two agree.

use serde_json::Value;

/// A front matter's top-level keys and values. A list, not a map: a dozen keys are found
/// faster by looking through them than by building a tree of them, and only the keys left
/// over (`extra`) become a map.
pub(crate) type Fields = Vec<(String, Value)>;

/// One non-blank, non-comment line: its indentation and its text after the indentation.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// The front matter's keys and values in file order, or `None` when it needs a full YAML
/// parser.
pub(crate) fn parse(raw: &str) -> Option<Fields> {
    // Tabs are left to serde_yaml; one look over the whole text finds them.
    if memchr::memchr(b'\t', raw.as_bytes()).is_some() {
        return None;
    }
    let mut lines = Vec::with_capacity(raw.len() / 16);
    // Split at each newline found with memchr (`str::lines` looked at every character);
    // a `\r` before it is trimmed below with the trailing spaces.
    let bytes = raw.as_bytes();
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut start = 0;
    for end in ends {
        let line = &raw[start..end];
        start = end + 1;
        let text = line.trim_start_matches(' ');
        let text = text.trim_end_matches([' ', '\r']);
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        lines.push(Line {
            indent: line.len() - line.trim_start_matches(' ').len(),
            text,
        });
    }
    if lines.first().is_some_and(|l| l.indent != 0) {
        return None;
    }
    let mut pos = 0;
    let map = parse_map(&lines, &mut pos, 0)?;
    (pos == lines.len()).then_some(map)
}

fn parse_map(lines: &[Line], pos: &mut usize, indent: usize) -> Option<Fields> {
    let mut map = Fields::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent < indent {
            break;
        }
        if line.indent > indent {
            return None;
        }
        let (key, rest) = split_key(line.text)?;
        if map.iter().any(|(k, _)| k == key) {
            return None;
        }
        *pos += 1;
        let rest = rest.trim_start_matches(' ');
        let value = if rest.is_empty() || rest.starts_with('#') {
            match lines.get(*pos) {
                Some(next) if next.indent >= indent && is_item(next.text) => {
                    Value::Array(parse_seq(lines, pos, next.indent)?)
                }
                Some(next) if next.indent > indent => {
                    Value::Object(parse_map(lines, pos, next.indent)?.into_iter().collect())
                }
                _ => Value::Null,
            }
        } else {
            let value = parse_inline(rest)?;
            // A more indented line after a value continues it: leave that to serde_yaml.
            if lines.get(*pos).is_some_and(|next| next.indent > indent) {
                return None;
            }
            value
        };
        map.push((key.to_string(), value));
    }
    Some(map)
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

fn parse_seq(lines: &[Line], pos: &mut usize, indent: usize) -> Option<Vec<Value>> {
    let mut items = Vec::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent != indent || !is_item(line.text) {
            break;
        }
        let item = line.text[1..].trim_start_matches(' ');
        if item.is_empty() || item.starts_with('#') {
            return None;
        }
        items.push(parse_inline(item)?);
        *pos += 1;
        if lines.get(*pos).is_some_and(|next| next.indent > indent) {
            return None;
        }
    }
    Some(items)
}

/// `key: rest` with a plain key; `None` for anything else.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = text.bytes().position(|b| b == b':')?;
    let (key, rest) = (&text[..colon], &text[colon + 1..]);
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let mut chars = key.chars();
    let first = chars.next()?;
    let plain = first.is_ascii_alphabetic() || first == '_';
    (plain && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .then_some((key, rest))
}

/// A value on the rest of a line: a quoted or plain scalar or a `[…]` list of scalars,
/// optionally followed by a comment.
fn parse_inline(text: &str) -> Option<Value> {
    let (value, rest) = match text.as_bytes()[0] {
        b'"' => double_quoted(text)?,
        b'\'' => single_quoted(text)?,
        b'[' => flow_list(text)?,
        _ => return plain(text),
    };
    let rest = rest.trim_start_matches(' ');
    (rest.is_empty() || rest.starts_with('#')).then_some(value)
}

/// A plain scalar up to a ` #` comment, typed the way serde_yaml types it.
fn plain(text: &str) -> Option<Value> {
    let value = match comment_start(text) {
        Some(at) => &text[..at],
        None => text,
    }
    .trim_end_matches(' ');
    plain_value(value, false)
}

/// Where a ` #` comment starts in `text`. Found from one `#` to the next: most values
/// have none, and `str::find` builds a searcher for every value.
fn comment_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'#', bytes)
        .find(|&at| at > 0 && bytes[at - 1] == b' ')
        .map(|at| at - 1)
}

/// Whether `text` holds `: ` (YAML would read a map there), looked for as `comment_start`.
fn has_colon_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|at| bytes.get(at + 1) == Some(&b' '))
}

fn plain_value(value: &str, in_list: bool) -> Option<Value> {
    let first = *value.as_bytes().first()?;
    if b"{}[]&*!|>%@`?:,'\"#".contains(&first) || value == "-" || value.starts_with("- ") {
        return None;
    }
    if has_colon_space(value)
        || value.ends_with(':')
        || (in_list && value.contains([',', '[', ']', '{', '}']))
    {
        return None;
    }
    Some(match value {
        "null" | "Null" | "NULL" | "~" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => return typed_scalar(value),
    })
}

/// Whole decimal numbers become numbers; other number-like text goes to serde_yaml; the rest
/// (dates, names, URLs) is text.
fn typed_scalar(value: &str) -> Option<Value> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return Some(Value::String(value.to_string()));
        }
        return value.parse::<i64>().ok().map(Value::from);
    }
    (!numberish(value)).then(|| Value::String(value.to_string()))
}

/// Whether `value` reads as a number (or might, to YAML): left to serde_yaml. Most values
/// are words, and a word that starts with a letter other than those of `inf` and `nan`
/// cannot be a number: that is answered without parsing.
fn numberish(value: &str) -> bool {
    let first = value.as_bytes()[0];
    if first.is_ascii_alphabetic() && !matches!(first, b'i' | b'I' | b'n' | b'N') {
        return false;
    }
    let starts = |prefix: &str| {
        value
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    value.parse::<f64>().is_ok()
        || ["+", ".", "-.", "0x", "0o", "0b", "-0x", "-0o", "-0b"]
            .iter()
            .any(|p| starts(p))
}

/// `"…"` with the common escapes; returns the value and the text after the closing quote.
/// The text between escapes is copied a run at a time: titles and descriptions are most
/// of the front matter, and pushing them a character at a time was a tenth of its reading.
fn double_quoted(text: &str) -> Option<(Value, &str)> {
    let body = &text[1..];
    let mut out = String::new();
    let mut start = 0;
    while let Some(at) = memchr::memchr2(b'"', b'\\', &body.as_bytes()[start..]) {
        let at = start + at;
        out.push_str(&body[start..at]);
        if body.as_bytes()[at] == b'"' {
            return Some((Value::String(out), &body[at + 1..]));
        }
        out.push(match body.as_bytes().get(at + 1)? {
            b'\\' => '\\',
            b'"' => '"',
            b'/' => '/',
            b'n' => '\n',
            b't' => '\t',
            _ => return None,
        });
        start = at + 2;
    }
    None
}

/// `'…'` where `''` is a quote; returns the value and the text after the closing quote.
fn single_quoted(text: &str) -> Option<(Value, &str)> {
    let mut out = String::new();
    let body = &text[1..];
    let mut i = 0;
    while let Some(at) = body[i..].find('\'') {
        out.push_str(&body[i..i + at]);
        let quote = i + at;
        if body[quote + 1..].starts_with('\'') {
            out.push('\'');
            i = quote + 2;
        } else {
            return Some((Value::String(out), &body[quote + 1..]));
        }
    }
    None
}

/// `[a, "b", 'c']` of scalars (no nesting); returns the list and the text after `]`.
fn flow_list(text: &str) -> Option<(Value, &str)> {
    let mut items = Vec::new();
    let mut rest = text[1..].trim_start_matches(' ');
    loop {
        if let Some(after) = rest.strip_prefix(']') {
            return Some((Value::Array(items), after));
        }
        let (item, after) = match rest.as_bytes().first()? {
            b'"' => double_quoted(rest)?,
            b'\'' => single_quoted(rest)?,
            _ => {
                let end = rest.find([',', ']'])?;
                let item = rest[..end].trim_end_matches(' ');
                if item.is_empty() || comment_start(item).is_some() {
                    return None;
                }
                (plain_value(item, true)?, &rest[end..])
            }
        };
        items.push(item);
        let after = after.trim_start_matches(' ');
        rest = if let Some(next) = after.strip_prefix(',') {
            let next = next.trim_start_matches(' ');
            if next.starts_with(',') {
                return None;
            }
            next
        } else if after.starts_with(']') {
            after
        } else {
            return None;
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Map;

    /// What serde_yaml makes of `raw`, converted the way the loader converts it.
    fn full(raw: &str) -> Option<Map<String, Value>> {
        match serde_yaml::from_str::<serde_yaml::Value>(raw).ok()? {
            serde_yaml::Value::Mapping(m) => Some(
                m.into_iter()
                    .map(|(k, v)| {
                        (
                            crate::content::frontmatter::yaml_key(k),
                            crate::content::frontmatter::yaml_to_json(v),
                        )
                    })
                    .collect(),
            ),
            // The loader reads empty or comment-only front matter as no keys.
            serde_yaml::Value::Null => Some(Map::new()),
            _ => None,
        }
    }

    /// The fast reading as a map (it refuses duplicate keys, so nothing is lost).
    fn fast(raw: &str) -> Option<Map<String, Value>> {
        parse(raw).map(|fields| fields.into_iter().collect())
    }

    fn agrees(raw: &str) -> bool {
        match fast(raw) {
            None => true,
            fast => fast == full(raw),
        }
    }

    const REAL: &[&str] = &[
        "title: \"Platform as a Product\"\ndescription: \"The initiative.\"\ntype: initiatives\nurl: initiatives/platform-as-a-product\n",
        "title: Product Thinking for Platforms\nslug: product-thinking-for-platforms\ndate: 2024-06-13\nauthor: Dominik Kress, Michael Luskind & David Stenglein\ncategories:\ntags: [product, platforms]\n",
        "title: 'It''s here'   \ndate: '2025-03-26T20:04:39+01:00'\nauthors:\n  - Ann Lee\n  - Bo Chan\n# comment\nmenu:\n  main:\n    weight: 40\ndraft: false\n",
        "date: 2024-06-13 12:00:00 +0000\nweight: 3\nslug: proposal-platform-engineering-++\n",
        "tags:\n- a\n- b\ntitle: x # trailing comment\n",
        "title: \"esc \\\" quote \\\\ slash\"\nlist: []\nother: [ 'a b', \"c\" , d ]\n",
    ];

    #[test]
    fn real_front_matter_takes_the_fast_path_and_agrees() {
        for raw in REAL {
            let fast = fast(raw);
            assert!(fast.is_some(), "not taken: {raw}");
            assert_eq!(fast, full(raw), "{raw}");
        }
    }

    #[test]
    fn unusual_yaml_is_left_to_serde_yaml() {
        for raw in [
            "text: |\n  block\n",
            "a: &x 1\nb: *x\n",
            "a: !tag v\n",
            "a: {b: 1}\n",
            "a: 1.5\n",
            "a: 0x1F\n",
            "a: .inf\n",
            "a: b\na: c\n",
            "a: multi\n  line\n",
            "a:\n\tb: 1\n",
            "a: [1, [2]]\n",
            "a: \"unclosed\n",
            "- a\n- b\n",
            "\"quoted key\": 1\n",
            "a: b: c\n",
        ] {
            assert_eq!(parse(raw), None, "{raw}");
        }
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "plain",
            "two words",
            "yes",
            "no",
            "null",
            "~",
            "Null",
            "true",
            "FALSE",
            "123",
            "-7",
            "+7",
            "0123",
            "0",
            "1.5",
            "1e3",
            "0x1F",
            "0o7",
            ".inf",
            "-.inf",
            ".nan",
            "nan",
            "inf",
            "2024-06-13",
            "2024-06-13 12:00:00 +0000",
            "A, B & C",
            "C#",
            "a #comment",
            "'single'",
            "'it''s'",
            "\"double\"",
            "\"esc \\\" q\"",
            "\"tab\\t\"",
            "\"é \\\\ ü\\/\"",
            "\"open \\\"",
            "\"\\x\"",
            "[a, b]",
            "[]",
            "[ 'x', \"y\" ]",
            "[a,, b]",
            "[a, b,]",
            "http://x.y/z",
            "a:b",
            "ends:",
            "- dash",
            "-",
            "@at",
            "`tick`",
            "%pct",
            "!tag",
            "&anchor",
            "*alias",
            "{a: 1}",
            "|",
            ">",
            "trailing   ",
            "12:30",
            "1_000",
            "+.5",
            "-0",
            "99999999999999999999",
        ])
        .prop_map(str::to_string)
    }

    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec!["title", "date", "tags", "a", "b_c", "d-e"]);
        prop_oneof![
            (key.clone(), scalar()).prop_map(|(k, v)| format!("{k}: {v}")),
            (
                key.clone(),
                prop::collection::vec(scalar(), 0..3),
                0usize..3
            )
                .prop_map(|(k, items, indent)| {
                    let pad = " ".repeat(indent);
                    let mut s = format!("{k}:");
                    for item in items {
                        s.push_str(&format!("\n{pad}- {item}"));
                    }
                    s
                }),
            (key.clone(), key, scalar()).prop_map(|(k, k2, v)| format!("{k}:\n  {k2}: {v}")),
            Just("# comment".to_string()),
            Just(String::new()),
        ]
    }

    proptest! {
        #[test]
        fn fast_path_agrees_with_serde_yaml(lines in prop::collection::vec(line(), 0..6)) {
            let raw = lines.join("\n") + "\n";
            prop_assert!(agrees(&raw), "fast {:?}\nfull {:?}\nfor:\n{}", fast(&raw), full(&raw), raw);
        }
    }
}
