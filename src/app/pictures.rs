//! Pictures in the document, as the app knows them: where each local image of a document
//! is and its size (the runtime finds the file and reads its header), and, for each
//! picture on screen at its size, the terminal image the runtime decoded and encoded off
//! the UI thread. `update` asks for both with effects; the answers come back as actions;
//! nothing here touches the disk, and the view only reads what is here.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui_image::protocol::Protocol;

use crate::content::images::is_local;
use crate::markdown::{ImageBlock, PictureSize, Rendered};

/// Terminal images kept at most; past that, or past [`MAX_BYTES`], the oldest not on
/// screen go. Each holds the picture encoded at its size on screen only (the decoded
/// file is dropped at once).
pub const MAX_PICTURES: usize = 24;
/// What the kept terminal images may take together, as the runtime estimates them
/// ([`PictureAnswer::bytes`]): 64 MiB, plus the pictures on screen. A half-block picture
/// of a whole 200 × 60 pane is about 150 KB; a kitty one of that pane, at 10 × 20 pixels
/// a cell, about 13 MB.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// What a local image's header said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    Pixels(u32, u32),
    /// Why it cannot be shown: "file not found", "not an image", "too large (…)".
    Broken(String),
}

/// An image target as written in the document read from `doc`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureRef {
    pub doc: PathBuf,
    pub written: String,
}

/// What the runtime found for a [`PictureRef`]: the file (`None`: a site-absolute path
/// with no site folder above the page) and what its header said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    pub picture: PictureRef,
    pub path: Option<PathBuf>,
    pub probe: Probe,
}

/// One picture at one size on screen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureKey {
    pub path: PathBuf,
    pub cols: u16,
    pub rows: u16,
}

/// A terminal image ready to draw, shared with the runtime that made it.
#[derive(Clone)]
pub struct Encoded(pub Arc<Protocol>);

impl fmt::Debug for Encoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Encoded(..)")
    }
}

/// Two answers are the same when they hand over the same image.
impl PartialEq for Encoded {
    fn eq(&self, other: &Encoded) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Encoded {}

/// The runtime's answer to an `Effect::DrawPicture`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureAnswer {
    pub key: PictureKey,
    pub result: Result<Encoded, String>,
    /// About how much memory the encoded picture holds.
    pub bytes: usize,
}

/// A picture on screen, as far as it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawing {
    Pending,
    Ready(Encoded),
    Failed(String),
}

#[derive(Debug, Default)]
pub struct Pictures {
    /// Off: every image is its alt text, nothing is read.
    pub enabled: bool,
    /// By document, then by target as written (looked up without allocating: this runs
    /// on every update).
    probes: HashMap<PathBuf, HashMap<String, (Option<PathBuf>, Probe)>>,
    probing: HashSet<PictureRef>,
    drawings: HashMap<PictureKey, Drawing>,
    /// Drawings oldest first, for dropping past [`MAX_PICTURES`].
    order: VecDeque<PictureKey>,
    /// Memory each ready drawing holds, and their sum.
    sizes: HashMap<PictureKey, usize>,
    bytes: usize,
}

impl Pictures {
    /// What the renderer is told about image target `written` of the document at `doc`.
    pub fn size(&self, doc: Option<&Path>, written: &str) -> PictureSize {
        match self.found(doc, written) {
            Some((_, Probe::Pixels(w, h))) => PictureSize::Pixels(*w, *h),
            Some((_, Probe::Broken(why))) => PictureSize::Broken(why.clone()),
            None => PictureSize::Unknown,
        }
    }

    /// The file and header of image target `written` of the document at `doc`, once the
    /// runtime has answered.
    fn found(&self, doc: Option<&Path>, written: &str) -> Option<&(Option<PathBuf>, Probe)> {
        if !self.enabled || !is_local(written) {
            return None;
        }
        self.probes.get(doc?)?.get(written)
    }

    /// The local images of `rendered` not found or asked for yet; they count as asked
    /// for from now on.
    pub fn to_probe(&mut self, doc: Option<&Path>, rendered: &Rendered) -> Vec<PictureRef> {
        let Some(doc) = doc.filter(|_| self.enabled) else {
            return Vec::new();
        };
        let mut wanted = Vec::new();
        for link in rendered.links.iter().filter(|l| l.image) {
            let known = self
                .probes
                .get(doc)
                .is_some_and(|found| found.contains_key(&link.written));
            if known || !is_local(&link.written) {
                continue;
            }
            let picture = PictureRef {
                doc: doc.to_path_buf(),
                written: link.written.clone(),
            };
            if self.probing.insert(picture.clone()) {
                wanted.push(picture);
            }
        }
        wanted
    }

    /// Files and sizes arrived; true when any is new (layouts must be done again).
    pub fn probed(&mut self, results: Vec<Probed>) -> bool {
        let mut changed = false;
        for found in results {
            self.probing.remove(&found.picture);
            changed |= self
                .probes
                .entry(found.picture.doc)
                .or_default()
                .insert(found.picture.written, (found.path, found.probe))
                .is_none();
        }
        changed
    }

    /// The drawing a picture block of the document at `doc` needs.
    pub fn key(&self, doc: Option<&Path>, block: &ImageBlock) -> Option<PictureKey> {
        let (path, _) = self.found(doc, &block.written)?;
        Some(PictureKey {
            path: path.clone()?,
            cols: block.cols,
            rows: block.rows,
        })
    }

    /// The pictures of `rendered` that show in rows `top..top + height` and are not
    /// drawn or asked for yet; they count as asked for from now on.
    pub fn to_draw(
        &mut self,
        doc: Option<&Path>,
        rendered: &Rendered,
        top: usize,
        height: usize,
    ) -> Vec<PictureKey> {
        let mut wanted = Vec::new();
        for block in visible(rendered, top, height) {
            let Some(key) = self.key(doc, block) else {
                continue;
            };
            if !self.drawings.contains_key(&key) {
                self.drawings.insert(key.clone(), Drawing::Pending);
                self.order.push_back(key.clone());
                wanted.push(key);
            }
        }
        wanted
    }

    /// A drawing arrived; the oldest others go past [`MAX_PICTURES`] or [`MAX_BYTES`],
    /// except those in `keep` (on screen) and those still coming.
    pub fn arrived(&mut self, answer: PictureAnswer, keep: &[PictureKey]) {
        let Some(slot) = self.drawings.get_mut(&answer.key) else {
            // Dropped meanwhile (a reload): not wanted any more.
            return;
        };
        *slot = match answer.result {
            Ok(encoded) => Drawing::Ready(encoded),
            Err(why) => Drawing::Failed(why),
        };
        self.bytes += answer.bytes;
        if let Some(old) = self.sizes.insert(answer.key, answer.bytes) {
            self.bytes -= old;
        }
        let mut kept = VecDeque::new();
        while self.drawings.len() > MAX_PICTURES || self.bytes > MAX_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if keep.contains(&oldest) || self.drawings.get(&oldest) == Some(&Drawing::Pending) {
                kept.push_back(oldest);
            } else {
                self.drawings.remove(&oldest);
                self.bytes -= self.sizes.remove(&oldest).unwrap_or(0);
            }
        }
        kept.extend(self.order.drain(..));
        self.order = kept;
    }

    /// The estimated memory of the drawings held now.
    pub fn held_bytes(&self) -> usize {
        self.bytes
    }

    pub fn drawing(&self, key: &PictureKey) -> Option<&Drawing> {
        self.drawings.get(key)
    }

    /// Whether an answer is still to come (the runtime looks for them meanwhile).
    pub fn awaiting(&self) -> bool {
        !self.probing.is_empty() || self.drawings.values().any(|d| *d == Drawing::Pending)
    }

    /// Drawings held now (for tests and the memory bound).
    pub fn held(&self) -> usize {
        self.drawings.len()
    }
}

/// The picture blocks of `rendered` with a row in `top..top + height`.
pub fn visible(
    rendered: &Rendered,
    top: usize,
    height: usize,
) -> impl Iterator<Item = &ImageBlock> {
    rendered
        .images
        .iter()
        .filter(move |b| b.line < top + height && b.line + usize::from(b.rows) > top)
}
