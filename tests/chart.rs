//! Chart blocks: proportions, labels, width fitting, bad input, both bar forms, percentages.

use paap::markdown::Theme;
use paap::markdown::chart::{ChartError, render_chart};
use proptest::prelude::*;
use ratatui::text::Line;

const FUNDING: &str = "\
title: How teams are funded
unit: teams
bars:
  - {label: Annual dedicated budget, value: 17}
  - {label: Project-based funding, value: 5}
";

fn text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(text).collect()
}

fn render(source: &str, width: u16) -> Vec<String> {
    texts(&render_chart(source, width, &Theme::dark()).expect("chart should render"))
}

fn error(source: &str) -> String {
    let err = render_chart(source, 80, &Theme::dark()).expect_err("chart should be rejected");
    let message = err.to_string();
    assert!(
        !message.contains('\n'),
        "message must be one line: {message:?}"
    );
    message
}

/// Length of the bar on a line in cells, counting eighth blocks as fractions.
fn bar_length(line: &str) -> f64 {
    line.chars()
        .map(|c| match c {
            '█' => 1.0,
            '▉' => 7.0 / 8.0,
            '▊' => 6.0 / 8.0,
            '▋' => 5.0 / 8.0,
            '▌' => 4.0 / 8.0,
            '▍' => 3.0 / 8.0,
            '▎' => 2.0 / 8.0,
            '▏' => 1.0 / 8.0,
            _ => 0.0,
        })
        .sum()
}

fn line_with<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?} in {lines:#?}"))
}

#[test]
fn bars_are_proportional_to_values() {
    for width in [40, 80, 120, 200] {
        let lines = render(FUNDING, width);
        let big = bar_length(line_with(&lines, "17"));
        let small = bar_length(line_with(&lines, " 5 teams"));
        assert!(big > 0.0 && small > 0.0, "{lines:#?}");
        assert!(
            (small - big * 5.0 / 17.0).abs() <= 1.0,
            "width {width}: 17 -> {big} cells, 5 -> {small} cells"
        );
    }
}

#[test]
fn draws_title_labels_values_and_unit() {
    let lines = render(FUNDING, 80);
    assert_eq!(lines[0], "How teams are funded");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("Annual dedicated budget "));
    assert!(lines[1].ends_with(" 17 teams"), "{:?}", lines[1]);
    assert!(lines[2].starts_with("Project-based funding "));
    assert!(lines[2].ends_with(" 5 teams"), "{:?}", lines[2]);
    // Labels are padded to one column, so both bars start at the same place.
    let start = |l: &str| l.chars().position(|c| bar_length(&c.to_string()) > 0.0);
    assert_eq!(start(&lines[1]), start(&lines[2]));
}

#[test]
fn every_line_fits_the_width() {
    let many = format!(
        "title: {}\nunit: responses\ntotal: 1000000000000000\nbars:\n{}",
        "A rather long chart title that has to wrap on narrow screens ".repeat(3),
        (0..100)
            .map(|i| format!(
                "  - {{label: \"Bar number {i} with a fairly long label\", value: {}}}\n",
                i as f64 * 1e13
            ))
            .collect::<String>()
    );
    for source in [FUNDING, many.as_str()] {
        for width in 20..=200u16 {
            for line in render(source, width) {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line.as_str()) <= width as usize,
                    "width {width}: {line:?}"
                );
            }
        }
    }
    // Very narrow widths degrade but neither panic nor overflow.
    for width in 0..20u16 {
        for source in [FUNDING, many.as_str()] {
            let lines = render_chart(source, width, &Theme::dark()).unwrap();
            assert!(
                lines.iter().all(|l| l.width() <= width as usize),
                "width {width}"
            );
        }
    }
}

#[test]
fn long_labels_are_cut_with_an_ellipsis() {
    let lines = render(FUNDING, 30);
    assert!(lines.iter().any(|l| l.contains('…')), "{lines:#?}");
    assert!(lines.iter().all(|l| l.chars().count() <= 30));
}

#[test]
fn bad_input_is_an_error_naming_the_problem() {
    let cases: &[(&str, &[&str])] = &[
        ("bars: [unclosed", &["invalid chart YAML", "line"]),
        (
            "title: x\n  bad: indent\n",
            &["invalid chart YAML", "line 2"],
        ),
        ("title: No bars here\n", &["no `bars`"]),
        ("bars: []\n", &["`bars` is empty"]),
        ("bars: {}\n", &["`bars` is empty"]),
        ("bars:\n", &["`bars` is empty"]),
        ("", &["empty"]),
        ("- just a list\n", &["must be a YAML mapping"]),
        ("bars: 12\n", &["`bars` must be a list"]),
        (
            "bars:\n  - {label: Cats, value: -3}\n",
            &["Cats", "negative"],
        ),
        (
            "bars:\n  - {label: Dogs, value: many}\n",
            &["Dogs", "not a number", "many"],
        ),
        ("bars:\n  Owls: \"7\"\n", &["Owls", "not a number"]),
        ("bars:\n  Eels: .nan\n", &["Eels", "not a number"]),
        ("bars:\n  - {label: Ants}\n", &["Ants", "no `value`"]),
        ("bars:\n  - {value: 3}\n", &["bar 1", "no `label`"]),
        ("bars:\n  - 3\n", &["bar 1", "must be a mapping"]),
        ("total: 0\nbars: {A: 1}\n", &["`total`", "positive"]),
        ("total: lots\nbars: {A: 1}\n", &["`total`", "lots"]),
        ("titel: Typo\nbars: {A: 1}\n", &["unknown key `titel`"]),
        (
            "bars:\n  - {label: A, value: 1, color: red}\n",
            &["unknown key `color`"],
        ),
        ("title: [a, b]\nbars: {A: 1}\n", &["`title` must be text"]),
    ];
    for (source, expected) in cases {
        let message = error(source);
        for part in *expected {
            assert!(
                message.contains(part),
                "{source:?}: {message:?} should mention {part:?}"
            );
        }
    }
}

#[test]
fn bad_input_error_variants() {
    assert_eq!(
        render_chart("bars: []", 80, &Theme::dark()),
        Err(ChartError::EmptyBars)
    );
    assert_eq!(
        render_chart("title: t", 80, &Theme::dark()),
        Err(ChartError::MissingBars)
    );
}

#[test]
fn mapping_form_keeps_its_order() {
    let lines = render(
        "bars:\n  Zebra: 3\n  Apple: 10\n  Mango: 0\n  2024: 1.5\n",
        60,
    );
    assert_eq!(lines.len(), 4);
    let labels: Vec<&str> = lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(labels, ["Zebra", "Apple", "Mango", "2024"]);
    assert!(lines[0].ends_with(" 3"));
    assert!(lines[1].ends_with(" 10"));
    assert!(lines[3].ends_with(" 1.5"));
    // Zero draws no bar but still shows its value.
    assert_eq!(bar_length(&lines[2]), 0.0);
    assert!(lines[2].ends_with(" 0"));
    // The largest value fills the bar area; 3 of 10 is in proportion.
    let (full, three) = (bar_length(&lines[1]), bar_length(&lines[0]));
    assert!((three - full * 0.3).abs() <= 1.0, "{lines:#?}");
}

#[test]
fn total_shows_percentages() {
    let source = format!("total: 22\n{FUNDING}");
    let lines = render(&source, 80);
    assert!(lines[1].ends_with(" 17 teams (77%)"), "{:?}", lines[1]);
    assert!(lines[2].ends_with(" 5 teams (23%)"), "{:?}", lines[2]);
}

#[test]
fn no_color_theme_draws_hash_bars_without_colour() {
    let lines = render_chart(FUNDING, 60, &Theme::no_color()).unwrap();
    for line in &lines {
        for span in &line.spans {
            assert_eq!(span.style.fg, None);
            assert_eq!(span.style.bg, None);
        }
    }
    let lines = texts(&lines);
    assert!(lines.iter().all(|l| bar_length(l) == 0.0), "{lines:#?}");
    let hashes = |l: &str| l.chars().filter(|&c| c == '#').count() as f64;
    let (big, small) = (hashes(&lines[1]), hashes(&lines[2]));
    assert!(big > 0.0);
    assert!((small - big * 5.0 / 17.0).abs() <= 1.0, "{lines:#?}");
}

#[test]
fn colour_theme_colours_the_bars() {
    let lines = render_chart(FUNDING, 60, &Theme::dark()).unwrap();
    assert!(
        lines[1]
            .spans
            .iter()
            .any(|s| s.content.contains('█') && s.style.fg.is_some())
    );
}

#[test]
fn control_characters_never_reach_the_output() {
    let source = "title: \"Evil\\e[31m title\"\nunit: \"u\\e]0;x\\a\"\nbars:\n  \"Bad\\e[2Jlabel\": 4\n  \"\\u202Eflip\": 2\n";
    let lines = render(source, 80);
    let all = lines.join("\n");
    assert!(all.contains("Evil[31m title"), "{all}");
    assert!(all.contains("Bad[2Jlabel"), "{all}");
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{202E}'));
    // Error messages quote labels: they are sanitised too.
    let message = error("bars:\n  \"x\\e[2J\": -1\n");
    assert!(!message.contains('\u{1b}'), "{message:?}");
}

#[test]
fn huge_values_and_many_bars_fit() {
    let source = "bars:\n  Huge: 1e15\n  Small: 1\n";
    let lines = render(source, 40);
    assert!(lines[0].contains("1000000000000000"), "{lines:#?}");
    // The tiny value still shows a mark.
    assert!(bar_length(&lines[1]) > 0.0);
    assert!(lines.iter().all(|l| l.chars().count() <= 40));
}

#[test]
fn all_zero_values_draw_no_bars() {
    let lines = render("bars: {A: 0, B: 0}\n", 40);
    assert_eq!(lines, ["A  0", "B  0"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_charts_fit_and_keep_every_bar(
        values in prop::collection::vec(0.0f64..1e15, 1..100),
        width in 1u16..=500,
        with_total in any::<bool>(),
        color in any::<bool>(),
    ) {
        let total = if with_total { "total: 1e15\n" } else { "" };
        let bars: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("  - {{label: \"label {i} ✓ 日本\", value: {v}}}\n"))
            .collect();
        let source = format!("title: Random chart\nunit: things\n{total}bars:\n{bars}");
        let theme = if color { Theme::dark() } else { Theme::no_color() };
        let lines = render_chart(&source, width, &theme).unwrap();
        prop_assert!(lines.len() >= values.len());
        for line in &lines {
            prop_assert!(line.width() <= width as usize, "{:?} wider than {}", text(line), width);
        }
    }
}
