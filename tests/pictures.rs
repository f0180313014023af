//! Pictures in documents: the rows the renderer reserves for them and what stays right
//! around them, then the TUI drawing them with half blocks from real files (a PNG and a
//! JPEG made here, a corrupt file, a missing one).

mod tui_support;

use std::path::Path;

use image::{ImageFormat, Rgb, RgbImage};
use paap::app::{Action, App};
use paap::content::{Doc, Library};
use paap::markdown::{self, PictureSize, Pictures, Theme, line_text};
use paap::tui::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui_image::picker::{Picker, ProtocolType};
use tui_support::{Recorder, TestSession, draw, screen_text, session};

/// 200 × 100 px: 20 columns, 5 rows at the assumed 10 × 20 px cell.
fn sizes(written: &str) -> PictureSize {
    match written {
        "map.png" => PictureSize::Pixels(200, 100),
        "tall.png" => PictureSize::Pixels(100, 4000),
        "gone.png" => PictureSize::Broken("file not found".into()),
        _ => PictureSize::Unknown,
    }
}

fn render(body: &str, max_rows: u16) -> markdown::Rendered {
    let pictures = Pictures {
        size: &sizes,
        max_rows,
    };
    markdown::render_with_pictures(body, 60, &Theme::no_color(), &pictures)
}

const BODY: &str = "# Top\n\nBefore the [first link](a.md).\n\n![The platform map](map.png)\n\n\
                    ## After\n\nFind me, then [second link](b.md).\n";

#[test]
fn a_picture_takes_rows_of_its_own_above_its_caption() {
    let plain = markdown::render(BODY, 60, &Theme::no_color());
    let with = render(BODY, 40);
    assert_eq!(with.images.len(), 1);
    let block = &with.images[0];
    assert_eq!((block.cols, block.rows, block.col), (20, 5, 0));
    assert_eq!(block.written, "map.png");
    // The reserved rows are empty; the caption, still the image's link, follows them.
    for line in &with.lines[block.line..block.line + 5] {
        assert_eq!(line_text(line), "");
    }
    let caption = block.line + 5;
    assert_eq!(line_text(&with.lines[caption]), "[image: The platform map]");
    let image_link = &with.links[block.link];
    assert!(image_link.image);
    assert_eq!(image_link.segments, vec![(caption, 0, 25)]);
    // Everything after moves down by exactly the reserved rows; nothing before moves.
    assert_eq!(with.lines.len(), plain.lines.len() + 5);
    assert_eq!(with.headings[0].line, plain.headings[0].line);
    assert_eq!(with.headings[1].line, plain.headings[1].line + 5);
    assert_eq!(with.links[0].segments, plain.links[0].segments);
    let second = |r: &markdown::Rendered| r.links[2].segments[0];
    assert_eq!(second(&with).0, second(&plain).0 + 5);
    assert_eq!(
        with.anchor_line("after"),
        plain.anchor_line("after").map(|l| l + 5)
    );
    let find_line = |r: &markdown::Rendered| {
        r.lines
            .iter()
            .position(|l| line_text(l).contains("Find me"))
    };
    assert_eq!(find_line(&with), find_line(&plain).map(|l| l + 5));
}

#[test]
fn never_taller_than_the_pane_allows() {
    let r = render("![tall](tall.png)\n", 8);
    assert_eq!(r.images[0].rows, 8);
    assert!(r.images[0].cols >= 1);
}

#[test]
fn images_in_text_and_unknown_ones_stay_text() {
    let r = render(
        "An inline ![The platform map](map.png) in text.\n\n![remote](https://x.example/a.png)\n",
        40,
    );
    assert!(r.images.is_empty());
    assert_eq!(
        line_text(&r.lines[0]),
        "An inline [image: The platform map] in text."
    );
}

#[test]
fn a_broken_picture_is_its_alt_text_with_a_note() {
    let r = render("![Persona](gone.png)\n", 40);
    assert!(r.images.is_empty());
    assert_eq!(
        line_text(&r.lines[0]),
        "[image: Persona] (not shown: file not found)"
    );
}

#[test]
fn a_picture_in_a_quote_starts_after_its_bar() {
    let r = render("> ![The platform map](map.png)\n", 40);
    let block = &r.images[0];
    assert_eq!(block.col, 2);
    assert!(line_text(&r.lines[block.line]).starts_with('│'));
}

#[test]
fn figure_and_img_tags_are_pictures_too() {
    let r = render(
        "{{< figure src=\"map.png\" caption=\"Map\" >}}\n\n<img src=\"map.png\" alt=\"Again\">\n",
        40,
    );
    // `<img>` is the renderer's; a shortcode is expanded when a document is read.
    assert_eq!(r.images.len(), 1);
    let doc = Doc::from_markdown(
        "d.md",
        "{{< figure src=\"map.png\" caption=\"Map\" >}}\n\n<img src=\"map.png\" alt=\"Again\">\n",
    )
    .0;
    let r = render(&doc.markdown_below_title(), 40);
    assert_eq!(r.images.len(), 2);
}

/// A folder with a document showing a PNG, a JPEG, a corrupt file and a missing one.
fn picture_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut img = RgbImage::new(40, 20);
    // Red above blue: every half-block cell has two colours.
    for (_, y, px) in img.enumerate_pixels_mut() {
        *px = if y < 10 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        };
    }
    img.save_with_format(dir.path().join("tiny.png"), ImageFormat::Png)
        .unwrap();
    img.save_with_format(dir.path().join("tiny.jpg"), ImageFormat::Jpeg)
        .unwrap();
    std::fs::write(
        dir.path().join("corrupt.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "# Pictures\n\n![A tiny PNG](tiny.png)\n\n![A tiny JPEG](tiny.jpg)\n\n\
         ![Corrupt](corrupt.png)\n\n![Missing](missing.png)\n\nThe end.\n",
    )
    .unwrap();
    dir
}

fn picture_app(dir: &Path) -> App {
    let path = dir.join("doc.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut doc = Doc::from_markdown("doc.md", &text).0;
    doc.path = Some(path);
    let mut app = App::new(
        Library::from_docs(vec![doc], vec![]),
        Theme::no_color(),
        80,
        40,
    );
    app.set_pictures(true);
    app
}

#[test]
fn half_blocks_drawn_where_the_pictures_are() {
    let dir = picture_folder();
    let mut s = session(picture_app(dir.path()), None);
    s.settle_pictures().unwrap();
    let terminal = draw(s.app());
    let screen = screen_text(&terminal);
    insta::assert_snapshot!(screen);
    // The cells are the picture's colours: red over blue.
    let buffer = terminal.backend().buffer();
    let cell = buffer
        .content()
        .iter()
        .find(|c| c.symbol() == "▀" || c.symbol() == "▄")
        .expect("a half block");
    assert_ne!(cell.fg, cell.bg);
    // Each good picture is 4 columns × 1 row of half blocks.
    assert_eq!(screen.matches('▀').count() + screen.matches('▄').count(), 8);
    assert!(screen.contains("[image: Corrupt] (not shown: not a PNG"));
    assert!(screen.contains("[image: Missing] (not shown: file not found)"));
}

#[test]
fn pictures_off_reads_no_file() {
    let dir = picture_folder();
    let mut app = picture_app(dir.path());
    app.set_pictures(false);
    let mut s = session(app, None);
    s.settle_pictures().unwrap();
    let screen = screen_text(&draw(s.app()));
    assert!(!screen.contains('▀') && !screen.contains("not shown"));
    assert!(screen.contains("[image: A tiny PNG]"));
}

#[test]
fn scrolling_keeps_a_bounded_number_of_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("# Many\n\n");
    let count = paap::app::pictures::MAX_PICTURES + 32;
    for i in 0..count {
        RgbImage::from_fn(40, 40, |_, y| Rgb([i as u8, y as u8 * 6, 50]))
            .save_with_format(dir.path().join(format!("p{i}.png")), ImageFormat::Png)
            .unwrap();
        body.push_str(&format!("![picture {i}](p{i}.png)\n\n"));
    }
    std::fs::write(dir.path().join("doc.md"), &body).unwrap();
    let mut s = session(picture_app(dir.path()), None);
    s.settle_pictures().unwrap();
    s.handle(Action::OpenDocument(0)).unwrap();
    for _ in 0..count / 2 {
        s.handle(Action::PageDown).unwrap();
        s.settle_pictures().unwrap();
        assert!(s.app().pictures().held() <= paap::app::pictures::MAX_PICTURES);
        assert!(s.app().pictures().held_bytes() <= paap::app::pictures::MAX_BYTES);
    }
    // Every picture was shown on the way down; no more than the bound are kept.
    assert!(s.app().pictures().held() < count);
    let screen = screen_text(&draw(s.app()));
    assert!(screen.contains('▀') || screen.contains('▄'));
}

#[test]
fn links_lists_image_files_and_check_reports_missing_ones() {
    let dir = picture_folder();
    let paap = || {
        let mut cmd = assert_cmd::Command::cargo_bin("paap").unwrap();
        cmd.args(["--no-bundled", "--no-sources", "--content"])
            .arg(dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("no-config"));
        cmd
    };
    let links = paap().args(["links", "doc"]).assert().success();
    let out = String::from_utf8(links.get_output().stdout.clone()).unwrap();
    let png = dir.path().join("tiny.png");
    assert!(
        out.contains(&format!("3:  tiny.png     -> image: {}", png.display())),
        "{out}"
    );
    let check = paap().arg("check").assert().code(1);
    let out = String::from_utf8(check.get_output().stdout.clone()).unwrap();
    let file = dir.path().join("doc.md");
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("missing image"))
            .collect::<Vec<_>>(),
        vec![format!(
            "{}:9: missing image \"missing.png\": no file at {}",
            file.display(),
            dir.path().join("missing.png").display()
        )],
        "{out}"
    );
}

/// A PNG that is only a header (and no image data) claiming `width` × `height` pixels.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    // The decoder reads chunks up to the first image data: an empty one ends the header.
    png.extend(0u32.to_be_bytes());
    png.extend(b"IDAT");
    png.extend(crc32(b"IDAT").to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn huge_empty_and_unreadable_pictures_are_their_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.png"), png_header(20_000, 20_000)).unwrap();
    std::fs::write(dir.path().join("empty.png"), png_header(0, 10)).unwrap();
    std::fs::write(dir.path().join("zero.png"), b"").unwrap();
    std::fs::create_dir(dir.path().join("folder.png")).unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "![Huge](huge.png)\n\n![Empty](empty.png)\n\n![Zero](zero.png)\n\n![Folder](folder.png)\n",
    )
    .unwrap();
    let mut s = session(picture_app(dir.path()), None);
    s.settle_pictures().unwrap();
    let r = s.app().rendered().unwrap();
    assert!(r.rendered.images.is_empty());
    // The notes wrap in the narrow pane: read as one text.
    let text = r
        .rendered
        .lines
        .iter()
        .map(line_text)
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "[image: Huge] (not shown: too large (20000 × 20000 pixels))",
        "[image: Empty] (not shown: not a PNG, JPEG, GIF or WebP image)",
        "[image: Zero] (not shown: not a PNG, JPEG, GIF or WebP image)",
        "[image: Folder] (not shown: not a file)",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

#[test]
fn a_site_absolute_picture_is_found_in_the_sites_static_folder() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("hugo.toml"), "title = \"site\"\n").unwrap();
    let images = site.path().join("static/images");
    let content = site.path().join("content/blog/post");
    std::fs::create_dir_all(&images).unwrap();
    std::fs::create_dir_all(&content).unwrap();
    RgbImage::from_fn(100, 40, |_, y| Rgb([0, y as u8 * 5, 200]))
        .save_with_format(images.join("map.png"), ImageFormat::Png)
        .unwrap();
    RgbImage::from_fn(100, 40, |_, y| Rgb([200, y as u8 * 5, 0]))
        .save_with_format(content.join("bundled.png"), ImageFormat::Png)
        .unwrap();
    std::fs::write(
        content.join("doc.md"),
        "{{< figure src=\"/images/map.png\" caption=\"Site map\" >}}\n\n![In the bundle](bundled.png)\n",
    )
    .unwrap();
    let mut s = session(picture_app(&content), None);
    s.settle_pictures().unwrap();
    let r = s.app().rendered().unwrap();
    let written: Vec<&str> = r
        .rendered
        .images
        .iter()
        .map(|b| b.written.as_str())
        .collect();
    assert_eq!(written, ["/images/map.png", "bundled.png"]);
    let screen = screen_text(&draw(s.app()));
    assert!(screen.contains("[image: Site map]"));
    // Two pictures of 100 × 40 px: 10 columns by 2 rows each.
    assert_eq!(screen.matches(['▀', '▄']).count(), 2 * 10 * 2);
}

/// A session drawing with `protocol` (as if the terminal had said so) on a document with
/// text, one 200 × 100 px picture (20 columns, 5 rows) and more text.
fn protocol_session(dir: &Path, protocol: ProtocolType) -> TestSession {
    RgbImage::from_fn(200, 100, |x, y| Rgb([x as u8, y as u8 * 2, 90]))
        .save_with_format(dir.join("map.png"), ImageFormat::Png)
        .unwrap();
    let mut body = String::from("# Map\n\n");
    for i in 0..30 {
        body.push_str(&format!("Line {i} before the map.\n\n"));
    }
    body.push_str("![The map](map.png)\n\n");
    for i in 0..60 {
        body.push_str(&format!("Line {i} after the map.\n\n"));
    }
    std::fs::write(dir.join("doc.md"), body).unwrap();
    let mut picker = Picker::halfblocks();
    picker.set_protocol_type(protocol);
    let app = picture_app(dir);
    let mut s = Session::start_with_picker(app, None, Recorder::default(), Some(picker)).unwrap();
    s.handle(Action::OpenDocument(0)).unwrap();
    s.settle_pictures().unwrap();
    s
}

/// Scrolls so that the picture's first row is `offset` rows below the pane's top (above
/// it when negative), lets its drawing arrive, and gives the first body row on screen.
fn scroll_picture_to(s: &mut TestSession, offset: isize) -> usize {
    let block = s.app().rendered().unwrap().rendered.images[0].clone();
    let top = block.line.checked_add_signed(-offset).unwrap();
    s.handle(Action::Top).unwrap();
    for _ in 0..top {
        s.handle(Action::Down).unwrap();
    }
    s.settle_pictures().unwrap();
    assert_eq!(s.app().scroll(), top);
    top
}

/// The frame as drawn, skipped cells marked (the backend sees only the cells sent).
fn frame(s: &TestSession, t: &mut Terminal<TestBackend>) -> Buffer {
    t.draw(|f| paap::ui::view(s.app(), f))
        .unwrap()
        .buffer
        .clone()
}

/// The kitty graphics protocol: the picture is sent once (`ESC _ G`) in its first cell,
/// then placed by placeholder cells whose marks say the row; part of it shows when it is
/// scrolled part way off; once scrolled away no placeholder is left, so kitty shows none.
#[test]
fn kitty_pictures_are_sent_once_and_placed_row_by_row() {
    const PLACEHOLDER: char = '\u{10EEEE}';
    let dir = tempfile::tempdir().unwrap();
    let mut s = protocol_session(dir.path(), ProtocolType::Kitty);
    let mut terminal = Terminal::new(TestBackend::new(80, 40)).unwrap();
    // Wholly on screen, two rows below the top.
    scroll_picture_to(&mut s, 2);
    let whole = frame(&s, &mut terminal);
    let placeholders = |b: &Buffer| {
        b.content()
            .iter()
            .filter(|c| c.symbol().contains(PLACEHOLDER))
            .count()
    };
    assert_eq!(placeholders(&whole), 20 * 5);
    let sent: Vec<_> = whole
        .content()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.symbol().contains("\x1b_G"))
        .collect();
    assert_eq!(sent.len(), 1, "sent once");
    let first = whole.pos_of(sent[0].0);
    assert!(sent[0].1.symbol().starts_with("\x1b_Gq=2,i="));
    assert!(sent[0].1.symbol().contains("a=T,U=1,f=32"));
    // The picture's first cell: its first row, first column.
    let row_mark = |b: &Buffer, pos: (u16, u16)| {
        let symbol = b[pos].symbol();
        let after = symbol.split(PLACEHOLDER).nth(1).unwrap_or_default();
        after.chars().next()
    };
    assert_eq!(row_mark(&whole, first), Some('\u{305}'), "row 0");
    assert_eq!(
        whole[(first.0, first.1 + 4)].symbol().chars().next(),
        Some(PLACEHOLDER)
    );

    // Two rows scrolled off the top: the three left, from row 2, at the pane's top.
    scroll_picture_to(&mut s, -2);
    let part = frame(&s, &mut terminal);
    assert_eq!(placeholders(&part), 20 * 3);
    assert!(!part.content().iter().any(|c| c.symbol().contains("\x1b_G")));
    let first_now = (first.0, first.1 - 2);
    assert_eq!(row_mark(&part, first_now), Some('\u{30E}'), "row 2");

    // Scrolled away: nothing of it is left on screen.
    scroll_picture_to(&mut s, -10);
    let gone = frame(&s, &mut terminal);
    assert_eq!(placeholders(&gone), 0);
}

/// Sixel: the picture is one sequence (`ESC P … q … ESC \`) in its first cell, the cells
/// it covers left alone; scrolled part way off, the sequence holds only the rows on
/// screen; scrolled away, every cell it covered is written again, so no stale picture
/// stays on the terminal.
#[test]
fn sixel_pictures_are_cut_to_the_rows_on_screen_and_overwritten_when_gone() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = protocol_session(dir.path(), ProtocolType::Sixel);
    let mut terminal = Terminal::new(TestBackend::new(80, 40)).unwrap();
    let sixels = |b: &Buffer| -> Vec<(usize, String)> {
        b.content()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.symbol().contains("\x1bP"))
            .map(|(i, c)| (i, c.symbol().to_string()))
            .collect()
    };
    let skipped = |b: &Buffer| {
        b.content()
            .iter()
            .filter(|c| c.diff_option == CellDiffOption::Skip)
            .count()
    };
    scroll_picture_to(&mut s, 2);
    let whole = frame(&s, &mut terminal);
    let found = sixels(&whole);
    assert_eq!(found.len(), 1);
    let sequence = &found[0].1;
    let dcs = sequence.find("\x1bP").unwrap();
    assert!(sequence[dcs..].contains('q') && sequence.ends_with("\x1b\\"));
    // It clears its cells first (ECH on each row), then draws over them.
    assert!(sequence.starts_with("\x1b[20X"));
    assert_eq!(skipped(&whole), 20 * 5 - 1);
    let bands = |seq: &str| seq.matches('-').count();

    scroll_picture_to(&mut s, -2);
    let part = frame(&s, &mut terminal);
    let cut = sixels(&part);
    assert_eq!(cut.len(), 1);
    assert_eq!(skipped(&part), 20 * 3 - 1);
    assert!(bands(&cut[0].1) < bands(sequence), "fewer sixel bands");
    let (x, y) = part.pos_of(cut[0].0);
    let (wx, wy) = whole.pos_of(found[0].0);
    assert_eq!((x, y), (wx, wy - 2), "at the pane's top");

    scroll_picture_to(&mut s, -10);
    let gone = frame(&s, &mut terminal);
    assert!(sixels(&gone).is_empty());
    assert_eq!(skipped(&gone), 0);
    // Every cell the cut picture covered is sent again (text or blank over it).
    let sent: std::collections::HashSet<(u16, u16)> =
        part.diff(&gone).iter().map(|&(x, y, _)| (x, y)).collect();
    for row in y..y + 3 {
        for col in x..x + 20 {
            assert!(sent.contains(&(col, row)), "cell {col},{row} rewritten");
        }
    }
}

/// Half blocks scrolled part way off show their lower rows at the pane's top.
#[test]
fn half_blocks_scrolled_part_way_show_their_rows_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = protocol_session(dir.path(), ProtocolType::Halfblocks);
    scroll_picture_to(&mut s, 0);
    let whole = draw(s.app());
    scroll_picture_to(&mut s, -3);
    let part = draw(s.app());
    let rows_of_blocks = |t: &Terminal<TestBackend>| -> Vec<String> {
        screen_text(t)
            .lines()
            .filter(|r| r.contains(['▀', '▄']))
            .map(|r| r.chars().filter(|c| matches!(c, '▀' | '▄')).collect())
            .collect()
    };
    assert_eq!(rows_of_blocks(&whole).len(), 5);
    assert_eq!(rows_of_blocks(&part).len(), 2);
    // The rows on screen are the whole picture's last two, cell for cell.
    let first_row = |t: &Terminal<TestBackend>| {
        let b = t.backend().buffer();
        (0..b.area.height)
            .find(|&y| (0..b.area.width).any(|x| matches!(b[(x, y)].symbol(), "▀" | "▄")))
            .unwrap()
    };
    let (wy, py) = (first_row(&whole), first_row(&part));
    let (wb, pb) = (whole.backend().buffer(), part.backend().buffer());
    for row in 0..2 {
        for x in 0..wb.area.width {
            let (w, p) = (&wb[(x, wy + 3 + row)], &pb[(x, py + row)]);
            if matches!(w.symbol(), "▀" | "▄") {
                assert_eq!((w.fg, w.bg), (p.fg, p.bg), "cell {x} of row {row}");
            }
        }
    }
}
