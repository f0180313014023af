//! `paap check`: every load problem and every broken internal link.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_PROBLEMS;
use super::json::write_json;
use crate::content::Library;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print one JSON array of problems ({file, line, message}) instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn run(library: &Library, args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let problems = library.check();
    if args.json {
        write_json(out, &problems)?;
    } else {
        for problem in &problems {
            writeln!(out, "{problem}")?;
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}
