//! Where commands write: stdout, locked once and buffered, flushed once at the end; a reader
//! that goes away (`paap list | head -1`) ends the command quietly. And how an error that
//! stops paap is worded.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// Room for many lines per `write` call: `list --json` over 10,000 documents is about
/// 5 MB, so some 80 calls instead of one per line.
const BUFFER_BYTES: usize = 64 * 1024;

/// Runs `command` with a buffered, locked stdout and flushes it once. A closed pipe, found
/// while writing or while flushing, is success: the reader has what it wanted.
pub fn to_stdout(
    command: impl FnOnce(&mut dyn Write) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(BUFFER_BYTES, stdout.lock());
    let result = command(&mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Err(err) if is_broken_pipe(&err) => {
            // What is still buffered has nowhere to go; dropping the writer must not try again.
            let _ = out.into_parts();
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

/// Writes `line` to standard error. One that cannot be written to (`2>/dev/full`, a closed
/// pipe) loses the line instead of ending paap with a panic, as `eprintln!` would.
pub fn to_stderr(line: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Whether `err` is a write to a reader that went away.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let kind = err
        .downcast_ref::<io::Error>()
        .map(io::Error::kind)
        .or_else(|| err.downcast_ref::<serde_json::Error>()?.io_error_kind());
    kind == Some(io::ErrorKind::BrokenPipe)
}

/// The error and its causes, `: `-joined, each cause once: a cause that the message before
/// it already quotes (many errors put their io error in their own text) is left out.
pub fn error_message(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read config file /tmp: {source}")]
    struct QuotesItsSource {
        #[source]
        source: io::Error,
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let source = io::Error::from_raw_os_error(21);
        let err = anyhow::Error::new(QuotesItsSource { source });
        let message = error_message(&err);
        assert_eq!(message.matches("os error 21").count(), 1, "{message}");
        let chained = anyhow::Error::new(io::Error::from_raw_os_error(2)).context("loading");
        assert_eq!(
            error_message(&chained),
            format!("loading: {}", io::Error::from_raw_os_error(2))
        );
    }

    #[test]
    fn broken_pipes_are_recognised_in_io_and_json_errors() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::new(pipe())));
        let json = serde_json::Error::io(pipe());
        assert!(is_broken_pipe(&anyhow::Error::new(json)));
        assert!(!is_broken_pipe(&anyhow::anyhow!("no document matches")));
    }
}
