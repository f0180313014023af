//! `paap search QUERY`: the same engine as the UI's search box.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::KindArg;
use super::table::write_rows;
use crate::content::{Kind, Library};
use crate::search::{Index, parse_query};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", -excluded, kind:persona, tag:…, author:…
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only documents of this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print one JSON array of hits instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn run(library: &Library, args: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut query = parse_query(&args.query.join(" "));
    if let Some(kind) = args.kind {
        query = query.with_kind(Kind::from(kind));
    }
    for warning in &query.warnings {
        eprintln!("paap: {warning}");
    }
    let index = Index::build_for_query(library, &query);
    let hits = index.search(library, &query, args.limit);
    if hits.is_empty() && !args.json {
        // Nothing on stdout for scripts; a person sees why the output is empty.
        eprintln!("paap: no documents match {:?}", args.query.join(" "));
    }
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &hits)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[String; 4]> = hits
        .iter()
        .map(|hit| {
            [
                hit.kind.name().to_string(),
                hit.title.clone(),
                hit.id.clone(),
                hit.snippet
                    .as_ref()
                    .map(|s| s.text.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    write_rows(out, &rows)?;
    Ok(ExitCode::SUCCESS)
}
