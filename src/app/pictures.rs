//! Pictures in the document, as the app knows them: where each local image of a document
//! is and its size (the runtime finds the file and reads its header), and, for each
//! picture on screen at its size, the terminal image the runtime decoded and encoded off
//! the UI thread. `update` asks for both with effects; the answers come back as actions;
//! nothing here touches the disk, and the view only reads what is here.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::buffer::Cell;
use ratatui_image::sliced::SlicedProtocol;

use crate::content::images::is_local;
use crate::markdown::{ImageBlock, PictureSize, Rendered};

/// Terminal images kept at most; past that, or past [`MAX_BYTES`], the oldest not on
/// screen go. Each holds the picture encoded at its size on screen only (the decoded
/// file is dropped at once). Enough for a long page of pictures scrolled up and down
/// again without decoding any twice; the bytes bound is the one that counts.
pub const MAX_PICTURES: usize = 128;
/// What the kept terminal images may take together, as the runtime estimates them
/// ([`PictureAnswer::bytes`]): 64 MiB, plus the pictures on screen. A half-block picture
/// of a whole 200 × 60 pane is about 580 KB (12,000 cells of 48 bytes); a kitty one of
/// that pane, at 10 × 20 pixels a cell, about 13 MB.
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
pub struct Encoded(pub Arc<Drawn>);

/// What a picture is drawn from.
pub enum Drawn {
    /// Half blocks, as the cells they are (`width` a row), rendered once: drawing a
    /// frame copies the rows on screen.
    Cells { width: u16, cells: Vec<Cell> },
    /// A graphics protocol's sequences, cut to the rows on screen when drawn.
    Protocol(SlicedProtocol),
}

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
    /// Counts changes to `drawings` other than a picture asked for (which `to_draw`
    /// writes into `placed` itself).
    changes: u64,
    /// The layout whose local images were last looked for ([`Pictures::to_probe`]).
    probed_layout: Option<u64>,
    placed: Placed,
}

/// The drawing of each picture block of the layout on screen, made again only when that
/// layout or the drawings change: drawing a frame and asking for the pictures in view
/// look here, by block, without hashing a path.
#[derive(Debug, Default)]
struct Placed {
    /// The layout ([`crate::app::RenderedDoc::stamp`]) and `changes` it was made for.
    made_for: Option<(u64, u64)>,
    keys: Vec<Option<PictureKey>>,
    drawings: Vec<Option<Drawing>>,
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

    /// The local images of layout `stamp` (`rendered`) not found or asked for yet; they
    /// count as asked for from now on. Looked for once a layout: a probe's answer makes
    /// a new one.
    pub fn to_probe(
        &mut self,
        doc: Option<&Path>,
        stamp: u64,
        rendered: &Rendered,
    ) -> Vec<PictureRef> {
        let Some(doc) = doc.filter(|_| self.enabled && self.probed_layout != Some(stamp)) else {
            return Vec::new();
        };
        self.probed_layout = Some(stamp);
        let found = self.probes.get(doc);
        let mut wanted = Vec::new();
        for link in rendered.links.iter().filter(|l| l.image) {
            let known = found.is_some_and(|found| found.contains_key(&link.written));
            if known || !is_local(&link.written) {
                continue;
            }
            let picture = PictureRef {
                doc: doc.to_path_buf(),
                written: link.written.clone(),
            };
            wanted.push(picture);
        }
        wanted.retain(|picture| self.probing.insert(picture.clone()));
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
        self.changes += 1;
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

    /// Makes the placements of layout `stamp` (`rendered`, of the document at `doc`) if
    /// they were made for another layout or before the drawings last changed.
    pub fn place(&mut self, doc: Option<&Path>, stamp: u64, rendered: &Rendered) {
        let made_for = Some((stamp, self.changes));
        if self.placed.made_for == made_for {
            return;
        }
        let keys: Vec<_> = rendered.images.iter().map(|b| self.key(doc, b)).collect();
        let drawings = keys
            .iter()
            .map(|k| k.as_ref().and_then(|k| self.drawings.get(k)).cloned())
            .collect();
        self.placed = Placed {
            made_for,
            keys,
            drawings,
        };
    }

    /// The drawing of picture block `index` of layout `stamp`, as last placed.
    pub fn placed(&self, stamp: u64, index: usize) -> Option<&Drawing> {
        let current = self.placed.made_for.is_some_and(|(s, _)| s == stamp);
        self.placed
            .drawings
            .get(index)?
            .as_ref()
            .filter(|_| current)
    }

    /// The pictures of `rendered` (placed) that show in rows `top..top + height` and are
    /// not drawn or asked for yet; they count as asked for from now on.
    pub fn to_draw(&mut self, rendered: &Rendered, top: usize, height: usize) -> Vec<PictureKey> {
        let mut wanted = Vec::new();
        for (index, _) in visible(rendered, top, height) {
            let (Some(Some(key)), Some(slot @ None)) = (
                self.placed.keys.get(index),
                self.placed.drawings.get_mut(index),
            ) else {
                continue;
            };
            *slot = Some(Drawing::Pending);
            if !self.drawings.contains_key(key) {
                self.drawings.insert(key.clone(), Drawing::Pending);
                self.order.push_back(key.clone());
                wanted.push(key.clone());
            }
        }
        wanted
    }

    /// The drawings of the pictures of `rendered` (placed) in rows `top..top + height`.
    pub fn on_screen(&self, rendered: &Rendered, top: usize, height: usize) -> Vec<PictureKey> {
        visible(rendered, top, height)
            .filter_map(|(index, _)| self.placed.keys.get(index)?.clone())
            .collect()
    }

    /// A drawing arrived; the oldest others go past [`MAX_PICTURES`] or [`MAX_BYTES`],
    /// except those in `keep` (on screen) and those still coming.
    pub fn arrived(&mut self, answer: PictureAnswer, keep: &[PictureKey]) {
        let Some(slot) = self.drawings.get_mut(&answer.key) else {
            // Dropped meanwhile (a reload): not wanted any more.
            return;
        };
        self.changes += 1;
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

/// The picture blocks of `rendered` with a row in `top..top + height`, with their index.
pub fn visible(
    rendered: &Rendered,
    top: usize,
    height: usize,
) -> impl Iterator<Item = (usize, &ImageBlock)> {
    // Blocks are in document order: those from the first that ends below `top`.
    let first = rendered
        .images
        .partition_point(|b| b.line + usize::from(b.rows) <= top);
    rendered.images[first..]
        .iter()
        .enumerate()
        .take_while(move |(_, b)| b.line < top + height)
        .map(move |(i, b)| (first + i, b))
}
