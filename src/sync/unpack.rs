//! Unpacking a downloaded `.tar.gz` into a folder, treating every entry as untrusted:
//! absolute paths, `..`, links leading outside, device files and FIFOs are refused, and
//! the unpacked size and entry count are capped. Then the single top folder GitHub puts
//! around a repository is stripped and only the kept paths stay.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use flate2::read::GzDecoder;
use tar::EntryType;

use super::fetch::megabytes;
use super::{Options, SyncError};

/// What the archive held.
#[derive(Debug, Default)]
pub struct Unpacked {
    /// The commit GitHub records in the archive's global header (`git archive` does).
    pub commit: Option<String>,
    pub entries: u64,
    pub bytes: u64,
}

/// Unpacks `archive` into the new folder `into`. Fails on the first refused entry (named
/// in the message) or when a cap is passed; `into` is then left for the caller to remove.
pub fn unpack(
    archive: &Path,
    into: &Path,
    options: &Options,
    interrupted: &AtomicBool,
) -> Result<Unpacked, SyncError> {
    let file = File::open(archive).map_err(|e| SyncError::io("cannot read", archive, e))?;
    let mut tar = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    tar.set_preserve_permissions(false);
    tar.set_unpack_xattrs(false);
    tar.set_overwrite(true);
    std::fs::create_dir(into).map_err(|e| SyncError::io("cannot create", into, e))?;
    let mut found = Unpacked::default();
    let entries = tar.entries().map_err(corrupt)?;
    for entry in entries {
        if interrupted.load(Ordering::Relaxed) {
            return Err(SyncError::Interrupted);
        }
        let mut entry = entry.map_err(corrupt)?;
        found.entries += 1;
        if found.entries > options.max_entries {
            return Err(SyncError::Cap(format!(
                "the archive holds more than {} entries, the cap",
                options.max_entries
            )));
        }
        let kind = entry.header().entry_type();
        if kind == EntryType::XGlobalHeader {
            found.commit = found.commit.or(global_commit(&mut entry));
            continue;
        }
        let name = check_entry(&entry, kind)?;
        found.bytes += entry.size();
        if found.bytes > options.max_unpacked_bytes {
            return Err(SyncError::Cap(format!(
                "the archive unpacks to more than {}, the cap",
                megabytes(options.max_unpacked_bytes)
            )));
        }
        let unpacked = entry.unpack_in(into).map_err(|e| unpack_error(&name, &e))?;
        if !unpacked {
            return Err(refused(&name, "leads outside the folder".to_string()));
        }
    }
    // The end of the tar leaves the gzip trailer unread: read on to check it, so a file
    // cut short after the last entry is still caught. Bounded, like everything else.
    let mut rest = tar.into_inner().take(options.max_unpacked_bytes);
    std::io::copy(&mut rest, &mut std::io::sink()).map_err(corrupt)?;
    if found.entries == 0 {
        return Err(SyncError::Archive("the archive holds no files".to_string()));
    }
    Ok(found)
}

/// tar says only "failed to unpack PATH"; the cause is in its source. Data that ends or
/// breaks mid-entry is a damaged archive; anything else (a full disk) is said as it is.
fn unpack_error(name: &str, error: &std::io::Error) -> SyncError {
    let mut cause: &dyn std::error::Error = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let kind = match cause.downcast_ref::<std::io::Error>() {
        Some(io) => io.kind(),
        None => error.kind(),
    };
    let text = cause.to_string();
    match kind {
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::InvalidData
        | std::io::ErrorKind::InvalidInput => SyncError::Archive(format!(
            "the archive is corrupt or cut short ({}, in {name})",
            text.trim()
        )),
        _ => SyncError::Archive(format!("cannot unpack {name}: {}", text.trim())),
    }
}

/// Refuses an entry whose path, link or kind could write outside the folder or make
/// something other than files, folders and links; returns its path, printable.
fn check_entry<R: Read>(entry: &tar::Entry<R>, kind: EntryType) -> Result<String, SyncError> {
    let path = entry.path().map_err(corrupt)?.into_owned();
    let name = printable(&path);
    check_path(&path).map_err(|why| refused(&name, why))?;
    match kind {
        EntryType::Regular | EntryType::Continuous | EntryType::Directory => {}
        EntryType::Symlink => {
            let target = link_target(entry, &name)?;
            check_symlink(&path, &target).map_err(|why| refused(&name, why))?;
        }
        EntryType::Link => {
            let target = link_target(entry, &name)?;
            check_path(&target).map_err(|_| {
                refused(
                    &name,
                    format!(
                        "is a hard link to {}, outside the folder",
                        printable(&target)
                    ),
                )
            })?;
        }
        EntryType::Char | EntryType::Block => {
            return Err(refused(&name, "is a device file".to_string()));
        }
        EntryType::Fifo => return Err(refused(&name, "is a FIFO".to_string())),
        other => {
            return Err(refused(
                &name,
                format!("is of a kind paap does not unpack ({other:?})"),
            ));
        }
    }
    Ok(name)
}

fn corrupt(error: std::io::Error) -> SyncError {
    SyncError::Archive(format!(
        "the archive is corrupt or cut short ({})",
        error.to_string().trim()
    ))
}

fn refused(name: &str, why: String) -> SyncError {
    SyncError::Archive(format!(
        "archive entry \"{name}\" {why}; nothing was unpacked"
    ))
}

fn printable(path: &Path) -> String {
    path.to_string_lossy()
        .chars()
        .flat_map(char::escape_debug)
        .collect()
}

fn link_target<R: Read>(entry: &tar::Entry<R>, name: &str) -> Result<PathBuf, SyncError> {
    match entry.link_name().map_err(corrupt)? {
        Some(target) => Ok(target.into_owned()),
        None => Err(refused(name, "is a link to nothing".to_string())),
    }
}

/// A path inside the archive: relative, without `..`.
fn check_path(path: &Path) -> Result<(), String> {
    for component in path.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err("has a \"..\" part".to_string()),
            Component::RootDir | Component::Prefix(_) => {
                return Err("is an absolute path".to_string());
            }
        }
    }
    Ok(())
}

/// A symlink at `path` pointing to `target` must stay inside the archive's folder.
fn check_symlink(path: &Path, target: &Path) -> Result<(), String> {
    let outside = || format!("is a symlink to {}, outside the folder", printable(target));
    let mut depth: Vec<&std::ffi::OsStr> = Vec::new();
    let folder = path.parent().unwrap_or(Path::new(""));
    for component in folder.components().chain(target.components()) {
        match component {
            Component::Normal(part) => depth.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                depth.pop().ok_or_else(outside)?;
            }
            Component::RootDir | Component::Prefix(_) => return Err(outside()),
        }
    }
    Ok(())
}

/// GitHub writes the commit id as the `comment` of the archive's global pax header.
fn global_commit<R: Read>(entry: &mut tar::Entry<R>) -> Option<String> {
    let extensions = entry.pax_extensions().ok()??;
    for extension in extensions.flatten() {
        if extension.key() == Ok("comment") {
            let value = extension.value().ok()?.trim();
            if !value.is_empty()
                && value.len() <= 64
                && value.chars().all(|c| c.is_ascii_hexdigit())
            {
                return Some(value.to_string());
            }
        }
    }
    None
}

/// The folder to keep paths from: the one top folder when that is all the archive holds
/// (`cnpe-community-main/` in a GitHub tarball), else the unpacked folder itself.
pub fn top_folder(unpacked: &Path) -> Result<PathBuf, SyncError> {
    let read = |e| SyncError::io("cannot read", unpacked, e);
    let mut entries = std::fs::read_dir(unpacked).map_err(read)?;
    let first = entries.next().transpose().map_err(read)?;
    let second = entries.next().transpose().map_err(read)?;
    match (first, second) {
        (Some(only), None) if only.file_type().map_err(read)?.is_dir() => Ok(only.path()),
        _ => Ok(unpacked.to_path_buf()),
    }
}

/// Moves the kept `paths` of `top` into the new folder `into`, each at the same relative
/// place. A path the archive lacks fails the sync: the source's layout has changed and
/// keeping less than asked for would pass unnoticed.
pub fn keep(top: &Path, paths: &[String], into: &Path) -> Result<(), SyncError> {
    if paths.is_empty() {
        return std::fs::rename(top, into).map_err(|e| SyncError::io("cannot move", top, e));
    }
    std::fs::create_dir(into).map_err(|e| SyncError::io("cannot create", into, e))?;
    for path in paths {
        // `a` kept moves `a/b` with it.
        let under_another = paths
            .iter()
            .any(|other| other != path && path.starts_with(&format!("{other}/")));
        if under_another {
            continue;
        }
        let from = top.join(path);
        if std::fs::symlink_metadata(&from).is_err() {
            return Err(SyncError::Archive(format!(
                "the archive has no {path}; the source's `paths` name what to keep"
            )));
        }
        let to = into.join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| SyncError::io("cannot create", parent, e))?;
        }
        std::fs::rename(&from, &to).map_err(|e| SyncError::io("cannot move", &from, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_may_point_anywhere_inside() {
        let ok = |path: &str, target: &str| check_symlink(Path::new(path), Path::new(target));
        assert!(ok("a/b/link", "../c").is_ok());
        assert!(ok("a/link", "b/c").is_ok());
        assert!(ok("a/link", "../x").is_ok());
        assert!(ok("a/link", "../../x").is_err());
        assert!(ok("link", "/etc").is_err());
        assert!(ok("link", "..").is_err());
    }

    #[test]
    fn paths_stay_relative() {
        assert!(check_path(Path::new("a/./b")).is_ok());
        assert!(check_path(Path::new("/etc/passwd")).is_err());
        assert!(check_path(Path::new("a/../../evil")).is_err());
    }
}
