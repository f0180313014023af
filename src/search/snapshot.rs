//! The search snapshot: for a big library, where each body word occurs (its documents and
//! word positions), with each body's headings and length, kept in the cache folder. With
//! it, `paap search` over files that have not changed neither opens them nor splits them
//! into words: it reads the positions of the words the query accepts, and the bodies of
//! the hits it shows. Over 10,000 pages, reading and splitting the bodies was most of a
//! search's time.
//!
//! Rules:
//! - Only libraries of at least [`SNAPSHOT_FROM`] documents have one.
//! - It is used only when the library is the one recorded: the same documents (root and
//!   id) in the same order, each file with the stamp recorded (`content::stamp`), and
//!   the same build of paap, named in the header (bundled documents come with the build).
//!   Otherwise the search reads every body, and writes the snapshot anew.
//! - It is not written while a file changed in the last
//!   [`RACY`](crate::content::stamp::RACY): a second change in the same tick of a coarse
//!   file clock would leave its stamp as it was.
//! - A snapshot that cannot be read, or holds anything unexpected, is not used; one that
//!   cannot be written is left as it is. It is a cache: nothing is lost.
//! - It is written to a temporary file renamed over the old one, so another paap reading
//!   it meanwhile sees the old snapshot or the new, whole.
//!
//! Layout (integers little-endian): the magic line; the offset of the positions (u64);
//! the header (u32 length, JSON); the documents (u32 count; each: root u32, id, stamp,
//! body length u32, word count u32, headings); the words (u32 count; each: text, first
//! position's number u64, count u32), in sorted order; then every word's positions, as
//! (document u32, word position u32) pairs. Texts are a u32 length and UTF-8.

use std::fs::File;
use std::hash::Hasher as _;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rustc_hash::FxHasher;

use crate::content::caches;
use crate::content::stamp::Stamp;
use crate::content::{Library, Origin};

use super::index::Index;
use super::query::Query;
use super::sections::Section;
use super::tokenise::{Body, Tokenised, Tokens};
use super::wanted::WantedWords;

/// Libraries with fewer documents than this are searched without a snapshot: reading
/// them is about as quick.
pub const SNAPSHOT_FROM: usize = 256;

const MAGIC: &[u8; 16] = b"paap-search v1\n\0";

/// A snapshot whose part before the positions is bigger than this is not read. 10,000
/// pages make 17 MB in all, 1.7 MB of it before the positions: the rest is read only for
/// the words a query wants.
const MAX_HEAD_BYTES: u64 = 256 * 1024 * 1024;

/// `$XDG_CACHE_HOME/paap/search` on Linux (the platform's cache folder elsewhere).
pub fn default_dir() -> Option<PathBuf> {
    caches::folder("search")
}

/// A body as the snapshot has it.
struct StoredBody {
    sections: Vec<Section>,
    words: u32,
    body_len: u32,
}

/// A word of the vocabulary, and where its positions are.
struct StoredWord {
    text: Box<str>,
    /// The number of its first (document, position) pair among all pairs.
    first: u64,
    count: u32,
}

/// A snapshot that matches the library it was opened for.
pub struct Snapshot {
    file: File,
    positions_at: u64,
    bodies: Vec<StoredBody>,
    words: Vec<StoredWord>,
}

/// The snapshot file of a library, and the header it must have.
struct Place {
    path: PathBuf,
    header: String,
}

impl Place {
    /// `None` when this build cannot be told from another (its executable is not found).
    fn new(cache_dir: &Path, library: &Library) -> Option<Place> {
        // Named for the library's roots, so libraries of other folders have other files.
        let mut hasher = FxHasher::default();
        let mut last_root = None;
        for doc in library.docs() {
            if last_root != Some(doc.root) {
                last_root = Some(doc.root);
                hasher.write(root_name(&doc.origin).as_bytes());
            }
        }
        let header = serde_json::json!({ "build": caches::build_name()? }).to_string();
        Some(Place {
            path: cache_dir.join(format!("{:016x}.bin", hasher.finish())),
            header,
        })
    }
}

/// A root as the snapshot's name knows it. A folder by its canonical path: `docs` in two
/// projects are two libraries, whose snapshots must not take each other's place.
fn root_name(origin: &Origin) -> String {
    match origin {
        Origin::Bundled => "bundled".to_string(),
        Origin::Folder(path) => {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            format!("folder {}", canonical.display())
        }
        Origin::Source(source) => format!("source {} {}", source.name, source.path),
    }
}

impl Snapshot {
    /// Whether `library` can have a snapshot: big enough, and every document bundled or
    /// with its file's stamp (as a library loaded by `Library::load_stamped` has).
    pub fn is_for(library: &Library) -> bool {
        let docs = library.docs();
        docs.len() >= SNAPSHOT_FROM
            && docs
                .iter()
                .all(|doc| doc.stamp.is_some() || matches!(doc.origin, Origin::Bundled))
    }
}

impl Snapshot {
    /// The snapshot of `library` in `cache_dir`, if there is one and it is of this very
    /// library (see the module's rules).
    pub fn open(cache_dir: &Path, library: &Library) -> Option<Snapshot> {
        if !Snapshot::is_for(library) {
            return None;
        }
        let place = Place::new(cache_dir, library)?;
        let mut file = File::open(&place.path).ok()?;
        let mut magic = [0u8; 24];
        file.read_exact(&mut magic).ok()?;
        let (magic, positions_at) = magic.split_at(MAGIC.len());
        let positions_at = u64::from_le_bytes(positions_at.try_into().ok()?);
        if magic != MAGIC || positions_at > MAX_HEAD_BYTES {
            return None;
        }
        let mut head = vec![0u8; usize::try_from(positions_at).ok()?.checked_sub(24)?];
        file.read_exact(&mut head).ok()?;
        let mut reader = Reader { bytes: &head };
        if reader.text()? != place.header {
            return None;
        }
        let bodies = reader.bodies(library)?;
        let words = reader.words()?;
        // Every word's positions are there, and nothing after them: a snapshot cut short
        // (a crash while writing it) is not used.
        let pairs: u64 = words.iter().map(|w| u64::from(w.count)).sum();
        let expected = positions_at.checked_add(pairs.checked_mul(8)?)?;
        if file.metadata().ok()?.len() != expected {
            return None;
        }
        Some(Snapshot {
            file,
            positions_at,
            bodies,
            words,
        })
    }

    /// Every body's words that `wanted` accepts, as [`super::tokenise::wanted_words`]
    /// gives them, but every body with its headings and word count (as in the full
    /// index). `None` if the positions cannot be read.
    pub(super) fn tokenised(&self, wanted: &WantedWords) -> Option<Tokenised> {
        let mut tokens: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.bodies.len()];
        let mut words = Vec::new();
        for word in self.words.iter().filter(|w| wanted.accepts(&w.text)) {
            let id = words.len() as u32;
            for (doc, position) in self.positions(word)? {
                tokens.get_mut(doc as usize)?.push((position, id));
            }
            words.push(word.text.clone());
        }
        let bodies = self
            .bodies
            .iter()
            .zip(tokens)
            .map(|(body, mut found)| {
                found.sort_unstable();
                Body {
                    tokens: Tokens::Wanted(found),
                    sections: body.sections.clone(),
                    words: body.words,
                    body_len: body.body_len,
                }
            })
            .collect();
        Some(Tokenised { bodies, words })
    }

    /// The (document, position) pairs of `word`.
    fn positions(&self, word: &StoredWord) -> Option<Vec<(u32, u32)>> {
        let at = self.positions_at.checked_add(word.first.checked_mul(8)?)?;
        let mut bytes = vec![0u8; usize::try_from(word.count).ok()? * 8];
        let mut file = &self.file;
        file.seek(SeekFrom::Start(at)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        Some(
            bytes
                .chunks_exact(8)
                .map(|pair| {
                    let number = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    (number(&pair[..4]), number(&pair[4..]))
                })
                .collect(),
        )
    }

    /// Whether a snapshot of `library`, whose files began to be read at `started`, would
    /// be recorded in `cache_dir`: it can have one, no file changed just before `started`,
    /// and the folder is there or can be made. Only then is the full index worth building.
    pub fn can_record(cache_dir: &Path, library: &Library, started: SystemTime) -> bool {
        let racy = library
            .docs()
            .iter()
            .any(|doc| doc.stamp.is_some_and(|s| s.is_racy(started)));
        Snapshot::is_for(library) && !racy && std::fs::create_dir_all(cache_dir).is_ok()
    }

    /// Records `index`, the full index of `library`, in `cache_dir`, if
    /// [`Snapshot::can_record`]. Failing is left silent: the next search reads the bodies
    /// and tries again.
    pub fn write(cache_dir: &Path, library: &Library, index: &Index, started: SystemTime) {
        if !Snapshot::can_record(cache_dir, library, started) || index.len() != library.docs().len()
        {
            return;
        }
        let Some(place) = Place::new(cache_dir, library) else {
            return;
        };
        let (head, positions) = encode(&place.header, library, index);
        caches::remove_stale_temporaries(cache_dir);
        let temp = caches::temporary(cache_dir);
        let written =
            write_file(&temp, &head, &positions).and_then(|()| std::fs::rename(&temp, &place.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

impl Index {
    /// [`Index::build_for_query`] from the words a snapshot of `library` recorded, not its
    /// bodies (which a library loaded through the listing cache lacks). The same answers;
    /// `None` if the snapshot cannot be read.
    pub fn build_for_query_from(
        library: &Library,
        query: &Query,
        snapshot: &Snapshot,
    ) -> Option<Index> {
        Index::build_for_query_with(library, query, |wanted| snapshot.tokenised(wanted))
    }
}

/// The snapshot's bytes before the positions (magic and offset included), and the
/// positions.
fn encode(header: &str, library: &Library, index: &Index) -> (Vec<u8>, Vec<u8>) {
    let mut head = Vec::with_capacity(64 * library.docs().len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&0u64.to_le_bytes());
    put_text(&mut head, header);
    put_u32(&mut head, library.docs().len());
    for (doc, entry) in library.docs().iter().zip(&index.entries) {
        put_u32(&mut head, doc.root);
        put_text(&mut head, &doc.id);
        match doc.stamp {
            Some(stamp) => {
                head.push(1);
                for part in [
                    stamp.size,
                    stamp.modified as u64,
                    stamp.changed as u64,
                    stamp.inode,
                ] {
                    head.extend_from_slice(&part.to_le_bytes());
                }
            }
            None => head.push(0),
        }
        head.extend_from_slice(&entry.body_len.to_le_bytes());
        head.extend_from_slice(&entry.words.to_le_bytes());
        put_u32(&mut head, entry.sections.len());
        for section in &entry.sections {
            head.push(section.level);
            head.push(u8::from(section.repeats_title));
            for part in [
                section.start,
                section.end,
                section.first_word,
                section.body_word,
            ] {
                head.extend_from_slice(&part.to_le_bytes());
            }
        }
    }
    let vocabulary = &index.vocabulary;
    put_u32(&mut head, vocabulary.len());
    let pairs: usize = index.postings.iter().map(Vec::len).sum();
    let mut positions = Vec::with_capacity(pairs * 8);
    let mut first = 0u64;
    for (id, postings) in index.postings.iter().enumerate() {
        put_text(&mut head, vocabulary.term(id as u32));
        head.extend_from_slice(&first.to_le_bytes());
        put_u32(&mut head, postings.len());
        for &(doc, position) in postings {
            positions.extend_from_slice(&doc.to_le_bytes());
            positions.extend_from_slice(&position.to_le_bytes());
        }
        first += postings.len() as u64;
    }
    let positions_at = head.len() as u64;
    head[MAGIC.len()..MAGIC.len() + 8].copy_from_slice(&positions_at.to_le_bytes());
    (head, positions)
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn write_file(path: &Path, head: &[u8], positions: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(head)?;
    // Not synced: a snapshot cut short by a crash fails its checks and is written anew.
    file.write_all(positions)
}

/// Reads the snapshot's head; every read is `None` past its end.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(taken)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// The bodies, if the documents recorded are `library`'s, stamps and all.
    fn bodies(&mut self, library: &Library) -> Option<Vec<StoredBody>> {
        let docs = library.docs();
        if self.u32()? as usize != docs.len() {
            return None;
        }
        let mut bodies = Vec::with_capacity(docs.len());
        for doc in docs {
            let same = self.u32()? as usize == doc.root && self.text()? == doc.id;
            let stamp = match self.u8()? {
                0 => None,
                _ => Some(Stamp {
                    size: self.u64()?,
                    modified: self.u64()? as i64,
                    changed: self.u64()? as i64,
                    inode: self.u64()?,
                }),
            };
            if !same || stamp != doc.stamp {
                return None;
            }
            let body_len = self.u32()?;
            let words = self.u32()?;
            let count = self.u32()? as usize;
            let mut sections = Vec::with_capacity(count.min(self.bytes.len() / 18));
            for _ in 0..count {
                sections.push(Section {
                    level: self.u8()?,
                    repeats_title: self.u8()? != 0,
                    start: self.u32()?,
                    end: self.u32()?,
                    first_word: self.u32()?,
                    body_word: self.u32()?,
                });
            }
            bodies.push(StoredBody {
                sections,
                words,
                body_len,
            });
        }
        Some(bodies)
    }

    fn words(&mut self) -> Option<Vec<StoredWord>> {
        let count = self.u32()? as usize;
        let mut words = Vec::with_capacity(count.min(self.bytes.len() / 16));
        for _ in 0..count {
            words.push(StoredWord {
                text: self.text()?.into(),
                first: self.u64()?,
                count: self.u32()?,
            });
        }
        self.bytes.is_empty().then_some(words)
    }
}
