//! `paap search` on the bundled documents: a question lands on the section that answers it,
//! in text (the heading path before the snippet) and in JSON (the section's path, anchor
//! and line).

use assert_cmd::Command;

fn paap() -> Command {
    let mut cmd = Command::cargo_bin("paap").unwrap();
    let home = std::env::temp_dir().join("paap-search-cli-tests-home");
    cmd.env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"));
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(output).unwrap()
}

#[test]
fn a_question_names_the_section_and_quotes_it() {
    let out = stdout(paap().args(["search", "how", "are", "platforms", "funded"]));
    let first = out.lines().next().unwrap();
    assert!(first.contains("research/survey-results.md"), "{out}");
    assert!(
        first.contains("Survey Results › Investment › Funding: "),
        "{first}"
    );
    // The snippet is the funding section's, where "funded" and "funding" meet.
    let snippet = first.split("Funding: ").nth(1).unwrap();
    assert!(snippet.contains("funded"), "{snippet}");
    // "how" and "are" decide nothing: the survey announcement, which has them with
    // "platforms" in its title, does not come first.
    assert!(!first.contains("announce-paap-survey"), "{out}");
}

#[test]
fn json_hits_carry_the_section_anchor_and_line() {
    let out = stdout(paap().args(["search", "--json", "how are platforms funded"]));
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &hits[0];
    assert_eq!(first["id"], "research/survey-results.md");
    let section = &first["section"];
    assert_eq!(
        section["path"],
        serde_json::json!(["Survey Results", "Investment", "Funding"])
    );
    assert_eq!(section["anchor"], "funding");
    let file = include_str!("../content/research/survey-results.md");
    let line = section["line"].as_u64().unwrap() as usize;
    assert_eq!(file.lines().nth(line - 1), Some("### Funding"));
    // A hit on names alone has no section.
    let out = stdout(paap().args(["search", "--json", "prdthink"]));
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits[0]["field"], "title");
    assert!(hits[0]["section"].is_null(), "{}", hits[0]);
}
