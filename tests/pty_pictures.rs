//! End to end: the real binary in a pseudo-terminal draws a local picture with half
//! blocks where the document shows it, and its caption below; `images = "auto"` asks the
//! terminal which graphics it draws without losing the keys typed meanwhile, whether
//! the terminal answers late or never.

mod pty_support;

use image::{ImageFormat, Rgb, RgbImage};
use pty_support::Session;

#[test]
fn a_picture_shows_as_half_blocks_above_its_caption() {
    let dir = tempfile::tempdir().unwrap();
    // Light above dark: every cell is a half block of two colours.
    RgbImage::from_fn(200, 100, |_, y| {
        if y % 20 < 10 {
            Rgb([250, 200, 0])
        } else {
            Rgb([0, 40, 120])
        }
    })
    .save_with_format(dir.path().join("map.png"), ImageFormat::Png)
    .unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(
        &doc,
        "# Map\n\n![The platform map](map.png)\n\nAfter the map.\n",
    )
    .unwrap();
    let mut session = Session::start_with(&[
        "--no-bundled",
        "--no-sources",
        "--images",
        "halfblocks",
        "--content",
        doc.to_str().unwrap(),
    ]);
    // 200 × 100 px at 10 × 20 px a cell: 20 columns by 5 rows.
    session.wait_for("the picture's half blocks", |s| {
        s.contents()
            .chars()
            .filter(|c| matches!(c, '▀' | '▄'))
            .count()
            == 100
    });
    let screen = session.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let caption = rows
        .iter()
        .position(|r| r.contains("[image: The platform map]"))
        .expect("the caption");
    // Right above the caption.
    for row in &rows[caption - 5..caption] {
        let blocks = row.chars().filter(|c| matches!(c, '▀' | '▄')).count();
        assert_eq!(blocks, 20, "a row of the picture: {row:?}\n{screen}");
    }
    assert!(!rows[caption - 6].contains('▀'));
    session.press("q");
    session.wait_for_exit();
}

/// A document with a picture near the top and eighty paragraphs below.
fn long_document(dir: &std::path::Path) -> std::path::PathBuf {
    RgbImage::from_fn(200, 100, |x, _| Rgb([x as u8, 120, 40]))
        .save_with_format(dir.join("map.png"), ImageFormat::Png)
        .unwrap();
    let mut body = String::from("# Map\n\n![The platform map](map.png)\n\n");
    for i in 0..80 {
        body.push_str(&format!("Paragraph {i}.\n\n"));
    }
    body.push_str("The very end.\n");
    let doc = dir.join("doc.md");
    std::fs::write(&doc, body).unwrap();
    doc
}

fn auto_images(doc: &std::path::Path) -> Session {
    Session::start_mute(&[
        "--no-bundled",
        "--no-sources",
        "--images",
        "auto",
        "--content",
        doc.to_str().unwrap(),
    ])
}

/// A terminal that never answers: paap gives up waiting, draws with half blocks, and the
/// keys typed while it waited (`G`, to the end) are handled, not lost.
#[test]
fn keys_typed_while_a_mute_terminal_is_asked_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = auto_images(&long_document(dir.path()));
    session.wait_for_bytes("graphics query", b"\x1b[5n");
    session.press("G");
    // Near the end: G may come before the picture's rows are laid out, which then push
    // the last lines down by as many.
    session.wait_for("the end, after G", |s| {
        s.contents().contains("Paragraph 75.")
    });
    session.press("g");
    session.wait_for("the picture in half blocks", |s| {
        s.contents().contains('▀') || s.contents().contains('▄')
    });
    session.press("q");
    session.wait_for_exit();
}

/// A terminal that answers after the reader typed: the keys are handled, and the answer
/// (sixel, 10 × 20 pixel cells) is used: the picture is not drawn in half blocks.
#[test]
fn keys_typed_before_a_late_answer_are_kept_and_the_answer_used() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = auto_images(&long_document(dir.path()));
    session.wait_for_bytes("graphics query", b"\x1b[5n");
    session.press("G");
    session.press("\x1b[?62;4;22c\x1b[6;20;10t\x1b[0n");
    // Near the end: G may come before the picture's rows are laid out, which then push
    // the last lines down by as many.
    session.wait_for("the end, after G", |s| {
        s.contents().contains("Paragraph 75.")
    });
    session.press("g");
    session.wait_for_bytes("the picture as a sixel", b"\x1bP");
    session.wait_for("the caption at the top", |s| {
        s.contents().contains("[image: The platform map]")
    });
    let screen = session.screen();
    assert!(!screen.contains('▀') && !screen.contains('▄'), "{screen}");
    session.press("q");
    session.wait_for_exit();
}
