//! `paap show DOC`: the document rendered for the terminal, or as plain text when piped.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Args;

use super::docs::find_doc;
use crate::appearance::choose_theme;
use crate::browser;
use crate::config::{self, Config};
use crate::content::Library;
use crate::markdown;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id, slug, or unique title prefix
    pub doc: String,
    /// Wrap at this many columns (default: the terminal's width, else 80)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(10..))]
    pub width: Option<u16>,
    /// Plain text without colours or escapes (the default when stdout is not a terminal)
    #[arg(long)]
    pub plain: bool,
}

pub fn run(
    library: &Library,
    settings: &Config,
    args: &ShowArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let index = find_doc(library, &args.doc)?;
    let on_terminal = std::io::stdout().is_terminal();
    let plain = args.plain || !on_terminal;
    let width = args.width.unwrap_or_else(|| terminal_width(on_terminal));
    // `auto` is dark here: a printout does not ask the terminal for its background.
    let theme = choose_theme(settings.theme, plain || config::no_color(), || None);
    let markdown = with_header(library, index);
    let rendered = if plain {
        markdown::render_numbered(&markdown, width, &theme)
    } else {
        markdown::render(&markdown, width, &theme)
    };
    let text = if plain {
        markdown::to_plain_parts(&rendered)
    } else {
        vec![markdown::to_ansi(&rendered)]
    };
    for part in &text {
        out.write_all(part.as_bytes())?;
    }
    // The process ends after this command: the system takes the memory back at once,
    // where freeing a 1.7 MB page's lines span by span took 8 M instructions (2%).
    std::mem::forget((markdown, rendered, text));
    Ok(ExitCode::SUCCESS)
}

/// The body with a title and a metadata line in front, so the printout says what it is.
fn with_header(library: &Library, index: usize) -> String {
    let doc = library.doc(index);
    let mut meta = vec![doc.kind.name().to_string()];
    if let Some(date) = doc.date {
        meta.push(date.to_string());
    }
    if !doc.authors.is_empty() {
        meta.push(doc.authors.join(", "));
    }
    if !doc.tags.is_empty() {
        meta.push(format!("tags: {}", doc.tags.join(", ")));
    }
    let mut header = format!(
        "# {}\n\n*{}*\n\n",
        escape(&doc.title),
        escape(&meta.join(" · "))
    );
    if let Some(source) = &doc.source {
        header.push_str(&format!("Original: {}\n\n", source_link(source)));
    }
    // The synced copy of the original, or the summaries of this original, by the id
    // `paap show` takes.
    let related: Vec<String> = match library.original_of(index) {
        Some(original) => vec![format!(
            "Offline original: {}",
            escape(&library.doc(original).qualified_id())
        )],
        None => library
            .summaries_of(index)
            .iter()
            .map(|&s| format!("Summary: {}", escape(&library.doc(s).qualified_id())))
            .collect(),
    };
    for line in related {
        header.push_str(&line);
        header.push_str("\n\n");
    }
    header.push_str(&doc.markdown_below_title());
    header
}

/// The front-matter `source` as markdown: an autolink when it is a URL paap would open
/// and an autolink can hold as written; else plain text. Front matter is data, never
/// markup: a `source` with a newline, `>` or a space must not end the link and start a
/// heading or another link.
fn source_link(source: &str) -> String {
    let fits_an_autolink = !source
        .chars()
        .any(|c| c.is_whitespace() || c == '<' || c == '>');
    if fits_an_autolink && browser::check_url(source).is_ok() {
        format!("<{source}>")
    } else {
        escape(source)
    }
}

/// Front-matter text as markdown that shows it as written: punctuation escaped, and every
/// run of whitespace (newlines too) one space, so it stays on its line and in its block.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn terminal_width(on_terminal: bool) -> u16 {
    match crossterm::terminal::size() {
        Ok((columns, _)) if on_terminal && columns >= 10 => columns,
        _ => 80,
    }
}
