//! `paap list`: kind, date, title, id; newest first.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use super::KindArg;
use super::json::write_json_array;
use super::table::write_rows;
use crate::content::{Doc, Kind, Library};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only documents of this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only documents with this tag (case-insensitive)
    #[arg(long)]
    pub tag: Option<String>,
    /// Print one JSON array of documents instead of text
    #[arg(long)]
    pub json: bool,
}

/// A document as `list --json` prints it: its fields and how many words it has.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    doc: &'a Doc,
    words: usize,
}

pub fn run(library: &Library, args: &ListArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let kind = args.kind.map(Kind::from);
    let docs: Vec<&Doc> = library
        .sorted_newest_first()
        .into_iter()
        .map(|index| library.doc(index))
        .filter(|doc| kind.is_none_or(|k| doc.kind == k))
        .filter(|doc| {
            args.tag
                .as_ref()
                .is_none_or(|tag| doc.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
        })
        .collect();
    if args.json {
        // Counted here, in parallel, as only this output shows them.
        let listed: Vec<Listed> = docs
            .par_iter()
            .map(|&doc| Listed {
                doc,
                words: doc.words(),
            })
            .collect();
        write_json_array(out, &listed)?;
    } else {
        let rows: Vec<[String; 4]> = docs
            .par_iter()
            .map(|doc| {
                [
                    doc.kind.name().to_string(),
                    doc.date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    doc.title.clone(),
                    doc.qualified_id().into_owned(),
                ]
            })
            .collect();
        write_rows(out, &rows)?;
    }
    Ok(ExitCode::SUCCESS)
}
