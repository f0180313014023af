//! Front matter as real Hugo sites write it: every quirk the loader must accept.

use chrono::NaiveDate;
use paap::content::{Doc, Kind, Problem};
use serde_json::json;

fn doc(id: &str, text: &str) -> (Doc, Vec<Problem>) {
    Doc::from_markdown(id, text)
}

fn clean(id: &str, text: &str) -> Doc {
    let (doc, problems) = doc(id, text);
    assert!(problems.is_empty(), "unexpected problems: {problems:#?}");
    doc
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn with_date(written: &str) -> Option<NaiveDate> {
    clean(
        "a.md",
        &format!("---\ntitle: A\ndate: {written}\n---\nbody\n"),
    )
    .date
}

#[test]
fn plain_date() {
    assert_eq!(with_date("2024-06-13"), date(2024, 6, 13));
}

#[test]
fn date_with_time_and_numeric_zone() {
    assert_eq!(with_date("2024-06-13 12:00:00 +0000"), date(2024, 6, 13));
}

#[test]
fn date_with_time_without_zone() {
    assert_eq!(with_date("2024-10-30 15:00:00"), date(2024, 10, 30));
}

#[test]
fn quoted_rfc3339_date_keeps_the_written_calendar_day() {
    assert_eq!(with_date("'2025-03-26T20:04:39+01:00'"), date(2025, 3, 26));
    // Late evening west of UTC is still the day as written, not the next day in UTC.
    assert_eq!(with_date("2025-03-26T23:30:00-05:00"), date(2025, 3, 26));
    assert_eq!(with_date("\"2024-06-13T08:00:00Z\""), date(2024, 6, 13));
}

#[test]
fn go_time_string_with_zone_name() {
    assert_eq!(
        with_date("2024-06-13 12:00:00 +0000 UTC"),
        date(2024, 6, 13)
    );
}

#[test]
fn bad_date_is_a_problem_on_its_line_and_the_doc_loads() {
    let (doc, problems) = doc(
        "a.md",
        "---\ntitle: A\ntags: [x]\nDate: last tuesday\n---\n",
    );
    assert_eq!(doc.title, "A");
    assert_eq!(doc.date, None);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, Some(4));
    assert!(problems[0].message.contains("last tuesday"));
    assert_eq!(problems[0].to_string().split(':').next(), Some("a.md"));
}

#[test]
fn author_string_naming_several_people() {
    let d = clean(
        "a.md",
        "---\nauthor: Dominik Kress, Michael Luskind & David Stenglein\n---\n",
    );
    assert_eq!(
        d.authors,
        ["Dominik Kress", "Michael Luskind", "David Stenglein"]
    );
    let d = clean(
        "a.md",
        "---\nauthor: \"Valentina Rodriguez Sosa and Colin Griffin\"\n---\n",
    );
    assert_eq!(d.authors, ["Valentina Rodriguez Sosa", "Colin Griffin"]);
    let d = clean("a.md", "---\nauthor: Giulio Roggero\n---\n");
    assert_eq!(d.authors, ["Giulio Roggero"]);
}

#[test]
fn authors_as_a_list() {
    let d = clean("a.md", "---\nauthors:\n  - Ann Lee\n  - Bo Chan\n---\n");
    assert_eq!(d.authors, ["Ann Lee", "Bo Chan"]);
    let d = clean("a.md", "---\nauthors: [Ann Lee, {name: Bo Chan}]\n---\n");
    assert_eq!(d.authors, ["Ann Lee", "Bo Chan"]);
}

#[test]
fn empty_keys_are_empty() {
    let d = clean(
        "a.md",
        "---\ntitle: T\ncategories:\ntags:\ndescription:\nauthor:\ndate:\n---\n",
    );
    assert!(d.categories.is_empty());
    assert!(d.tags.is_empty());
    assert_eq!(d.description, None);
    assert!(d.authors.is_empty());
    assert_eq!(d.date, None);
}

#[test]
fn trailing_spaces_in_values_are_trimmed() {
    let d = clean(
        "a.md",
        "---\ntitle: \"Spaced Out  \"   \nslug: spaced   \ntags: [a , b ]  \n---\n",
    );
    assert_eq!(d.title, "Spaced Out");
    assert_eq!(d.slug, "spaced");
    assert_eq!(d.tags, ["a", "b"]);
}

#[test]
fn yaml_comments_are_ignored() {
    let d = clean(
        "a.md",
        "---\n# written by hand\ntitle: Commented # not part of the title\n# draft: true\n---\n",
    );
    assert_eq!(d.title, "Commented");
    assert!(!d.draft);
    assert!(d.extra.is_empty());
}

#[test]
fn nested_maps_and_unknown_keys_are_kept_in_extra() {
    let d = clean(
        "a.md",
        "---\ntitle: T\nmenu:\n  main:\n    weight: 40\nrole: Builder\nweight: 3\n---\n",
    );
    assert_eq!(
        d.extra.get("menu").unwrap(),
        json!({"main": {"weight": 40}})
    );
    assert_eq!(d.extra.get("role").unwrap(), json!("Builder"));
    assert_eq!(d.extra.get("weight").unwrap(), json!(3));
    assert!(!d.extra.contains_key("title"));
}

#[test]
fn every_field_is_read() {
    let text = "---\n\
        title: \"Platform as a Product\"\n\
        slug: paap\n\
        type: initiatives\n\
        date: 2024-06-13\n\
        author: A & B\n\
        tags: [one, two]\n\
        categories: [Platform as a Product]\n\
        description: The page.\n\
        canonical: https://example.org/paap/\n\
        url: initiatives/platform-as-a-product\n\
        draft: true\n\
        ---\n\n# Heading\n\nFour words right here.\n";
    let d = clean("somewhere/page.md", text);
    assert_eq!(d.id, "somewhere/page.md");
    assert_eq!(d.title, "Platform as a Product");
    assert_eq!(d.slug, "paap");
    assert_eq!(d.kind, Kind::Initiative);
    assert_eq!(d.date, date(2024, 6, 13));
    assert_eq!(d.authors, ["A", "B"]);
    assert_eq!(d.tags, ["one", "two"]);
    assert_eq!(d.categories, ["Platform as a Product"]);
    assert_eq!(d.description.as_deref(), Some("The page."));
    assert_eq!(d.source.as_deref(), Some("https://example.org/paap/"));
    assert_eq!(d.url.as_deref(), Some("initiatives/platform-as-a-product"));
    assert!(d.draft);
    assert!(d.extra.is_empty(), "{:?}", d.extra);
    assert_eq!(d.body, "\n# Heading\n\nFour words right here.\n");
    assert_eq!(d.body_line, 14);
    assert_eq!(d.words(), 6);
}

#[test]
fn source_wins_over_canonical_which_stays_in_extra() {
    let d = clean(
        "a.md",
        "---\nsource: https://a.example/\ncanonical: https://b.example/\n---\n",
    );
    assert_eq!(d.source.as_deref(), Some("https://a.example/"));
    assert_eq!(
        d.extra.get("canonical").unwrap(),
        json!("https://b.example/")
    );
}

#[test]
fn toml_front_matter() {
    let d = clean(
        "blog/t.md",
        "+++\ntitle = \"Toml Post\"\ndate = 2024-06-13T10:00:00+02:00\nauthors = [\"A\", \"B\"]\ntags = [\"x\"]\n[menu.main]\nweight = 4\n+++\nBody\n",
    );
    assert_eq!(d.title, "Toml Post");
    assert_eq!(d.date, date(2024, 6, 13));
    assert_eq!(d.authors, ["A", "B"]);
    assert_eq!(d.kind, Kind::Post);
    assert_eq!(d.extra.get("menu").unwrap(), json!({"main": {"weight": 4}}));
    assert_eq!(d.body, "Body\n");
    assert_eq!(d.body_line, 9);
}

#[test]
fn toml_plain_date() {
    let d = clean("a.md", "+++\ndate = 2024-10-30\n+++\n");
    assert_eq!(d.date, date(2024, 10, 30));
}

#[test]
fn malformed_yaml_loads_with_title_from_heading_and_problem_line() {
    let text = "---\ntitle: ok\ntags: [a, b\ndescription: x\n---\n\n# From The Heading\n";
    let (d, problems) = doc("bad.md", text);
    assert_eq!(d.title, "From The Heading");
    assert_eq!(d.body, "\n# From The Heading\n");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let line = problems[0].line.expect("a line");
    assert!((3..=5).contains(&line), "line {line}: {}", problems[0]);
    assert!(problems[0].message.contains("YAML"));
}

#[test]
fn malformed_yaml_reports_the_exact_file_line() {
    // The tab-indented key on file line 4 is not valid YAML.
    let text = "---\ntitle: ok\nmenu:\n\tmain: 1\n---\nbody\n";
    let (_, problems) = doc("bad.md", text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, Some(4), "{}", problems[0]);
    // Positions inside the message count file lines too.
    assert!(problems[0].message.contains("line 4"), "{}", problems[0]);
}

#[test]
fn malformed_toml_reports_its_line() {
    let (d, problems) = doc(
        "bad.md",
        "+++\ntitle = \"ok\"\nthis is not toml\n+++\nbody\n",
    );
    assert_eq!(d.title, "bad");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(3), "{}", problems[0]);
}

#[test]
fn unclosed_front_matter_keeps_the_whole_text() {
    let (d, problems) = doc("open.md", "---\ntitle: never closed\n\nSome text.\n");
    assert_eq!(d.body, "---\ntitle: never closed\n\nSome text.\n");
    assert_eq!(d.body_line, 1);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(1));
}

#[test]
fn front_matter_that_is_not_a_map_is_a_problem() {
    let (d, problems) = doc("list.md", "---\n- a\n- b\n---\n# Listy\n");
    assert_eq!(d.title, "Listy");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, Some(2));
}

#[test]
fn no_front_matter_title_from_first_heading() {
    let d = clean(
        "notes/plain.md",
        "Intro line.\n\n```\n# not a heading\n```\n\n## Real Heading ##\n",
    );
    assert_eq!(d.title, "Real Heading");
    assert_eq!(d.body_line, 1);
    assert_eq!(d.slug, "plain");
    assert_eq!(d.kind, Kind::Page);
}

#[test]
fn a_title_from_a_heading_is_its_text_without_markup_or_attributes() {
    let d = clean(
        "docs/setup.md",
        "# Set **up** the `paap` [CLI](cli.md) {#setup .wide}\n\nBody.\n",
    );
    assert_eq!(d.title, "Set up the paap CLI");
    // The heading is the title: it is not drawn again under it.
    assert_eq!(d.body_below_title().trim(), "Body.");
    let d = clean("docs/plain.md", "# Section 0: a path {#section-0}\n");
    assert_eq!(d.title, "Section 0: a path");
    let d = clean("docs/closed.md", "## *Closed* heading ##\n");
    assert_eq!(d.title, "Closed heading");
}

#[test]
fn no_front_matter_and_no_heading_title_from_file_name() {
    let d = clean("notes/just-text.markdown", "only words\n");
    assert_eq!(d.title, "just-text");
    let d = clean("notes/bundle/index.md", "");
    assert_eq!(d.title, "bundle");
    assert_eq!(d.slug, "bundle");
    assert_eq!(d.words(), 0);
}

#[test]
fn crlf_line_endings_and_bom() {
    let d = clean(
        "a.md",
        "\u{feff}---\r\ntitle: Windows\r\ndate: 2024-06-13\r\n---\r\nBody\r\n",
    );
    assert_eq!(d.title, "Windows");
    assert_eq!(d.date, date(2024, 6, 13));
    assert_eq!(d.body, "Body\r\n");
    assert_eq!(d.body_line, 5);
}

#[test]
fn kind_from_type_or_kind_key() {
    let kind = |fm: &str| clean("x/a.md", &format!("---\n{fm}\n---\n")).kind;
    assert_eq!(kind("type: initiatives"), Kind::Initiative);
    assert_eq!(kind("type: initiative"), Kind::Initiative);
    assert_eq!(kind("type: persona"), Kind::Persona);
    assert_eq!(kind("kind: personas"), Kind::Persona);
    assert_eq!(kind("type: post"), Kind::Post);
    assert_eq!(kind("type: blog"), Kind::Post);
    assert_eq!(kind("type: Posts"), Kind::Post);
    assert_eq!(kind("type: page"), Kind::Page);
    assert_eq!(kind("type: something-else"), Kind::Page);
}

#[test]
fn kind_from_top_folder() {
    let kind = |id: &str| clean(id, "# T\n").kind;
    assert_eq!(kind("blog/a.md"), Kind::Post);
    assert_eq!(kind("posts/2024/a.md"), Kind::Post);
    assert_eq!(kind("personas/builders.md"), Kind::Persona);
    assert_eq!(kind("initiatives/paap/index.md"), Kind::Initiative);
    assert_eq!(kind("glossary.md"), Kind::Page);
    assert_eq!(kind("research/guide.md"), Kind::Page);
    // A section's own list page is not one of its members.
    assert_eq!(kind("blog/_index.md"), Kind::Page);
    // Front matter beats the folder.
    assert_eq!(
        clean("blog/a.md", "---\ntype: page\n---\n").kind,
        Kind::Page
    );
}

#[test]
fn slug_defaults() {
    assert_eq!(clean("blog/2025-01-x.md", "").slug, "2025-01-x");
    assert_eq!(clean("blog/x.md", "---\nslug: y\n---\n").slug, "y");
    assert_eq!(clean("initiatives/paap/_index.md", "").slug, "paap");
}

#[test]
fn draft_as_string_and_numbers_as_titles() {
    let d = clean("a.md", "---\ntitle: 2024\ndraft: \"true\"\n---\n");
    assert_eq!(d.title, "2024");
    assert!(d.draft);
}

#[test]
fn words_are_counted_like_split_whitespace() {
    let body = "one two\tthree\r\nfour\u{a0}five — six\u{2003}seven  \n\x0beight";
    let d = clean("a.md", body);
    assert_eq!(d.words(), body.split_whitespace().count());
    assert_eq!(d.words(), 9);
}

#[test]
fn impossible_calendar_dates_are_problems() {
    for written in ["2024-13-01", "2024-02-30", "2024-6-13x", "24-06-13"] {
        let (d, problems) = doc("a.md", &format!("---\ndate: {written}\n---\n"));
        assert_eq!(d.date, None, "{written}");
        assert_eq!(problems.len(), 1, "{written}");
        assert_eq!(problems[0].line, Some(2));
    }
}

#[test]
fn keys_are_read_case_insensitively_like_hugo() {
    let d = clean(
        "a.md",
        "---\nTitle: Upper\nDate: 2024-06-13\nTags: [x]\nWeight: 2\n---\n",
    );
    assert_eq!(d.title, "Upper");
    assert_eq!(d.date, date(2024, 6, 13));
    assert_eq!(d.tags, ["x"]);
    assert_eq!(d.extra.get("Weight").unwrap(), json!(2));
}

/// Flow collections nested 100,000 deep (lists and maps) are refused in one pass with a
/// message naming the line, not handed to the YAML parser (which took over 20 s); the body
/// still loads. Shallow nesting parses as before.
#[test]
fn deeply_nested_flow_collections_are_refused_not_parsed() {
    let n = 100_000;
    for value in [
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)),
    ] {
        let (doc, problems) = doc(
            "deep.md",
            &format!("---\nx: {value}\n---\n# Deep\n\nBody.\n"),
        );
        assert!(doc.body.contains("Body."), "the body still loads");
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("more than 64 levels") && p.line == Some(2)),
            "{problems:?}"
        );
    }
    let (doc, problems) = doc(
        "shallow.md",
        "---\nx: [[1, 2], {a: [3]}]\ntitle: Shallow\n---\nBody.\n",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(doc.title, "Shallow");
}
