//! Chart blocks: a small YAML description of a bar chart, drawn as horizontal bars.
//!
//! ```yaml
//! title: How teams are funded
//! unit: teams
//! total: 22
//! bars:
//!   - {label: Annual dedicated budget, value: 17}
//!   - {label: Project-based funding, value: 5}
//! ```
//!
//! `bars` may also be a mapping of label to value (its order is kept). Invalid input is an
//! error with a one-line message; the caller then shows the block as code with that note.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};
use thiserror::Error;

use super::Theme;
use crate::text::{sanitize, width as columns};

/// Why a chart block cannot be drawn. Every message is one line and names the problem.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChartError {
    #[error("invalid chart YAML: {0}")]
    Yaml(String),
    #[error("chart is empty: expected a mapping with a `bars` list")]
    Empty,
    #[error("chart must be a YAML mapping with a `bars` list, found {0}")]
    NotAMapping(String),
    #[error("chart has no `bars`: add a list of {{label, value}} or a mapping of label to value")]
    MissingBars,
    #[error("chart `bars` is empty: add at least one bar")]
    EmptyBars,
    #[error(
        "chart `bars` must be a list of {{label, value}} or a mapping of label to value, found {0}"
    )]
    BarsNotListOrMapping(String),
    #[error("chart bar {index} must be a mapping {{label, value}}, found {found}")]
    BarNotMapping { index: usize, found: String },
    #[error("chart bar {index} has no `label`")]
    MissingLabel { index: usize },
    #[error("chart bar {index}: `label` must be text, found {found}")]
    BadLabel { index: usize, found: String },
    #[error("chart bar `{label}` has no `value`")]
    MissingValue { label: String },
    #[error("chart bar `{label}`: value {found} is not a number")]
    NotANumber { label: String, found: String },
    #[error("chart bar `{label}`: value {value} is negative; bar values must be 0 or more")]
    Negative { label: String, value: String },
    #[error("chart `total` must be a positive number, found {0}")]
    BadTotal(String),
    #[error("chart `{key}` must be text, found {found}")]
    NotText { key: &'static str, found: String },
    #[error("chart has unknown key `{0}` (expected title, unit, total, bars)")]
    UnknownKey(String),
    #[error("chart bar {index} has unknown key `{key}` (expected label, value)")]
    UnknownBarKey { index: usize, key: String },
}

/// A parsed chart. All text is already sanitised.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: Option<String>,
    pub unit: Option<String>,
    /// When set, each value is also shown as a percentage of it.
    pub total: Option<f64>,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Finite and not negative.
    pub value: f64,
}

/// Draws a chart block's YAML source as lines no wider than `width` display columns.
/// Err(message) when the block is invalid: the caller then draws it as code with that one-line note.
pub fn render_chart(
    source: &str,
    width: u16,
    theme: &Theme,
) -> Result<Vec<Line<'static>>, ChartError> {
    let chart = parse_chart(source)?;
    Ok(draw_chart(&chart, width as usize, theme))
}

/// The keys a chart block may have, as written. Values stay YAML so that each can be
/// checked with a message naming what is wrong with it; unknown keys are collected.
#[derive(Deserialize)]
struct Source {
    #[serde(default)]
    title: Value,
    #[serde(default)]
    unit: Value,
    #[serde(default)]
    total: Written,
    #[serde(default)]
    bars: Written,
    #[serde(flatten)]
    unknown: Mapping,
}

/// One bar of the list form: `{label: ..., value: ...}`.
#[derive(Deserialize)]
struct BarSource {
    #[serde(default)]
    label: Value,
    #[serde(default)]
    value: Written,
    #[serde(flatten)]
    unknown: Mapping,
}

/// A key's value, or `None` when the key is missing: unlike `Option`, a key written with
/// no value (`total:`) is `Some(Null)`, to be reported rather than ignored.
#[derive(Default)]
struct Written(Option<Value>);

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Written, D::Error> {
        Value::deserialize(d).map(|value| Written(Some(value)))
    }
}

/// Parses and checks a chart block's YAML source.
pub fn parse_chart(source: &str) -> Result<Chart, ChartError> {
    let yaml_error = |e: serde_yaml::Error| ChartError::Yaml(one_line(&e.to_string()));
    let root: Value = serde_yaml::from_str(source).map_err(yaml_error)?;
    match root {
        Value::Mapping(_) => {}
        Value::Null => return Err(ChartError::Empty),
        other => return Err(ChartError::NotAMapping(describe(&other))),
    }
    let source: Source = serde_yaml::from_value(root).map_err(yaml_error)?;
    if let Some((key, _)) = source.unknown.iter().next() {
        return Err(ChartError::UnknownKey(key_name(key)));
    }
    let title = text_field("title", &source.title)?;
    let unit = text_field("unit", &source.unit)?;
    let total = source.total.0.as_ref().map(parse_total).transpose()?;
    let bars = match source.bars.0 {
        None => return Err(ChartError::MissingBars),
        Some(Value::Sequence(list)) => list
            .iter()
            .enumerate()
            .map(|(i, item)| parse_list_bar(i + 1, item))
            .collect::<Result<Vec<_>, _>>()?,
        Some(Value::Mapping(map)) => parse_mapping_bars(&map)?,
        Some(Value::Null) => return Err(ChartError::EmptyBars),
        Some(other) => return Err(ChartError::BarsNotListOrMapping(describe(&other))),
    };
    if bars.is_empty() {
        return Err(ChartError::EmptyBars);
    }
    Ok(Chart {
        title,
        unit,
        total,
        bars,
    })
}

fn text_field(key: &'static str, value: &Value) -> Result<Option<String>, ChartError> {
    match value {
        Value::Null => Ok(None),
        other => scalar_text(other)
            .map(Some)
            .ok_or_else(|| ChartError::NotText {
                key,
                found: describe(other),
            }),
    }
}

fn parse_total(value: &Value) -> Result<f64, ChartError> {
    match value.as_f64() {
        Some(total) if total.is_finite() && total > 0.0 => Ok(total),
        _ => Err(ChartError::BadTotal(describe(value))),
    }
}

/// One item of the list form: `{label: ..., value: ...}`.
fn parse_list_bar(index: usize, item: &Value) -> Result<Bar, ChartError> {
    if !item.is_mapping() {
        return Err(ChartError::BarNotMapping {
            index,
            found: describe(item),
        });
    }
    let bar: BarSource = serde_yaml::from_value(item.clone())
        .map_err(|e| ChartError::Yaml(one_line(&e.to_string())))?;
    if let Some((key, _)) = bar.unknown.iter().next() {
        return Err(ChartError::UnknownBarKey {
            index,
            key: key_name(key),
        });
    }
    let label = match &bar.label {
        Value::Null => return Err(ChartError::MissingLabel { index }),
        l => scalar_text(l).ok_or_else(|| ChartError::BadLabel {
            index,
            found: describe(l),
        })?,
    };
    let value = match &bar.value.0 {
        None => {
            return Err(ChartError::MissingValue {
                label: short(&label),
            });
        }
        Some(v) => bar_value(&label, v)?,
    };
    Ok(Bar { label, value })
}

/// The mapping form: `label: value`, in the order written.
fn parse_mapping_bars(map: &Mapping) -> Result<Vec<Bar>, ChartError> {
    map.iter()
        .enumerate()
        .map(|(i, (key, value))| {
            let label = match key {
                Value::Null => return Err(ChartError::MissingLabel { index: i + 1 }),
                k => scalar_text(k).ok_or_else(|| ChartError::BadLabel {
                    index: i + 1,
                    found: describe(k),
                })?,
            };
            let value = bar_value(&label, value)?;
            Ok(Bar { label, value })
        })
        .collect()
}

fn bar_value(label: &str, value: &Value) -> Result<f64, ChartError> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match number {
        Some(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Some(v) if v < 0.0 => Err(ChartError::Negative {
            label: short(label),
            value: describe(value),
        }),
        _ => Err(ChartError::NotANumber {
            label: short(label),
            found: describe(value),
        }),
    }
}

/// Text of a scalar (numbers and booleans read as written), sanitised; None for lists and maps.
fn scalar_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    Some(sanitize(&text).into_owned())
}

fn key_name(key: &Value) -> String {
    scalar_text(key)
        .map(|k| short(&k))
        .unwrap_or_else(|| describe(key))
}

/// A short, safe description of a YAML value for an error message.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{}\"", short(&sanitize(s))),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(t) => format!("a value tagged {}", short(&sanitize(&t.tag.to_string()))),
    }
}

/// Sanitised and cut to a length that keeps an error message on one readable line.
fn short(text: &str) -> String {
    truncate(&sanitize(text), 40)
}

fn one_line(text: &str) -> String {
    let clean = sanitize(&text.replace(['\n', '\r'], " ")).into_owned();
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Integers without decimals, others with up to two decimals, trailing zeros trimmed.
/// Very large numbers use exponent notation so they stay short.
pub fn format_number(value: f64) -> String {
    if value.abs() >= 1e16 {
        let text = format!("{value:.2e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", trim_decimals(mantissa));
    }
    trim_decimals(&format!("{value:.2}"))
}

fn trim_decimals(text: &str) -> String {
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        if trimmed == "-0" {
            return "0".to_string();
        }
        trimmed.to_string()
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing

/// Left-aligned partial blocks, index = eighths of a cell (1..=7).
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL_BLOCK: char = '█';
/// Below this many columns (or half the width) for label and bar together, the value text is
/// shortened or dropped.
const MIN_LABEL_AND_BAR: usize = 6;

/// How much of the value text fits after each bar, from most to least.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ValueText {
    Full,
    WithoutUnit,
    NumberOnly,
    Hidden,
}

struct Layout {
    value_text: ValueText,
    label_width: usize,
    bar_width: usize,
}

fn draw_chart(chart: &Chart, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let layout = choose_layout(chart, width);
    let mut lines = Vec::with_capacity(chart.bars.len() + 2);

    // When the unit no longer fits after the values, it moves up to the title line.
    let unit_in_title = chart.unit.is_some()
        && matches!(
            layout.value_text,
            ValueText::WithoutUnit | ValueText::NumberOnly | ValueText::Hidden
        );
    let title = match (&chart.title, &chart.unit) {
        (Some(t), Some(u)) if unit_in_title => Some(format!("{t} ({u})")),
        (None, Some(u)) if unit_in_title => Some(format!("({u})")),
        (Some(t), _) => Some(t.clone()),
        _ => None,
    };
    if let Some(title) = title {
        let style = theme.text.add_modifier(Modifier::BOLD);
        lines.extend(
            wrap(&title, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style))),
        );
    }

    let max = chart.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let bar_style = if theme.color {
        Style::new().fg(theme.heading[1].fg.unwrap_or_default())
    } else {
        theme.text
    };
    for bar in &chart.bars {
        let label = truncate(&bar.label, layout.label_width);
        let pad = layout.label_width.saturating_sub(columns(&label));
        let mut spans = vec![
            Span::styled(format!("{label}{} ", " ".repeat(pad)), theme.text),
            Span::styled(
                bar_cells(bar.value, max, layout.bar_width, theme.color),
                bar_style,
            ),
        ];
        if layout.value_text != ValueText::Hidden {
            let text = value_text(chart, bar.value, layout.value_text);
            spans.push(Span::styled(format!(" {text}"), theme.text));
        }
        lines.push(fit_line(Line::from(spans), width));
    }
    lines
}

/// Picks the richest value text that leaves room for labels and bars, then splits the rest:
/// labels take at most three fifths, so bars always keep a visible length.
fn choose_layout(chart: &Chart, width: usize) -> Layout {
    let label_max = chart
        .bars
        .iter()
        .map(|b| columns(&b.label))
        .max()
        .unwrap_or(0);
    let levels = [
        ValueText::Full,
        ValueText::WithoutUnit,
        ValueText::NumberOnly,
    ];
    for level in levels {
        let value_width = chart
            .bars
            .iter()
            .map(|b| columns(&value_text(chart, b.value, level)))
            .max()
            .unwrap_or(0);
        // label, space, bar, space, value
        let rest = width.saturating_sub(value_width + 2);
        // Keep at least half the width for labels and bars: a short label and bar next to a
        // long value text reads worse than the same chart without its unit.
        if rest >= MIN_LABEL_AND_BAR.max(width / 2) {
            return split(level, label_max, rest);
        }
    }
    // label, space, bar
    split(ValueText::Hidden, label_max, width.saturating_sub(1))
}

fn split(value_text: ValueText, label_max: usize, rest: usize) -> Layout {
    let label_width = label_max.min(rest * 3 / 5);
    Layout {
        value_text,
        label_width,
        bar_width: rest - label_width,
    }
}

fn value_text(chart: &Chart, value: f64, level: ValueText) -> String {
    let mut text = format_number(value);
    if level == ValueText::Full
        && let Some(unit) = &chart.unit
    {
        text.push(' ');
        text.push_str(unit);
    }
    if matches!(level, ValueText::Full | ValueText::WithoutUnit)
        && let Some(total) = chart.total
    {
        text.push_str(&format!(" ({})", format_percent(value / total * 100.0)));
    }
    text
}

fn format_percent(percent: f64) -> String {
    if percent > 0.0 && percent < 0.5 {
        "<1%".to_string()
    } else {
        format!("{}%", percent.round())
    }
}

/// A bar `value / max` of `width` cells long: eighth blocks in colour, whole `#` cells without.
/// A value above zero always shows at least the smallest mark, so it never looks like zero.
fn bar_cells(value: f64, max: f64, width: usize, color: bool) -> String {
    if max <= 0.0 || value <= 0.0 || width == 0 {
        return String::new();
    }
    let fraction = (value / max).clamp(0.0, 1.0);
    if color {
        let eighths = ((fraction * (width * 8) as f64).round() as usize).clamp(1, width * 8);
        let mut bar = String::with_capacity(eighths / 8 * 3 + 3);
        bar.extend(std::iter::repeat_n(FULL_BLOCK, eighths / 8));
        if !eighths.is_multiple_of(8) {
            bar.push(EIGHTHS[eighths % 8]);
        }
        bar
    } else {
        let cells = ((fraction * width as f64).round() as usize).clamp(1, width);
        "#".repeat(cells)
    }
}

/// Cuts `text` to `width` columns, ending with `…` when something was cut.
fn truncate(text: &str, width: usize) -> String {
    crate::text::truncate(text, width).into_owned()
}

/// The longest prefix of `text` at most `width` columns wide.
fn clip(text: &str, width: usize) -> String {
    crate::text::clip(text, width).to_string()
}

/// Word-wraps `text` to `width` columns, breaking words longer than a line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let needed = if current.is_empty() {
                columns(&word)
            } else {
                columns(&current) + 1 + columns(&word)
            };
            if needed <= width {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&word);
                break;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // The word alone is too long: break it.
            let head = clip(&word, width);
            if head.is_empty() {
                break; // a single character wider than the line: drop it
            }
            word = word[head.len()..].to_string();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// A last guarantee that no line is wider than `width`, whatever the layout decided.
fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut left = width;
    let spans = line
        .spans
        .into_iter()
        .filter_map(|span| {
            if left == 0 {
                return None;
            }
            let text = clip(&span.content, left);
            left -= columns(&text);
            Some(Span::styled(text, span.style))
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_without_needless_decimals() {
        assert_eq!(format_number(17.0), "17");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1.0 / 3.0), "0.33");
        assert_eq!(format_number(1e15), "1000000000000000");
        assert_eq!(format_number(1.5e20), "1.5e20");
        assert_eq!(format_number(0.001), "0");
    }

    #[test]
    fn bars_use_eighths() {
        assert_eq!(bar_cells(1.0, 1.0, 3, true), "███");
        assert_eq!(bar_cells(0.5, 1.0, 3, true), "█▌");
        assert_eq!(bar_cells(0.0, 1.0, 3, true), "");
        assert_eq!(bar_cells(1e-9, 1.0, 3, true), "▏");
        assert_eq!(bar_cells(0.5, 1.0, 4, false), "##");
    }

    #[test]
    fn truncation_and_wrapping_respect_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(
            wrap("How teams are funded", 10),
            ["How teams", "are funded"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }
}
