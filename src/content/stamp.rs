//! What a file's metadata says about its content, to tell without reading it whether it
//! changed since it was read: the listing cache and the search snapshot both rely on it.

use std::fs::Metadata;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Files modified this recently cannot be trusted to keep their stamp through a second
/// change (FAT's clock ticks every 2 s): a cache does not record them.
pub const RACY: Duration = Duration::from_secs(2);

/// A file's size, modification and change times and inode: if none of them changed,
/// neither did the file. The change time cannot be set back by the tools that restore
/// modification times (`cp -p`, `rsync -t`, `touch -d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since 1970.
    pub modified: i64,
    pub changed: i64,
    pub inode: u64,
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let nanos = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000) + nanos;
            Stamp {
                size: meta.size(),
                modified: nanos(meta.mtime(), meta.mtime_nsec()),
                changed: nanos(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                size: meta.len(),
                modified: meta.modified().map_or(0, since_1970),
                changed: 0,
                inode: 0,
            }
        }
    }

    /// Whether the file changed too shortly before `started` for its times to be trusted.
    pub fn is_racy(&self, started: SystemTime) -> bool {
        self.modified >= since_1970(started - RACY)
    }
}

/// Nanoseconds from 1970 to `time` (negative before).
pub fn since_1970(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}
