//! Markdown on standard input (`cat notes.md | paap`, `paap -`): once it has been read to
//! the end, the terminal takes its place, so that keys (for crossterm, and for the editor
//! `e` starts) come from the terminal as they would without a pipe.

use std::fs::File;
use std::io::{self, IsTerminal};
use std::os::unix::fs::FileTypeExt;

/// Whether standard input brings something to read: a pipe or a file. A terminal, or
/// nothing (`/dev/null`, a closed input), does not: `paap` then opens as usual.
pub fn input_is_piped() -> bool {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    let Ok(fd) = std::os::fd::AsFd::as_fd(&stdin).try_clone_to_owned() else {
        return false;
    };
    File::from(fd)
        .metadata()
        .is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_file())
}

/// Makes the terminal (`/dev/tty`) standard input, when standard input is not one already.
/// An error means there is no terminal to read keys from.
pub fn take_keys_from_terminal() -> io::Result<()> {
    if io::stdin().is_terminal() {
        return Ok(());
    }
    let tty = File::options().read(true).write(true).open("/dev/tty")?;
    rustix::stdio::dup2_stdin(&tty)?;
    Ok(())
}
