//! Helpers shared by several test files.

use std::path::Path;

/// Writes an executable script from a child process. Written in this process, the file
/// would be open for writing while other tests fork; a child forked at that moment keeps
/// the descriptor until it execs, and running the script then fails with "Text file busy"
/// (ETXTBSY). A short-lived writer process keeps the descriptor out of this one.
pub fn write_executable(path: &Path, text: &str) {
    let status = std::process::Command::new("/bin/sh")
        .args([
            "-c",
            "printf '%s' \"$1\" > \"$2\" && chmod 755 \"$2\"",
            "sh",
        ])
        .arg(text)
        .arg(path)
        .status()
        .expect("run /bin/sh");
    assert!(status.success(), "could not write {}", path.display());
}
