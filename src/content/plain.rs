//! Documents that are not markdown: plain text (`.txt`, the interview transcripts) and
//! CSV tables (the survey data, one section per question with its answers).

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Format, Problem};

/// Whether paap reads a file of this name as a plain-text or CSV document.
pub(crate) fn format_of(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".txt") {
        Some(Format::Text)
    } else if lower.ends_with(".csv") {
        Some(Format::Csv)
    } else {
        None
    }
}

/// Plain text as markdown that shows it as written: markup characters escaped, each line
/// kept (a hard break), blank lines between paragraphs, indents dropped (they would read
/// as code).
pub(crate) fn text_as_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(&escape_markdown(line));
        let more_in_paragraph = lines.peek().is_some_and(|next| !next.is_empty());
        out.push_str(if more_in_paragraph { "\\\n" } else { "\n" });
    }
    out
}

/// Backslash before every ASCII punctuation character: markdown shows each as itself.
pub(crate) fn escape_markdown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_ascii_punctuation()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Answers a question may have before they are listed one by one rather than counted.
const COUNTED_ANSWERS: usize = 12;

/// A CSV file (a header row of questions, one row per response) as markdown with one
/// section per question. A question with few distinct answers lists them with counts;
/// otherwise every answer is listed. A row the reader refuses is a problem naming its
/// line; the rows before it are kept.
pub(crate) fn csv_markdown(text: &str, label: &str) -> (String, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let questions: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(one_line).collect(),
        Err(error) => {
            problems.push(csv_problem(label, &error));
            Vec::new()
        }
    };
    let mut answers: Vec<Vec<String>> = vec![Vec::new(); questions.len()];
    let mut responses = 0;
    for record in reader.records() {
        match record {
            Ok(record) => {
                responses += 1;
                for (column, value) in record.iter().enumerate().take(questions.len()) {
                    let value = one_line(value);
                    if !value.is_empty() {
                        answers[column].push(value);
                    }
                }
            }
            Err(error) => {
                problems.push(csv_problem(label, &error));
                break;
            }
        }
    }
    (survey_markdown(&questions, &answers, responses), problems)
}

fn csv_problem(label: &str, error: &csv::Error) -> Problem {
    Problem {
        file: label.to_string(),
        line: error.position().map(|p| p.line() as usize),
        message: format!(
            "is not a CSV table paap can read: {error}; the rows after it are left out"
        ),
    }
}

/// A cell on one line, white space collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn survey_markdown(questions: &[String], answers: &[Vec<String>], responses: usize) -> String {
    let mut out = format!(
        "{} to {}.\n\n",
        counted(responses, "response"),
        counted(questions.len(), "question")
    );
    for (question, given) in questions.iter().zip(answers) {
        let heading = if question.is_empty() {
            "(untitled column)"
        } else {
            question
        };
        out.push_str(&format!("## {}\n\n", escape_markdown(heading)));
        if given.is_empty() {
            out.push_str("No answers.\n\n");
            continue;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for answer in given {
            let count = counts.entry(answer).or_insert(0);
            if *count == 0 {
                order.push(answer);
            }
            *count += 1;
        }
        let by_count = order.len() <= COUNTED_ANSWERS && order.len() < given.len();
        out.push_str(&format!("{}.\n\n", counted(given.len(), "answer")));
        if by_count {
            // Most frequent first; ties in the order first given.
            order.sort_by_key(|answer| std::cmp::Reverse(counts[answer]));
            for answer in order {
                let count = counts[answer];
                let share = count as f64 * 100.0 / given.len() as f64;
                out.push_str(&format!(
                    "- {}: {count} ({share:.0}%)\n",
                    escape_markdown(answer)
                ));
            }
        } else {
            for answer in given {
                out.push_str(&format!("- {}\n", escape_markdown(answer)));
            }
        }
        out.push('\n');
    }
    out
}

/// `1 answer`, `3 answers`.
fn counted(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_its_lines_and_shows_markup_as_written() {
        let markdown = text_as_markdown("# Interview 3\n    Q: *why*?\nA: [because](x)\n\nNext.");
        assert_eq!(
            markdown,
            "\\# Interview 3\\\nQ\\: \\*why\\*\\?\\\nA\\: \\[because\\]\\(x\\)\n\nNext\\.\n"
        );
    }

    #[test]
    fn a_survey_gets_one_section_per_question() {
        let csv = "Role,Team size,Why?\nEngineer,5,\"fast, simple\"\nLead,5,\nEngineer,12,cost\n";
        let (body, problems) = csv_markdown(csv, "survey.csv");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            body,
            "3 responses to 3 questions.\n\n\
             ## Role\n\n3 answers.\n\n- Engineer: 2 (67%)\n- Lead: 1 (33%)\n\n\
             ## Team size\n\n3 answers.\n\n- 5: 2 (67%)\n- 12: 1 (33%)\n\n\
             ## Why?\n\n2 answers.\n\n- fast\\, simple\n- cost\n\n"
                .replace("## Why?", "## Why\\?")
        );
    }

    #[test]
    fn short_and_long_rows_are_read_as_far_as_they_go() {
        let csv = "a,b\n1\n2,3,extra\n";
        let (body, problems) = csv_markdown(csv, "s.csv");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            body,
            "2 responses to 2 questions.\n\n## a\n\n2 answers.\n\n- 1\n- 2\n\n\
             ## b\n\n1 answer.\n\n- 3\n\n"
        );
    }
}
