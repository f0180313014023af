//! Opening URLs in the user's browser: scheme allow-list, `$BROWSER`, fallback.
//!
//! This is one of the three places that touch the outside world (it starts processes).
//! `update` only returns `Effect::OpenUrl`; the event loop (and `paap open`) call
//! [`open_url`]. Everything that decides something is a pure function tested without
//! launching anything; the launching itself is tested with a recording script as `$BROWSER`.

use std::ffi::OsString;
use std::io;
use std::process::{Child, Command, Stdio};

use crate::text::is_unsafe;
use crate::text::sanitize;

/// Schemes paap will hand to a browser. Everything else (`javascript:`, `file:`,
/// `data:`, custom app schemes) could run code or read local files, so it is refused.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// What was started to open a URL (for the status line: "opened in firefox").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launched {
    /// The command from `$BROWSER`; `program` is its first word.
    BrowserVar { program: String },
    /// The platform opener (`xdg-open`, `open`, `cmd /c start`, …); `program` is its name.
    SystemOpener { program: String },
}

impl Launched {
    /// The program that was started.
    pub fn program(&self) -> &str {
        match self {
            Launched::BrowserVar { program } | Launched::SystemOpener { program } => program,
        }
    }
}

/// Why a URL was not opened. Every message says what to do; the ones where the URL
/// is fine but nothing could start it show the URL so the reader can open it by hand
/// (the TUI also copies it to the clipboard, see [`BrowserError::url_to_copy`]).
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    #[error(
        "refused to open {}: {reason}; only http, https and mailto links are opened",
        shown(url)
    )]
    Refused { url: String, reason: String },

    #[error(
        "$BROWSER is not a usable command line ({reason}): fix or unset BROWSER; the link is {}",
        shown(url)
    )]
    BadBrowserVar { url: String, reason: String },

    // The io error is in the message, not a source: `{err:#}` would print it twice.
    #[error(
        "could not start {program} from $BROWSER ({cause}): fix or unset BROWSER; the link is {}",
        shown(url)
    )]
    BrowserVarFailed {
        url: String,
        program: String,
        cause: io::Error,
    },

    #[error(
        "no browser could be started ({reason}); open the link yourself: {}",
        shown(url)
    )]
    NoLauncher { url: String, reason: String },
}

impl BrowserError {
    /// Why the URL was refused, for a refusal ([`check_url`]).
    pub fn refusal(&self) -> Option<&str> {
        match self {
            BrowserError::Refused { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// The URL the reader may want on the clipboard: set for every error except a
    /// refusal (a refused `javascript:` URL must not be made easy to paste).
    pub fn url_to_copy(&self) -> Option<&str> {
        match self {
            BrowserError::Refused { .. } => None,
            BrowserError::BadBrowserVar { url, .. }
            | BrowserError::BrowserVarFailed { url, .. }
            | BrowserError::NoLauncher { url, .. } => Some(url),
        }
    }
}

/// URLs come from content, which is untrusted: never let one drive the terminal
/// through an error message.
fn shown(url: &str) -> String {
    sanitize(url).into_owned()
}

/// The one decision "may paap open or copy this URL", made on the URL as written (never on
/// a cleaned copy): the UI's `o`, `y`, `Enter` and clicks, `paap open` and `paap links` all
/// ask it. Accepts `http`, `https` and `mailto` URLs (scheme case-insensitive); refuses
/// anything else with a message saying why.
///
/// A control character (a tab, a newline) or an invisible direction mark anywhere refuses
/// the URL: browsers drop tabs and newlines inside URLs (`java\tscript:` runs as
/// `javascript:`), and a bidi override makes the URL read differently from what it is. A
/// protocol-relative `//host` names no scheme, so it is refused too.
pub fn check_url(url: &str) -> Result<(), BrowserError> {
    let refuse = |reason: &str| {
        Err(BrowserError::Refused {
            url: url.to_string(),
            reason: reason.to_string(),
        })
    };
    if url.chars().any(char::is_control) {
        return refuse("it contains control characters");
    }
    if url.chars().any(is_unsafe) {
        return refuse("it contains invisible direction characters");
    }
    if url.starts_with("//") {
        return refuse("a protocol-relative link (//host) names no scheme; write https://");
    }
    let Some((scheme, rest)) = split_scheme(url) else {
        return refuse("it has no scheme (such as https:)");
    };
    let scheme = scheme.to_ascii_lowercase();
    if !ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return refuse(&format!("the scheme {scheme}: is not allowed"));
    }
    if scheme == "mailto" {
        if rest.trim().is_empty() {
            return refuse("the mailto: link has no address");
        }
    } else {
        let host = rest
            .strip_prefix("//")
            .map(|after| after.split(['/', '?', '#']).next().unwrap_or(""));
        if host.is_none_or(|h| h.trim().is_empty()) {
            return refuse(&format!("the {scheme}: link has no host"));
        }
    }
    Ok(())
}

/// Splits `scheme:rest` when the part before the first `:` is a valid RFC 3986
/// scheme (a letter, then letters, digits, `+`, `-`, `.`).
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_is_valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_is_letter && rest_is_valid).then_some((scheme, rest))
}

/// Opens `url` in the browser without blocking: `$BROWSER` when set and non-empty,
/// else the platform opener. The URL is checked with [`check_url`] first.
pub fn open_url(url: &str) -> Result<Launched, BrowserError> {
    let browser_var = std::env::var_os("BROWSER");
    let browser_var = browser_var.as_ref().map(|v| v.to_string_lossy());
    open_url_with(url, browser_var.as_deref(), &|name| std::env::var_os(name))
}

/// [`open_url`] with the environment passed in, so tests need not mutate the
/// process environment (which would race between test threads).
#[doc(hidden)]
pub fn open_url_with(
    url: &str,
    browser_var: Option<&str>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Launched, BrowserError> {
    check_url(url)?;
    match browser_var {
        Some(line) if !line.trim().is_empty() => open_with_browser_var(url, line),
        _ => open_with_system_opener(url, env),
    }
}

/// Builds the argument vector for a `$BROWSER` command line: split like a shell
/// would (quotes respected) but never run by one; `%s` in an argument is replaced by
/// the URL, otherwise the URL is appended as one argument.
#[doc(hidden)]
pub fn browser_command_line(browser_var: &str, url: &str) -> Result<Vec<String>, String> {
    let mut words = shell_words::split(browser_var).map_err(|e| e.to_string())?;
    if words.is_empty() {
        return Err("it is empty".to_string());
    }
    if words.iter().skip(1).any(|w| w.contains("%s")) {
        for word in words.iter_mut().skip(1) {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    Ok(words)
}

fn open_with_browser_var(url: &str, line: &str) -> Result<Launched, BrowserError> {
    let words = browser_command_line(line, url).map_err(|reason| BrowserError::BadBrowserVar {
        url: url.to_string(),
        reason,
    })?;
    let program = words[0].clone();
    let mut command = Command::new(&program);
    command.args(&words[1..]);
    match spawn_detached(command) {
        Ok(()) => Ok(Launched::BrowserVar { program }),
        Err(cause) => Err(BrowserError::BrowserVarFailed {
            url: url.to_string(),
            program,
            cause,
        }),
    }
}

fn open_with_system_opener(
    url: &str,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Launched, BrowserError> {
    if !graphical_session_available(env) {
        return Err(BrowserError::NoLauncher {
            url: url.to_string(),
            reason: "no graphical session: DISPLAY and WAYLAND_DISPLAY are unset, and BROWSER is not set".to_string(),
        });
    }
    // Try the platform's openers in the open crate's order; the first one that
    // starts wins. Waiting for its exit status (as `open::that_detached` does for
    // 250 ms per launcher) would freeze the UI, so only a failure to start counts.
    let mut last_error = None;
    for command in open::commands(url) {
        let program = command.get_program().to_string_lossy().into_owned();
        match spawn_detached(command) {
            Ok(()) => return Ok(Launched::SystemOpener { program }),
            Err(e) => last_error = Some(format!("{program}: {e}")),
        }
    }
    Err(BrowserError::NoLauncher {
        url: url.to_string(),
        reason: last_error.unwrap_or_else(|| "no opener is known on this platform".to_string()),
    })
}

/// Whether a desktop opener can show anything. On Linux and the BSDs that needs an
/// X11 or Wayland display (over plain SSH there is none, and `xdg-open` would fall back
/// to a text browser drawing over the TUI); WSL opens through Windows. macOS and
/// Windows always have their opener.
#[doc(hidden)]
pub fn graphical_session_available(env: &dyn Fn(&str) -> Option<OsString>) -> bool {
    if cfg!(any(windows, target_os = "macos", target_os = "ios")) {
        return true;
    }
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    set("DISPLAY") || set("WAYLAND_DISPLAY") || set("WSL_DISTRO_NAME") || set("WSL_INTEROP")
}

/// Starts `command` with all stdio on /dev/null (nothing may draw over the TUI) in
/// its own process group (terminal signals meant for paap do not reach it), and
/// reaps it on a background thread so it never lingers as a zombie.
fn spawn_detached(mut command: Command) -> io::Result<()> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        command.process_group(0);
    }
    let child = command.spawn()?;
    reap_in_background(child);
    Ok(())
}

fn reap_in_background(mut child: Child) {
    // If no thread can be started the browser still runs; it only stays a zombie
    // after it exits until paap does. Not worth failing the open over.
    let _ = std::thread::Builder::new()
        .name("paap-browser-reaper".to_string())
        .spawn(move || {
            let _ = child.wait();
        });
}
