//! Reading a file that a path names, safely: only a regular file, never blocking, at most a
//! size cap.
//!
//! Every path paap reads (content files, the config file, `state.json`) may name something
//! that is not a file: a FIFO (whose `open` blocks until a writer comes, forever), a device
//! such as `/dev/zero` (endless bytes), a folder or a socket. [`read`] refuses all of those
//! with an error naming the path and what it is, and reads at most `cap` bytes of a file.

use std::fmt;
use std::fs::{File, FileType, OpenOptions};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

/// What a path names, when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Folder,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    /// Anything else the platform has (a Solaris door, …).
    Other,
}

impl Special {
    /// What `file_type` is, or `None` for a regular file.
    pub fn of(file_type: FileType) -> Option<Special> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(Special::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt as _;
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
            if file_type.is_char_device() {
                return Some(Special::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(Special::BlockDevice);
            }
        }
        Some(Special::Other)
    }

    /// What it is, for messages: "a FIFO (named pipe)".
    pub fn describe(self) -> &'static str {
        match self {
            Special::Folder => "a folder",
            Special::Fifo => "a FIFO (named pipe)",
            Special::Socket => "a socket",
            Special::CharDevice => "a character device",
            Special::BlockDevice => "a block device",
            Special::Other => "not a regular file",
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Cause {
    /// The system refused (missing, no permission, …).
    Io(io::Error),
    /// The path names something other than a regular file.
    NotAFile(Special),
    /// The file holds more than the cap.
    TooLarge { cap: u64 },
    /// [`read_to_string`] only: the bytes are not UTF-8.
    NotUtf8,
}

impl fmt::Display for Cause {
    /// The reason without the path, to follow it: "is a FIFO (named pipe), not a regular file".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Io(err) => write!(f, "cannot be read: {err}"),
            Cause::NotAFile(Special::Other) => write!(f, "is not a regular file"),
            Cause::NotAFile(special) => {
                write!(f, "is {}, not a regular file", special.describe())
            }
            Cause::TooLarge { cap } => write!(f, "is over the {} limit", size(*cap)),
            Cause::NotUtf8 => write!(f, "is not valid UTF-8 text"),
        }
    }
}

/// A file that was not read: `<path> <cause>`.
#[derive(Debug)]
pub struct ReadError {
    pub path: PathBuf,
    pub cause: Cause,
}

impl ReadError {
    /// Whether nothing is at the path (the one error callers may treat as "no file yet").
    pub fn is_not_found(&self) -> bool {
        matches!(&self.cause, Cause::Io(err) if err.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.path.display(), self.cause)
    }
}

// No `source()`: the cause is part of the message, and an error printer that follows the
// chain would print it twice.
impl std::error::Error for ReadError {}

impl From<ReadError> for io::Error {
    /// For callers whose errors carry an `io::Error` and name the path themselves: the
    /// message is the cause alone.
    fn from(err: ReadError) -> io::Error {
        match err.cause {
            Cause::Io(err) => err,
            Cause::NotAFile(_) => {
                io::Error::new(io::ErrorKind::InvalidInput, err.cause.to_string())
            }
            Cause::TooLarge { .. } => {
                io::Error::new(io::ErrorKind::FileTooLarge, err.cause.to_string())
            }
            Cause::NotUtf8 => io::Error::new(io::ErrorKind::InvalidData, err.cause.to_string()),
        }
    }
}

/// `cap` bytes in words: "16 MiB", "512 KiB", "100 bytes".
fn size(cap: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if cap >= MIB && cap.is_multiple_of(MIB) {
        format!("{} MiB", cap / MIB)
    } else if cap >= KIB && cap.is_multiple_of(KIB) {
        format!("{} KiB", cap / KIB)
    } else {
        format!("{cap} bytes")
    }
}

/// The bytes of the regular file at `path` (symlinks followed), at most `cap` of them.
///
/// Anything else at `path` is refused before it is opened; a file swapped for a FIFO
/// between that look and the open cannot block either, as the open does not wait
/// (`O_NONBLOCK`) and the opened file is looked at again before reading.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| fail(path, Cause::Io(e)))?;
    if let Some(special) = Special::of(meta.file_type()) {
        return Err(fail(path, Cause::NotAFile(special)));
    }
    read_listed(path, cap)
}

/// [`read`] of a path that a folder listing has just shown to be a regular file (links
/// followed): the look before opening is left out, as the listing was that look. The opened
/// file is still checked, so a FIFO or device swapped in since is refused all the same.
/// Loading a folder of 10,000 files makes 10,000 system calls fewer this way.
pub fn read_listed(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_without_blocking(path).map_err(|e| fail(path, Cause::Io(e)))?;
    let meta = file.metadata().map_err(|e| fail(path, Cause::Io(e)))?;
    if let Some(special) = Special::of(meta.file_type()) {
        return Err(fail(path, Cause::NotAFile(special)));
    }
    if meta.len() > cap {
        return Err(fail(path, Cause::TooLarge { cap }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file is read as it was when its size was taken: that many bytes and no probe for
    // more (one read call per file rather than two). A size of 0 can be stale (/proc
    // reports 0): then it is read to its end, one byte past the cap at most, to tell
    // "exactly the cap" from "more".
    let limit = match meta.len() {
        0 => cap.saturating_add(1),
        len => len,
    };
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(path, Cause::Io(e)))?;
    if bytes.len() as u64 > cap {
        return Err(fail(path, Cause::TooLarge { cap }));
    }
    Ok(bytes)
}

fn fail(path: &Path, cause: Cause) -> ReadError {
    ReadError {
        path: path.to_path_buf(),
        cause,
    }
}

/// [`read`], as UTF-8 text.
pub fn read_to_string(path: &Path, cap: u64) -> Result<String, ReadError> {
    String::from_utf8(read(path, cap)?).map_err(|_| ReadError {
        path: path.to_path_buf(),
        cause: Cause::NotUtf8,
    })
}

/// Opens `path` for reading without waiting for anything: on Unix `O_NONBLOCK` (a FIFO
/// opens at once instead of waiting for a writer) and `O_NOCTTY` (a terminal device never
/// becomes paap's controlling terminal). Reads of a regular file ignore `O_NONBLOCK`.
fn open_without_blocking(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_up_to_its_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        let err = read(&path, 4).unwrap_err();
        assert!(matches!(err.cause, Cause::TooLarge { cap: 4 }));
        assert_eq!(
            err.to_string(),
            format!("{} is over the 4 bytes limit", path.display())
        );
    }

    #[test]
    fn a_folder_and_a_missing_file_are_named_with_their_cause_once() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), 10).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is a folder, not a regular file", dir.path().display())
        );
        let missing = read(&dir.path().join("nope"), 10).unwrap_err();
        assert!(missing.is_not_found());
        assert_eq!(missing.to_string().matches("os error").count(), 1);
    }

    #[test]
    fn sizes_are_said_in_the_largest_whole_unit() {
        assert_eq!(size(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size(512 * 1024), "512 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_where_a_listing_saw_a_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("swapped.md");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let err = read_listed(&fifo, 1024).unwrap_err();
        assert!(matches!(err.cause, Cause::NotAFile(Special::Fifo)), "{err}");
        let err = read_listed(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            matches!(err.cause, Cause::NotAFile(Special::CharDevice)),
            "{err}"
        );
        let err = read_listed(dir.path(), 1024).unwrap_err();
        assert!(
            matches!(err.cause, Cause::NotAFile(Special::Folder)),
            "{err}"
        );
    }

    #[test]
    fn a_listed_file_is_read_whole_and_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read_listed(&path, 5).unwrap(), b"12345");
        assert!(matches!(
            read_listed(&path, 4).unwrap_err().cause,
            Cause::TooLarge { cap: 4 }
        ));
        std::fs::write(&path, "").unwrap();
        assert_eq!(read_listed(&path, 5).unwrap(), b"");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero is a character device, not a regular file"
        );
    }
}
