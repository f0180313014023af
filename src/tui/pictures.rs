//! Reading pictures off the UI thread, for the runtime: image headers for their sizes
//! (never the whole file), then, for each picture on screen, decoding it and encoding it
//! for the terminal at its size there. Answers go back as actions for `update`.
//!
//! A file that is missing, not a file, not an image, empty or over [`MAX_SIDE`] pixels
//! on a side is answered with a short reason instead; decoding is bounded by
//! `image::Limits`, so a lying header cannot make it allocate without end.

mod early_keys;
pub mod query;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use image::{ImageReader, Limits};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::layout::Size;
use ratatui::widgets::Widget;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};

use crate::app::Action;
use crate::app::pictures::{Drawn, Encoded, PictureAnswer, PictureKey, PictureRef, Probe, Probed};
use crate::content::images::local_image;

/// Larger pictures are not decoded: 10,000 × 10,000 RGBA is 400 MB already.
pub const MAX_SIDE: u32 = 10_000;
/// Memory one decode may take (the decoded picture and the decoder's buffers).
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

enum Job {
    Probe(Vec<PictureRef>),
    Draw(PictureKey),
}

pub(super) struct PictureWorker {
    jobs: Sender<Job>,
    answers: Receiver<Action>,
}

impl PictureWorker {
    /// Starts the worker thread drawing with `picker` (its protocol and font size);
    /// `None` when the system refuses a thread.
    pub fn start(picker: Picker) -> Option<PictureWorker> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, answers) = mpsc::channel();
        thread::Builder::new()
            .name("paap-pictures".into())
            .spawn(move || serve(&picker, &inbox, &outbox))
            .ok()?;
        Some(PictureWorker { jobs, answers })
    }

    pub fn probe(&self, pictures: Vec<PictureRef>) -> bool {
        self.jobs.send(Job::Probe(pictures)).is_ok()
    }

    pub fn draw(&self, key: PictureKey) -> bool {
        self.jobs.send(Job::Draw(key)).is_ok()
    }

    /// An answer that arrived, without waiting.
    pub fn poll(&self) -> Option<Action> {
        self.answers.try_recv().ok()
    }

    /// Waits for the next answer (for tests); `None` if the worker is gone.
    pub fn wait(&self) -> Option<Action> {
        self.answers.recv().ok()
    }
}

fn serve(picker: &Picker, inbox: &Receiver<Job>, outbox: &Sender<Action>) {
    while let Ok(job) = inbox.recv() {
        let answer = match job {
            Job::Probe(pictures) => {
                Action::PicturesProbed(pictures.into_iter().map(find).collect())
            }
            Job::Draw(key) => {
                let result = draw(picker, &key);
                let bytes = if result.is_ok() {
                    encoded_bytes(picker, &key)
                } else {
                    0
                };
                Action::PictureDrawn(PictureAnswer { key, result, bytes })
            }
        };
        if outbox.send(answer).is_err() {
            return;
        }
    }
}

/// The file `picture` names and its size.
fn find(picture: PictureRef) -> Probed {
    let path = local_image(Some(&picture.doc), &picture.written);
    let probe = match &path {
        Some(path) => probe(path),
        None => Probe::Broken("no site folder (with hugo.toml) above the page".into()),
    };
    Probed {
        picture,
        path,
        probe,
    }
}

/// The picture's size from its header alone.
pub fn probe(path: &Path) -> Probe {
    // Only the header is read, so the decoder's memory limits (which refuse a header
    // that claims a huge picture) are lifted here: the check below says why instead.
    let dimensions = reader(path).and_then(|mut r| {
        r.no_limits();
        r.into_dimensions().map_err(|_| not_an_image())
    });
    match dimensions {
        Ok((0, _) | (_, 0)) => Probe::Broken("empty image".into()),
        Ok((w, h)) if w > MAX_SIDE || h > MAX_SIDE => {
            Probe::Broken(format!("too large ({w} × {h} pixels)"))
        }
        Ok((w, h)) => Probe::Pixels(w, h),
        Err(why) => Probe::Broken(why),
    }
}

/// The picture decoded (its first frame) and encoded to fill `key`'s cells.
fn draw(picker: &Picker, key: &PictureKey) -> Result<Encoded, String> {
    let mut reader = reader(&key.path)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| not_an_image())?;
    let size = Size::new(key.cols, key.rows);
    let protocol = SlicedProtocol::new_with_resize(picker, image, size, Resize::Scale(None))
        .map_err(|err| format!("cannot draw it: {err}"))?;
    Ok(Encoded(Arc::new(match picker.protocol_type() {
        ProtocolType::Halfblocks => as_cells(&protocol),
        _ => Drawn::Protocol(protocol),
    })))
}

/// Half blocks rendered into cells of their own, once.
fn as_cells(protocol: &SlicedProtocol) -> Drawn {
    let size = protocol.size();
    let area = Rect::new(0, 0, size.width, size.height);
    let mut buf = Buffer::empty(area);
    SlicedImage::new(protocol, SignedPosition::from((0, 0))).render(area, &mut buf);
    Drawn::Cells {
        width: size.width,
        cells: buf.content,
    }
}

/// About the memory a picture encoded for `key`'s cells holds: half blocks are a cell
/// each; the graphics protocols keep every pixel, base64-encoded.
fn encoded_bytes(picker: &Picker, key: &PictureKey) -> usize {
    let cells = usize::from(key.cols) * usize::from(key.rows);
    match picker.protocol_type() {
        ProtocolType::Halfblocks => cells * std::mem::size_of::<Cell>(),
        _ => {
            let font = picker.font_size();
            let pixels = cells * usize::from(font.width) * usize::from(font.height);
            pixels * 4 * 4 / 3
        }
    }
}

/// A reader on `path` with its format guessed from the first bytes; only regular files
/// are opened (a FIFO would block the worker).
fn reader(path: &Path) -> Result<ImageReader<std::io::BufReader<std::fs::File>>, String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err("not a file".into()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err("file not found".into());
        }
        Err(err) => return Err(format!("unreadable: {err}")),
    }
    ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|err| format!("unreadable: {err}"))
}

fn not_an_image() -> String {
    "not a PNG, JPEG, GIF or WebP image".into()
}
