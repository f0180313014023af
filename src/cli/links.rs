//! `paap links DOC`: every link in a document with its resolved target.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::docs::find_doc;
use super::json::write_json;
use super::table::write_rows;
use crate::browser;
use crate::content::{Library, Target};

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// Document id, slug, or unique title prefix
    pub doc: String,
    /// Print one JSON array of links instead of text
    #[arg(long)]
    pub json: bool,
}

/// One link as `--json` prints it.
#[derive(Debug, Serialize)]
struct LinkRecord<'a> {
    line: usize,
    text: &'a str,
    href: &'a str,
    /// `doc`, `external`, `refused` (a web link paap will not open), `image` (a local
    /// image file) or `missing` (a missing image file too).
    target: &'static str,
    /// The document id, the URL, or why the link is refused or broken.
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<&'a str>,
}

pub fn run(library: &Library, args: &LinksArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let index = find_doc(library, &args.doc)?;
    let links = library.links(index);
    let records: Vec<LinkRecord> = links
        .iter()
        .map(|link| {
            let image = link.image.as_deref().map(|path| {
                // The file as written may hold anything: stdout's SafeWriter drops controls.
                let shown = path.display().to_string();
                if path.is_file() {
                    ("image", shown, None)
                } else {
                    ("missing", format!("no image file at {shown}"), None)
                }
            });
            let (target, to, anchor) = image.unwrap_or_else(|| match &link.target {
                Target::Doc { index, anchor } => (
                    "doc",
                    library.doc(*index).qualified_id().into_owned(),
                    anchor.as_deref(),
                ),
                // Decided on the link as written, as the UI's `o` and `y` decide.
                Target::External(url) => match browser::check_url(&link.href) {
                    Ok(()) => ("external", url.clone(), None),
                    Err(err) => ("refused", err.refusal().unwrap_or_default().into(), None),
                },
                Target::Missing(reason) => ("missing", reason.clone(), None),
            });
            LinkRecord {
                line: link.line,
                text: &link.text,
                href: &link.href,
                target,
                to,
                anchor,
            }
        })
        .collect();
    if args.json {
        write_json(out, &records)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[String; 3]> = records
        .iter()
        .map(|r| {
            let to = match (r.target, r.anchor) {
                ("missing", _) => format!("missing: {}", r.to),
                ("image", _) => format!("image: {}", r.to),
                ("refused", _) => format!("refused: {}", r.to),
                (_, Some(anchor)) => format!("{}#{anchor}", r.to),
                _ => r.to.clone(),
            };
            [
                format!("{}:", r.line),
                r.href.to_string(),
                format!("-> {to}"),
            ]
        })
        .collect();
    write_rows(out, &rows)?;
    Ok(ExitCode::SUCCESS)
}
