//! `Effect::Edit` on the real terminal: paap leaves the alternate screen and raw mode,
//! the editor runs in the terminal until it exits, and paap takes the terminal back.
//! The editor is started directly (its command line was split into words), never
//! through a shell.

use std::ffi::OsString;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::{Command, Stdio};

use crossterm::event::DisableMouseCapture;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

/// Editors that open a file at line N when given `+N` before it.
const PLUS_LINE: &[&str] = &[
    "vi",
    "vim",
    "nvim",
    "gvim",
    "mvim",
    "view",
    "vis",
    "nano",
    "pico",
    "emacs",
    "emacsclient",
    "micro",
    "kak",
    "joe",
    "jed",
    "mg",
    "ne",
    "mcedit",
    "gedit",
    "pluma",
    "xed",
];
/// Editors that take `file:N`.
const FILE_COLON_LINE: &[&str] = &["hx", "helix", "subl", "sublime_text", "zed", "lapce"];
/// Editors that take `--goto file:N` (Visual Studio Code and its builds).
const GOTO: &[&str] = &["code", "code-insiders", "codium", "vscodium", "cursor"];

/// The editor `$VISUAL`, else `$EDITOR`, else `vi` names.
pub fn from_environment() -> Vec<String> {
    let var = |name| std::env::var(name).ok();
    crate::app::editor_command(var("VISUAL").as_deref(), var("EDITOR").as_deref())
}

/// The editor's arguments after its own: `file` opened at `line`, the way `program`
/// takes a line number; only the file for an editor not known to take one.
pub fn editor_args(program: &[String], file: &Path, line: usize) -> Vec<OsString> {
    let name = program
        .first()
        .and_then(|p| Path::new(p).file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .trim_end_matches(".exe");
    let mut at_line = file.as_os_str().to_owned();
    at_line.push(format!(":{line}"));
    if PLUS_LINE.contains(&name) {
        vec![format!("+{line}").into(), file.into()]
    } else if FILE_COLON_LINE.contains(&name) {
        vec![at_line]
    } else if GOTO.contains(&name) {
        vec!["--goto".into(), at_line]
    } else {
        vec![file.into()]
    }
}

/// Runs the editor on `file` at `line` with the terminal given to it, and takes the
/// terminal back when it exits (mouse capture is the caller's to restore). `Ok` with a
/// note for the status line when the editor exited with a failure; `Err` when it could
/// not be started.
pub fn run(program: &[String], file: &Path, line: usize) -> io::Result<Option<String>> {
    let Some((name, own_args)) = program.split_first() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no editor given",
        ));
    };
    let mut command = Command::new(name);
    command
        .args(own_args)
        .args(editor_args(program, file, line));
    // Keys for the editor come from the terminal even when paap's input was a pipe.
    if !io::stdin().is_terminal()
        && let Ok(tty) = std::fs::File::open("/dev/tty")
    {
        command.stdin(Stdio::from(tty));
    }
    suspend()?;
    let status = command.status();
    resume()?;
    let status = status?;
    Ok((!status.success()).then(|| format!("{name} exited with {status}.")))
}

/// The terminal as a shell leaves it, for the editor.
fn suspend() -> io::Result<()> {
    execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    )?;
    disable_raw_mode()
}

/// The terminal as paap draws on it, cleared: the caller draws the next frame whole.
fn resume() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, Clear(ClearType::All))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(program: &str) -> Vec<String> {
        let words: Vec<String> = program.split(' ').map(String::from).collect();
        editor_args(&words, Path::new("notes.md"), 12)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn each_editor_gets_the_line_the_way_it_takes_one() {
        assert_eq!(args("vim"), ["+12", "notes.md"]);
        assert_eq!(args("/usr/bin/nvim -u NONE"), ["+12", "notes.md"]);
        assert_eq!(args("emacsclient -t"), ["+12", "notes.md"]);
        assert_eq!(args("hx"), ["notes.md:12"]);
        assert_eq!(args("code --wait"), ["--goto", "notes.md:12"]);
        assert_eq!(args("my-editor"), ["notes.md"]);
    }
}
