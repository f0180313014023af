//! `paap sync`: fetch the configured sources (or one given here), list them, remove one.
//! A progress bar on a terminal (stderr), one summary line per source on stdout, `--json`
//! for scripts. A failed sync says why in one line and exits 2.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::EXIT_USAGE;
use super::table::write_rows;
use crate::config::{Config, SourceConfig, SyncSettings};
use crate::sync::{self, Meta, Options, Outcome, Progress, Source, size};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// A configured source's name, github:OWNER/REPO[@REF][:PATH], or the https URL of a
    /// .tar.gz; every configured source when left out
    #[arg(value_name = "SOURCE")]
    pub source: Option<String>,
    /// The folder name for a source given here (default: the repository's or file's name)
    #[arg(long, value_name = "NAME", requires = "source")]
    pub name: Option<String>,
    /// Show each synced source: its commit or ETag, size, and when it was fetched
    #[arg(long, conflicts_with_all = ["source", "remove"])]
    pub list: bool,
    /// Delete a synced source's files
    #[arg(long, value_name = "NAME", conflicts_with = "source")]
    pub remove: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Fetch plain http URLs too (a server on this machine, say); https is the default
    #[arg(long)]
    pub insecure_http: bool,
    /// Seconds to wait for a connection and for data, overriding [sync] in the config
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: Option<Duration>,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 86_400.0 => Ok(Duration::from_secs_f64(seconds)),
        _ => Err("expected a number of seconds above 0, e.g. 30 or 0.5".to_string()),
    }
}

pub fn run(config: &Config, args: &SyncArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let dir = sync::default_dir()
        .context("no home folder is known, so there is nowhere to keep sources")?;
    if args.list {
        return list(&dir, args.json, out);
    }
    if let Some(name) = &args.remove {
        return remove(&dir, name, args.json, out);
    }
    let sources = chosen_sources(config, args)?;
    let options = options(&config.sync, args);
    let interrupted = interrupt_flag();
    let mut reports = Vec::new();
    for source in &sources {
        let mut bar = Bar::new(&source.name);
        let result = sync::sync(source, &dir, &options, &mut bar, &interrupted);
        bar.end();
        let report = Report::of(source, &dir, result);
        if !args.json {
            report.write_line(out)?;
        }
        reports.push(report);
    }
    if args.json {
        super::json::write_json(out, &reports)?;
    }
    let failed = reports.iter().any(|r| r.error.is_some());
    Ok(if failed {
        ExitCode::from(EXIT_USAGE)
    } else {
        ExitCode::SUCCESS
    })
}

/// The sources named on the command line, or every configured one.
fn chosen_sources(config: &Config, args: &SyncArgs) -> anyhow::Result<Vec<Source>> {
    let configured = |c: &SourceConfig| -> anyhow::Result<Source> {
        let written = sync::Location::parse(&c.url).map_err(anyhow::Error::msg)?;
        Ok(Source {
            name: c.name.clone(),
            url: c.url.clone(),
            location: written.location,
            paths: c.paths.clone(),
            hosts: c.hosts.clone(),
        })
    };
    let Some(text) = &args.source else {
        if config.sources.is_empty() {
            bail!("no sources are configured; add [[sources]] to the config or name one here");
        }
        return config.sources.iter().map(configured).collect();
    };
    if let Some(found) = config.sources.iter().find(|c| &c.name == text) {
        return Ok(vec![configured(found)?]);
    }
    if !text.contains(':') {
        bail!(
            "no source named \"{}\" in the config; give github:OWNER/REPO or an https URL",
            text.escape_debug()
        );
    }
    let source = Source::one_off(text, args.name.as_deref()).map_err(anyhow::Error::msg)?;
    if let Some(other) = config.sources.iter().find(|c| c.name == source.name) {
        bail!(
            "the configured source {} would be replaced by {}; choose another name with --name",
            other.name,
            text.escape_debug()
        );
    }
    Ok(vec![source])
}

fn options(settings: &SyncSettings, args: &SyncArgs) -> Options {
    let mut options = Options {
        max_unpacked_bytes: settings.max_unpacked_mb.saturating_mul(1_000_000),
        max_entries: settings.max_entries,
        connect_timeout: Duration::from_secs(settings.connect_timeout),
        idle_timeout: Duration::from_secs(settings.idle_timeout),
        allow_http: args.insecure_http,
    };
    if let Some(timeout) = args.timeout {
        options.connect_timeout = timeout;
        options.idle_timeout = timeout;
    }
    options
}

/// Ctrl-C sets the flag the sync polls, so it stops cleanly and says so; a second Ctrl-C
/// ends paap at once (the previous copy is still whole: only temporary files are left).
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    use signal_hook::consts::SIGINT;
    let _ = signal_hook::flag::register_conditional_shutdown(SIGINT, 130, Arc::clone(&flag));
    let _ = signal_hook::flag::register(SIGINT, Arc::clone(&flag));
    flag
}

/// The download's progress bar, drawn on stderr when it is a terminal.
struct Bar {
    name: String,
    bar: Option<ProgressBar>,
    visible: bool,
}

impl Bar {
    fn new(name: &str) -> Bar {
        Bar {
            name: name.to_string(),
            bar: None,
            visible: std::io::stderr().is_terminal(),
        }
    }

    /// A download that broke off leaves its bar where it stopped, and a line below it for
    /// the message.
    fn end(&mut self) {
        if let Some(bar) = self.bar.take()
            && !bar.is_finished()
        {
            bar.abandon();
            let _ = writeln!(std::io::stderr());
        }
    }
}

impl Progress for Bar {
    fn started(&mut self, total: Option<u64>) {
        if !self.visible {
            return;
        }
        let (bar, template) = match total {
            Some(total) => (
                ProgressBar::new(total),
                "{prefix} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} {eta} left",
            ),
            None => (
                ProgressBar::no_length(),
                "{prefix} {spinner} {bytes} {binary_bytes_per_sec}",
            ),
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(self.name.clone());
        // Redrawn on a timer too, so a stalled download still shows its rate falling.
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
    }

    fn advanced(&mut self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn finished(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish();
            // indicatif leaves the cursor at the end of the bar: the summary starts below.
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// One source's result, as a line or as JSON.
#[derive(Debug, Serialize)]
struct Report {
    name: String,
    /// `updated`, `unchanged` or `failed`.
    status: &'static str,
    url: String,
    path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fetched_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// Whether a copy from an earlier sync is there (left as it was when this one failed).
    previous_copy: bool,
}

impl Report {
    fn of(source: &Source, dir: &Path, result: Result<Outcome, sync::SyncError>) -> Report {
        let path = dir.join(&source.name);
        let previous_copy = sync::store::read_meta(&path).is_some();
        let mut report = Report {
            name: source.name.clone(),
            status: "failed",
            url: source.url.clone(),
            path,
            commit: None,
            etag: None,
            files: None,
            bytes: None,
            fetched_at: None,
            error: None,
            previous_copy,
        };
        let meta = match result {
            Ok(Outcome::Updated(meta)) => {
                report.status = "updated";
                meta
            }
            Ok(Outcome::Unchanged(meta)) => {
                report.status = "unchanged";
                meta
            }
            Err(error) => {
                report.error = Some(error.to_string());
                return report;
            }
        };
        report.commit = meta.commit;
        report.etag = meta.etag;
        report.files = Some(meta.files);
        report.bytes = Some(meta.bytes);
        report.fetched_at = Some(meta.fetched_at.to_rfc3339());
        report
    }

    fn write_line(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let name = &self.name;
        if let Some(error) = &self.error {
            let kept = if self.previous_copy {
                "the copy synced before is unchanged"
            } else {
                "nothing was kept"
            };
            // On stderr, like every paap error; stdout keeps the summary lines.
            crate::text::warn(format_args!("sync {name} failed: {error}; {kept}"));
            return Ok(());
        }
        let version = version(self.commit.as_deref(), self.etag.as_deref());
        let line = match self.status {
            "unchanged" => format!("{name}: up to date ({version}); nothing downloaded"),
            _ => format!(
                "{name}: synced {} files, {} ({version}) into {}",
                self.files.unwrap_or(0),
                size(self.bytes.unwrap_or(0)),
                self.path.display()
            ),
        };
        writeln!(out, "{line}")?;
        Ok(())
    }
}

/// `commit 1a2b3c4d5e6f`, else `ETag "…"`, else `no version given`.
fn version(commit: Option<&str>, etag: Option<&str>) -> String {
    match (commit, etag) {
        (Some(commit), _) => format!("commit {}", &commit[..commit.len().min(12)]),
        (None, Some(etag)) => format!("ETag {etag}"),
        (None, None) => "no commit or ETag given".to_string(),
    }
}

fn list(dir: &Path, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let synced = sync::store::list(dir);
    if json {
        #[derive(Serialize)]
        struct Listed<'a> {
            #[serde(flatten)]
            meta: &'a Meta,
            path: &'a Path,
        }
        let listed: Vec<Listed> = synced
            .iter()
            .map(|(meta, path)| Listed { meta, path })
            .collect();
        super::json::write_json(out, &listed)?;
        return Ok(ExitCode::SUCCESS);
    }
    if synced.is_empty() {
        writeln!(
            out,
            "No sources synced yet; `paap sync` fetches the configured ones into {}",
            dir.display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[String; 5]> = synced
        .iter()
        .map(|(meta, _)| {
            let fetched = meta.fetched_at.with_timezone(&chrono::Local);
            [
                meta.name.clone(),
                version(meta.commit.as_deref(), meta.etag.as_deref()),
                format!("{} in {} files", size(meta.bytes), meta.files),
                format!("fetched {}", fetched.format("%Y-%m-%d %H:%M")),
                meta.url.clone(),
            ]
        })
        .collect();
    write_rows(out, &rows)?;
    Ok(ExitCode::SUCCESS)
}

fn remove(dir: &Path, name: &str, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let path = dir.join(name);
    if !sync::remove(dir, name)? {
        bail!(
            "no synced source named \"{}\"; `paap sync --list` shows them",
            name.escape_debug()
        );
    }
    if json {
        super::json::write_json(
            out,
            &serde_json::json!({ "name": name, "status": "removed", "path": path }),
        )?;
    } else {
        writeln!(out, "{name}: removed {}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}
