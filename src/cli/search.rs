//! `paap search QUERY`: the same engine as the UI's search box.

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use super::KindArg;
use super::json::write_json;
use super::table::write_rows_with_tails;
use crate::config;
use crate::content::{Kind, Library};
use crate::search::snapshot::Snapshot;
use crate::search::{Index, Query, Snippet, parse_query, snapshot};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", -excluded, kind:persona, tag:…, author:…
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only documents of this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// At most this many results
    #[arg(long, default_value_t = NonZeroUsize::new(20).expect("20 is not zero"))]
    pub limit: NonZeroUsize,
    /// Print one JSON array of hits instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs the search over `library`, whose documents may lack their bodies (a listing's,
/// through the listing cache): the bodies are read where they are needed.
pub fn run(
    library: &mut Library,
    args: &SearchArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let mut query = parse_query(&args.query.join(" "));
    if let Some(kind) = args.kind {
        query = query.with_kind(Kind::from(kind));
    }
    for warning in &query.warnings {
        crate::text::warn(warning);
    }
    let index = index_for(library, &query, snapshot::default_dir().as_deref());
    let ranked = index.rank(library, &query, args.limit.get());
    library.read_bodies(&ranked.docs());
    let hits = index.hits(library, &query, ranked);
    if hits.is_empty() && !args.json {
        // Nothing on stdout for scripts; a person sees why the output is empty.
        crate::text::warn(format_args!(
            "no documents match {:?}",
            args.query.join(" ")
        ));
    }
    if args.json {
        write_json(out, &hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Matched words stand out on a terminal, as in grep and ripgrep: bold, and red unless
    // NO_COLOR asks for no colour.
    let on_terminal = std::io::stdout().is_terminal();
    let rows: Vec<[String; 3]> = hits
        .iter()
        .map(|hit| {
            [
                hit.kind.name().to_string(),
                hit.title.clone(),
                library.doc(hit.doc).qualified_id().into_owned(),
            ]
        })
        .collect();
    // After the id: the heading the hit falls under, then the snippet from there.
    let tails: Vec<String> = hits
        .iter()
        .map(|hit| {
            let snippet = match &hit.snippet {
                Some(snippet) if on_terminal => highlighted(snippet, !config::no_color()),
                Some(snippet) => snippet.text.clone(),
                None => String::new(),
            };
            match &hit.section {
                Some(section) => format!("{}: {snippet}", section.path_text()),
                None => snippet,
            }
        })
        .collect();
    write_rows_with_tails(out, &rows, &tails)?;
    // The process ends after this command: the system takes the memory back at once, where
    // freeing the index word list by word list took 3 ms over 10,000 pages.
    std::mem::forget(index);
    Ok(ExitCode::SUCCESS)
}

/// The index to answer `query` with: from the library's search snapshot in `cache_dir` if
/// it has one that is up to date. Otherwise every body is read; a library whose snapshot
/// can be recorded then gets the full index (the same answers), recorded for the next
/// search, and any other the one-shot index.
fn index_for(library: &mut Library, query: &Query, cache_dir: Option<&Path>) -> Index {
    let snapshot = cache_dir.and_then(|dir| Snapshot::open(dir, library));
    if let Some(index) = snapshot.and_then(|s| Index::build_for_query_from(library, query, &s)) {
        return index;
    }
    let every: Vec<usize> = (0..library.docs().len()).collect();
    library.read_bodies(&every);
    match (cache_dir, library.read_since()) {
        (Some(dir), Some(since)) if Snapshot::can_record(dir, library, since) => {
            let index = Index::build(library);
            Snapshot::write(dir, library, &index, since);
            index
        }
        _ => Index::build_for_query(library, query),
    }
}

/// The snippet's text with its matched words in bold (and red when `color`). The text is
/// sanitised already (`Snippet::text`), so the only escape codes are these.
fn highlighted(snippet: &Snippet, color: bool) -> String {
    let (on, off) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("\x1b[1m", "\x1b[0m")
    };
    let text = &snippet.text;
    let mut out = String::with_capacity(text.len() + snippet.highlights.len() * 10);
    let mut at = 0;
    for &(start, end) in &snippet.highlights {
        let (Some(before), Some(word)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(on);
        out.push_str(word);
        out.push_str(off);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_words_are_wrapped_in_bold() {
        let snippet = Snippet {
            text: "… platform user stories here".into(),
            highlights: vec![(13, 17), (18, 25)],
        };
        assert_eq!(
            highlighted(&snippet, true),
            "… platform \x1b[1;31muser\x1b[0m \x1b[1;31mstories\x1b[0m here"
        );
        assert_eq!(
            highlighted(&snippet, false),
            "… platform \x1b[1muser\x1b[0m \x1b[1mstories\x1b[0m here"
        );
        let none = Snippet {
            text: "plain".into(),
            highlights: Vec::new(),
        };
        assert_eq!(highlighted(&none, true), "plain");
    }
}
