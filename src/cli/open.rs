//! `paap open DOC`: the document's original page in the browser.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::docs::find_doc;
use crate::browser;
use crate::content::Library;

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Document id, slug, or unique title prefix
    pub doc: String,
}

pub fn run(library: &Library, args: &OpenArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let doc = library.doc(find_doc(library, &args.doc)?);
    let Some(url) = doc.source.as_deref() else {
        anyhow::bail!(
            "{} has no source URL: add `source: https://…` to its front matter",
            doc.id
        );
    };
    browser::open_url(url)?;
    writeln!(out, "opened {url}")?;
    Ok(ExitCode::SUCCESS)
}
