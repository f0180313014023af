//! `paap config`: the effective settings, or the commented default file.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::config::Config;

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the default config file, with comments, instead of the effective settings
    #[arg(long)]
    pub default: bool,
}

pub fn run(config: &Config, args: &ConfigArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if args.default {
        out.write_all(Config::default_toml().as_bytes())?;
    } else {
        out.write_all(config.to_toml().as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
