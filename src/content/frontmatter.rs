//! Tolerant YAML (`---`) and TOML (`+++`) front matter parsing.
//!
//! Real Hugo sites are loose about front matter: dates in four formats, one `author` string
//! naming several people, empty keys, comments, nested maps, unknown keys. Everything that can
//! be understood is taken; everything else is kept in `extra` or reported as a problem with the
//! line in the file. Parsing never fails: a document always comes out.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use memchr::memmem;
use serde_json::{Map, Value};

use super::extra::Extra;
use super::simple_yaml::Fields;

/// What a file's front matter says, interpreted, plus where the body starts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    /// Front matter `type` or `kind`, lowercased.
    pub kind: Option<String>,
    pub date: Option<NaiveDate>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub draft: bool,
    /// Every key not interpreted above, converted to JSON.
    pub extra: Extra,
}

/// The result of splitting and reading a file's front matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Parsed {
    pub front: FrontMatter,
    /// Byte offset in the text where the body starts.
    pub body_start: usize,
    /// 1-based line in the text where the body starts.
    pub body_line: usize,
    /// Problems as (1-based line in the text, message).
    pub problems: Vec<(Option<usize>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Toml,
}

/// Reads the front matter at the top of `text`, if any. Never fails: problems are returned.
pub fn parse(text: &str) -> Parsed {
    // A byte-order mark before the opening fence is common in files saved on Windows.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(first) = LineIter::new(text, bom).next() else {
        return Parsed {
            body_start: bom,
            body_line: 1,
            ..Parsed::default()
        };
    };
    let format = match first.text.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Parsed {
                body_start: bom,
                body_line: 1,
                ..Parsed::default()
            };
        }
    };
    let fence_start = first.end;
    if let Some(line) = closing_line(text, fence_start, format) {
        let raw = &text[fence_start..line.start];
        let mut parsed = Parsed {
            body_start: line.end,
            body_line: line.number + 1,
            ..Parsed::default()
        };
        // The front matter's first line is line 2 of the file.
        read_fields(format, raw, 2, &mut parsed);
        return parsed;
    }
    let fence = if format == Format::Yaml { "---" } else { "+++" };
    Parsed {
        body_start: bom,
        body_line: 1,
        problems: vec![(
            Some(1),
            format!(
                "front matter opened with {fence} is never closed; add a {fence} line after it \
                 (the whole file is shown as the body)"
            ),
        )],
        ..Parsed::default()
    }
}

/// The line that closes front matter opened on line 1, whose next line starts at `from`.
/// Only a line that starts like a fence is looked at, found from one newline to the next
/// with memchr: going line by line through every file's front matter cost more than
/// reading its keys.
fn closing_line(text: &str, from: usize, format: Format) -> Option<Line<'_>> {
    let bytes = text.as_bytes();
    let starts = std::iter::once(from)
        .chain(memchr::memchr_iter(b'\n', &bytes[from..]).map(|i| from + i + 1));
    for (n, start) in starts.enumerate() {
        if !matches!(bytes.get(start), Some(b'-' | b'+' | b'.')) {
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line = text[start..end].trim_end();
        let closes = match format {
            Format::Yaml => line == "---" || line == "...",
            Format::Toml => line == "+++",
        };
        if closes {
            // Line 1 opened the front matter; `from` starts line 2.
            return Some(Line {
                text: line,
                start,
                end,
                number: n + 2,
            });
        }
    }
    None
}

/// One line of text with its byte range (without the line break) and 1-based number.
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    number: usize,
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str, start: usize) -> Self {
        LineIter {
            text,
            pos: start,
            number: 0,
        }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = Line<'a>;
    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let (text_end, end) = match self.text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        self.pos = end;
        self.number += 1;
        Some(Line {
            text: self.text[start..text_end].trim_end_matches('\r'),
            start,
            end,
            number: self.number,
        })
    }
}

fn read_fields(format: Format, raw: &str, first_line: usize, parsed: &mut Parsed) {
    let map = match format {
        Format::Yaml => read_yaml(raw, first_line, &mut parsed.problems),
        Format::Toml => read_toml(raw, first_line, &mut parsed.problems),
    };
    if let Some(map) = map {
        interpret(map, raw, first_line, parsed);
    }
}

/// How deep `[…]` and `{…}` may nest in YAML front matter before it is refused.
const MAX_FLOW_DEPTH: usize = 64;

/// The deepest nesting of flow collections (`[`, `{`) in `raw`, outside quoted strings and
/// comments, in one pass.
fn flow_depth(raw: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut previous = ' ';
    for c in raw.chars() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if previous.is_whitespace() => quote = Some('\n'),
                '[' | '{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = c;
    }
    deepest
}

pub(crate) fn read_yaml(
    raw: &str,
    first_line: usize,
    problems: &mut Vec<(Option<usize>, String)>,
) -> Option<Fields> {
    if raw.trim().is_empty() {
        return Some(Fields::new());
    }
    // Most front matter is plain `key: value` lines; reading those directly is several times
    // faster than a full YAML parser. Anything unusual goes to serde_yaml.
    if let Some(map) = super::simple_yaml::parse(raw) {
        return Some(map);
    }
    if flow_depth(raw) > MAX_FLOW_DEPTH {
        // The YAML parser's cost grows faster than the text with nesting (100,000 brackets
        // took over 20 s): no real page nests this deep, so say so instead of parsing.
        problems.push((
            Some(first_line),
            format!(
                "front matter nests lists or maps more than {MAX_FLOW_DEPTH} levels deep; it was ignored"
            ),
        ));
        return None;
    }
    match serde_yaml::from_str::<serde_yaml::Value>(raw) {
        Ok(serde_yaml::Value::Mapping(mapping)) => Some(unique(
            mapping
                .into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v))),
        )),
        Ok(serde_yaml::Value::Null) => Some(Fields::new()),
        Ok(_) => {
            problems.push((
                Some(first_line),
                "front matter is not a list of `key: value` lines; it was ignored".to_string(),
            ));
            None
        }
        Err(err) => {
            // serde_yaml's lines count from 1 within the front matter.
            let line = err.location().map(|l| l.line() + first_line - 1);
            let message = shift_line_numbers(&err.to_string(), first_line - 1);
            problems.push((
                line.or(Some(first_line)),
                format!("malformed YAML front matter ({message}); fix the YAML, it was ignored"),
            ));
            None
        }
    }
}

/// Keys that YAML tells apart but JSON does not (`1` and `"1"`): the last one wins.
fn unique(fields: impl Iterator<Item = (String, Value)>) -> Fields {
    fields.collect::<Map<_, _>>().into_iter().collect()
}

/// serde_yaml counts lines from the start of the front matter; the user needs file lines.
fn shift_line_numbers(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (before, after) = rest.split_at(at + "line ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn read_toml(
    raw: &str,
    first_line: usize,
    problems: &mut Vec<(Option<usize>, String)>,
) -> Option<Fields> {
    match toml::from_str::<toml::Table>(raw) {
        Ok(table) => Some(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
        Err(err) => {
            let line = err
                .span()
                .map(|span| raw[..span.start.min(raw.len())].matches('\n').count() + first_line);
            problems.push((
                line.or(Some(first_line)),
                format!(
                    "malformed TOML front matter ({}); fix the TOML, it was ignored",
                    err.message()
                ),
            ));
            None
        }
    }
}

pub(crate) fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        other => match yaml_to_json(other) {
            Value::String(s) => s,
            Value::Null => "null".to_string(),
            v => v.to_string(),
        },
    }
}

pub(crate) fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    use toml::Value as T;
    match value {
        T::String(s) => Value::String(s),
        T::Integer(i) => Value::from(i),
        T::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        T::Boolean(b) => Value::Bool(b),
        // TOML has a native datetime; keep it as the text it was written as.
        T::Datetime(d) => Value::String(d.to_string()),
        T::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        T::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

fn interpret(mut map: Fields, raw: &str, first_line: usize, parsed: &mut Parsed) {
    let front = &mut parsed.front;
    // Another case is looked for only when some key has a capital letter: most front
    // matter is lower case, and looking through every key for each of eleven names was a
    // tenth of reading it.
    let upper = map
        .iter()
        .any(|(k, _)| k.bytes().any(|b| b.is_ascii_uppercase()));
    let take_key = |map: &mut Fields, key: &str| take(map, key, upper);
    // Known keys are moved out of the list (no copies); what is left is `extra`.
    front.title = take_key(&mut map, "title").and_then(into_text);
    front.slug = take_key(&mut map, "slug").and_then(into_text);
    let kind = take_key(&mut map, "kind").and_then(into_text);
    front.kind = take(&mut map, "type", false)
        .and_then(into_text)
        .or(kind)
        .map(|k| k.to_lowercase());
    front.description = take_key(&mut map, "description").and_then(into_text);
    front.url = take_key(&mut map, "url").and_then(into_text);
    front.tags = take_key(&mut map, "tags")
        .map(|v| list(&v))
        .unwrap_or_default();
    front.categories = take(&mut map, "categories", false)
        .map(|v| list(&v))
        .unwrap_or_default();
    let author = take_key(&mut map, "author");
    front.authors = match (take_key(&mut map, "authors"), author) {
        (Some(v), _) if !is_empty(&v) => people(&v),
        (_, Some(v)) => people(&v),
        _ => Vec::new(),
    };
    front.draft = match take_key(&mut map, "draft") {
        Some(Value::Bool(b)) => b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    front.source = take_key(&mut map, "source").and_then(into_text);
    if front.source.is_none() {
        // `canonical` stays in extra when `source` already names the original.
        front.source = take_key(&mut map, "canonical").and_then(into_text);
    }
    match take_key(&mut map, "date") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(value) => {
            let written = text(&value).unwrap_or_else(|| value.to_string());
            match parse_date(&written) {
                Some(date) => front.date = Some(date),
                None => parsed.problems.push((
                    Some(key_line(raw, "date").map_or(first_line, |l| l + first_line - 1)),
                    format!(
                        "date \"{written}\" is not a date; write it as 2024-06-13 or \
                         2024-06-13T12:00:00+01:00"
                    ),
                )),
            }
        }
    }
    front.extra = Extra::from_fields(map);
}

/// Removes `key` from the fields; Hugo reads front matter keys case-insensitively
/// (`Title:`). `upper`: whether some key has a capital letter (else only `key` itself can
/// match). Of several other cases, the first in sorted order is taken (`TITLE` before
/// `Title`), as when the fields were a sorted map. The fields' order is not kept: what is
/// left becomes a map.
fn take(map: &mut Fields, key: &str, upper: bool) -> Option<Value> {
    let at = match map.iter().position(|(k, _)| k == key) {
        Some(at) => at,
        None if upper => {
            map.iter()
                .enumerate()
                .filter(|(_, (k, _))| k.eq_ignore_ascii_case(key))
                .min_by(|(_, (a, _)), (_, (b, _))| a.cmp(b))?
                .0
        }
        None => return None,
    };
    Some(map.swap_remove(at).1)
}

/// Like `text`, reusing the string when it needs no trimming.
fn into_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) if s.trim().len() == s.len() => (!s.is_empty()).then_some(s),
        other => text(&other),
    }
}

/// A scalar as trimmed text; `None` for null, empty text, lists and maps.
fn text(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A list of strings from a list, or from one string (a single tag).
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

/// People from `authors: [..]` or `author: "A, B & C"`; list items may hold several names too.
/// A list item may also be a map with a `name` key (`authors: [{name: A}]`).
fn people(value: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let mut add = |v: &Value| {
        let written = match v {
            Value::Object(o) => o.get("name").and_then(text),
            other => text(other),
        };
        if let Some(written) = written {
            names.extend(split_names(&written));
        }
    };
    match value {
        Value::Array(items) => items.iter().for_each(&mut add),
        other => add(other),
    }
    names
}

/// `"A, B & C"` and `"A and B"` name several people.
pub fn split_names(written: &str) -> Vec<String> {
    // One searcher for " and ", made once: `str::split` made a new one for every part of
    // every author line.
    static AND: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(" and "));
    let mut names = Vec::new();
    for part in written.split([',', '&', ';']) {
        let mut start = 0;
        // Matches do not overlap, as with `str::split`.
        for at in AND.find_iter(part.as_bytes()) {
            names.push(&part[start..at]);
            start = at + " and ".len();
        }
        names.push(&part[start..]);
    }
    names
        .into_iter()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// Dates as real sites write them: `2024-06-13`, `2024-06-13 12:00:00 +0000`,
/// `2024-10-30 15:00:00`, `2025-03-26T20:04:39+01:00` and close variants.
/// The calendar date is taken as written (no conversion between time zones).
pub fn parse_date(written: &str) -> Option<NaiveDate> {
    let s = written
        .trim()
        .trim_matches(|c| c == '\'' || c == '"')
        .trim();
    if s.len() == 10 {
        return plain_date(s);
    }
    common_date_time(s).or_else(|| date_by_chrono(s))
}

/// The date and time forms nearly every dated page is written in, read directly:
/// `2024-06-13 12:00:00`, `2024-06-13T12:00:00`, `2024-06-13 12:00:00 +0000`,
/// `2024-06-13T12:00:00+01:00` and `2024-06-13T12:00:00Z`. chrono's format parser took
/// as long as reading the rest of the front matter; anything else is left to it.
fn common_date_time(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    // Two digits at `at`, at most `max`.
    let two = |at: usize, max: u8| match b.get(at..at + 2) {
        Some(&[high, low]) if high.is_ascii_digit() && low.is_ascii_digit() => {
            (high - b'0') * 10 + (low - b'0') <= max
        }
        _ => false,
    };
    let separator = *b.get(10)?;
    let time = matches!(separator, b' ' | b'T')
        && two(11, 23)
        && b.get(13) == Some(&b':')
        && two(14, 59)
        && b.get(16) == Some(&b':')
        && two(17, 59);
    if !time {
        return None;
    }
    let zone_fits = match &b[19..] {
        [] => true,
        [b'Z'] => separator == b'T',
        [b' ', b'+' | b'-', _, _, _, _] => separator == b' ' && two(21, 23) && two(23, 59),
        [b'+' | b'-', _, _, b':', _, _] => separator == b'T' && two(20, 23) && two(23, 59),
        _ => false,
    };
    if zone_fits {
        plain_date(&s[..10])
    } else {
        None
    }
}

/// The other forms, as chrono reads them.
fn date_by_chrono(s: &str) -> Option<NaiveDate> {
    // Every accepted form starts with a full `YYYY-MM-DD` date.
    s.get(..10).and_then(plain_date)?;
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    const WITH_ZONE: &[&str] = &["%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%d %H:%M:%S%.f%z"];
    for format in WITH_ZONE {
        if let Ok(dt) = DateTime::parse_from_str(s, format) {
            return Some(dt.date_naive());
        }
    }
    const WITHOUT_ZONE: &[&str] = &[
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ];
    for format in WITHOUT_ZONE {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, format) {
            return Some(dt.date());
        }
    }
    // Go's time.String() adds a zone name: `2024-06-13 12:00:00 +0000 UTC`.
    if let Some((head, zone)) = s.rsplit_once(' ')
        && zone.chars().all(|c| c.is_ascii_alphabetic())
        && head.len() < s.len()
        && let Ok(dt) = DateTime::parse_from_str(head, "%Y-%m-%d %H:%M:%S%.f %z")
    {
        return Some(dt.date_naive());
    }
    None
}

/// `YYYY-MM-DD`, read directly (chrono's format parser is slow for the most common case).
fn plain_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// 1-based line (within `raw`) of a top-level `key:` or `key =` line, any case.
fn key_line(raw: &str, key: &str) -> Option<usize> {
    raw.lines()
        .position(|line| {
            let head = line.get(..key.len());
            head.is_some_and(|head| head.eq_ignore_ascii_case(key)) && {
                let rest = line[key.len()..].trim_start();
                rest.starts_with(':') || rest.starts_with('=')
            }
        })
        .map(|i| i + 1)
}

/// The first ATX heading of a markdown body (outside fenced code), for documents without a title.
pub fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if line.len() - trimmed.len() > 3 {
            continue;
        }
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) {
            let rest = &trimmed[hashes..];
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                let (title, _) = crate::markdown::heading_text(trimmed);
                if !title.is_empty() {
                    return Some(title);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain `str::split` form the searcher replaced.
    fn split_names_simply(written: &str) -> Vec<String> {
        written
            .split([',', '&', ';'])
            .flat_map(|part| part.split(" and "))
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .collect()
    }

    proptest! {
        #[test]
        fn names_split_as_str_split_splits_them(
            pieces in prop::collection::vec(
                prop::sample::select(vec!["Ann", "Bo Chan", " and ", "and", " ", ",", "&", ";", "é", "andy"]),
                0..12,
            )
        ) {
            let written = pieces.concat();
            prop_assert_eq!(split_names(&written), split_names_simply(&written));
        }
    }

    fn date_time() -> impl Strategy<Value = String> {
        let part = |values: Vec<&'static str>| prop::sample::select(values);
        (
            part(vec!["2024-06-13", "2024-02-30", "1999-12-31", "2024-6-13"]),
            part(vec![" ", "T", "t", "  ", ""]),
            part(vec!["00", "12", "23", "24", "9", "ab"]),
            part(vec![":00", ":59", ":60", ":5", "00"]),
            part(vec![":00", ":59", ":60", "", ":00.5", ":7"]),
            part(vec![
                "",
                "Z",
                "z",
                " +0000",
                " -2359",
                " +2400",
                " +0060",
                "+01:00",
                "-23:59",
                "+24:00",
                "+0100",
                " +01:00",
                " UTC",
                " +0000 UTC",
                "+1:00",
                " x",
            ]),
        )
            .prop_map(|(d, sep, h, m, s, zone)| format!("{d}{sep}{h}{m}{s}{zone}"))
    }

    proptest! {
        #[test]
        fn the_direct_reading_of_dates_agrees_with_chrono(written in date_time()) {
            if let Some(date) = common_date_time(&written) {
                prop_assert_eq!(Some(date), date_by_chrono(&written), "{}", written);
            }
        }
    }

    #[test]
    fn the_common_forms_are_read_directly() {
        for written in [
            "2024-06-13 12:00:00",
            "2024-06-13T12:00:00",
            "2024-06-13 12:00:00 +0000",
            "2024-06-13T12:00:00+01:00",
            "2024-06-13T12:00:00Z",
        ] {
            assert_eq!(
                common_date_time(written),
                NaiveDate::from_ymd_opt(2024, 6, 13),
                "{written}"
            );
        }
    }

    #[test]
    fn of_two_other_cases_of_a_key_the_first_in_sorted_order_is_taken() {
        let parsed = parse("---\nTitle: second\nTITLE: first\nMenu: x\n---\n");
        assert_eq!(parsed.front.title.as_deref(), Some("first"));
        let extra: Vec<String> = parsed.front.extra.map().keys().cloned().collect();
        assert_eq!(extra, ["Menu", "Title"]);
    }

    #[test]
    fn and_inside_a_word_or_twice_in_a_row() {
        assert_eq!(
            split_names("Sandy Anderson and and Bo"),
            ["Sandy Anderson", "and Bo"]
        );
        assert_eq!(split_names(" and "), Vec::<String>::new());
    }
}
