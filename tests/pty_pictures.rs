//! End to end: the real binary in a pseudo-terminal draws a local picture with half
//! blocks where the document shows it, and its caption below.

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
