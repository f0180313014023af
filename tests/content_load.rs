//! Loading `--content` folders and the bundled set: every bad file becomes a problem,
//! nothing crashes, nothing is dropped silently.

use std::fs;
use std::path::{Path, PathBuf};

use paap::content::{Kind, Library, LoadError, LoadOptions, Target};

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn load_dirs(dirs: &[&Path]) -> Library {
    Library::load(&LoadOptions {
        bundled: false,
        dirs: dirs.iter().map(|d| d.to_path_buf()).collect(),
    })
    .expect("folder loads")
}

fn ids(library: &Library) -> Vec<&str> {
    library.docs().iter().map(|d| d.id.as_str()).collect()
}

/// A tree with every kind of trouble a real folder can hold.
fn messy_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "blog/good.md",
        "---\ntitle: Good\ndate: 2024-06-13\n---\n# Good\n[bad](missing.md)\n",
    );
    write(root, "blog/empty.md", "");
    write(
        root,
        "blog/bad-yaml.md",
        "---\ntitle: [unclosed\nslug: x\n---\n# Rescued Title\n",
    );
    write(
        root,
        "plain.markdown",
        "# Plain Heading\n\nNo front matter here.\n",
    );
    write(
        root,
        "latin1.md",
        b"---\ntitle: Caf\xe9\n---\nna\xefve text\n",
    );
    write(root, ".hidden/secret.md", "# Hidden\n");
    write(root, "node_modules/pkg/readme.md", "# Dependency\n");
    write(root, "notes.txt", "not markdown\n");
    write(root, "README.MD", "# Upper case extension\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("blog"), root.join("blog/loop")).unwrap();
    dir
}

#[test]
fn messy_tree_loads_every_markdown_file() {
    let dir = messy_tree();
    let library = load_dirs(&[dir.path()]);
    let mut found = ids(&library);
    found.sort();
    assert_eq!(
        found,
        [
            "README.MD",
            "blog/bad-yaml.md",
            "blog/empty.md",
            "blog/good.md",
            "latin1.md",
            "plain.markdown",
        ]
    );
    let doc = |id: &str| library.docs().iter().find(|d| d.id == id).unwrap();
    assert_eq!(doc("blog/good.md").kind, Kind::Post);
    assert_eq!(doc("blog/empty.md").title, "empty");
    assert_eq!(doc("blog/empty.md").body, "");
    assert_eq!(doc("blog/bad-yaml.md").title, "Rescued Title");
    assert_eq!(doc("plain.markdown").title, "Plain Heading");
    assert_eq!(doc("latin1.md").title, "Caf\u{FFFD}");
    assert!(doc("latin1.md").body.contains("na\u{FFFD}ve"));
    let path = doc("blog/good.md").path.clone().unwrap();
    assert_eq!(path, dir.path().join("blog/good.md"));
}

#[test]
fn messy_tree_reports_each_problem_with_file_and_line() {
    let dir = messy_tree();
    let library = load_dirs(&[dir.path()]);
    let shown: Vec<String> = library.problems().iter().map(|p| p.to_string()).collect();
    let root = dir.path().display().to_string();
    // The parser notices the unclosed list on the next line, file line 3.
    let bad_yaml = format!("{root}/blog/bad-yaml.md:3: malformed YAML");
    assert!(shown.iter().any(|p| p.starts_with(&bad_yaml)), "{shown:#?}");
    let latin = format!("{root}/latin1.md:2: is not valid UTF-8");
    assert!(shown.iter().any(|p| p.starts_with(&latin)), "{shown:#?}");
    #[cfg(unix)]
    {
        let looped = format!("{root}/blog/loop: symlink loop");
        assert!(shown.iter().any(|p| p.starts_with(&looped)), "{shown:#?}");
        assert_eq!(shown.len(), 3, "{shown:#?}");
    }
    // check adds the broken link, at its line in the file.
    let checked: Vec<String> = library.check().iter().map(|p| p.to_string()).collect();
    let broken = format!("{root}/blog/good.md:6: broken link \"missing.md\": ");
    assert!(
        checked.iter().any(|p| p.starts_with(&broken)),
        "{checked:#?}"
    );
    assert_eq!(checked.len(), shown.len() + 1);
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "shared.md", "# Shared Page\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "index.md", "[shared](linked/shared.md)\n");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
    let library = load_dirs(&[dir.path()]);
    let mut found = ids(&library);
    found.sort();
    assert_eq!(found, ["index.md", "linked/shared.md"]);
    assert!(library.problems().is_empty(), "{:?}", library.problems());
    let index = library
        .docs()
        .iter()
        .position(|d| d.id == "index.md")
        .unwrap();
    assert!(matches!(library.links(index)[0].target, Target::Doc { .. }));
}

#[test]
fn files_over_16_mib_are_skipped_with_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small.md", "# Small\n");
    let big = write(dir.path(), "big.md", "");
    let file = fs::OpenOptions::new().write(true).open(&big).unwrap();
    file.set_len(16 * 1024 * 1024 + 1).unwrap();
    let library = load_dirs(&[dir.path()]);
    assert_eq!(ids(&library), ["small.md"]);
    assert_eq!(library.problems().len(), 1);
    let problem = &library.problems()[0];
    assert_eq!(problem.file, big.display().to_string());
    assert!(problem.message.contains("16 MiB"), "{problem}");
}

#[test]
fn missing_folder_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("no-such-folder");
    let err = Library::load(&LoadOptions {
        bundled: false,
        dirs: vec![gone.clone()],
    })
    .unwrap_err();
    assert!(matches!(err, LoadError::Folder { .. }));
    let message = err.to_string();
    assert!(message.contains(&gone.display().to_string()), "{message}");
    assert!(message.contains("--content"), "{message}");
}

/// (A markdown file is loaded on its own: see `one_markdown_file_loads_as_its_own_root`.)
#[test]
fn a_file_that_is_not_markdown_instead_of_a_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "page.txt", "# Page\n");
    let err = Library::load(&LoadOptions {
        bundled: false,
        dirs: vec![file.clone()],
    })
    .unwrap_err();
    assert!(err.to_string().contains(&file.display().to_string()));
}

#[cfg(unix)]
#[test]
fn unreadable_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read_dir(&locked).is_ok(); // root ignores permissions
    let result = Library::load(&LoadOptions {
        bundled: false,
        dirs: vec![locked.clone()],
    });
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if !readable {
        let message = result.unwrap_err().to_string();
        assert!(message.contains(&locked.display().to_string()), "{message}");
    }
}

#[test]
fn each_folder_is_its_own_root_and_problems_name_disk_paths() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    write(a.path(), "page.md", "# A\n[to b](/only-b/)\n");
    write(b.path(), "page.md", "# B\n");
    write(b.path(), "only-b.md", "---\ntitle: [\n---\n");
    let library = load_dirs(&[a.path(), b.path()]);
    let roots: Vec<(usize, &str)> = library
        .docs()
        .iter()
        .map(|d| (d.root, d.id.as_str()))
        .collect();
    assert_eq!(roots, [(0, "page.md"), (1, "only-b.md"), (1, "page.md")]);
    assert_eq!(
        library.problems()[0].file,
        b.path().join("only-b.md").display().to_string()
    );
    // A site-absolute link reaches the other root when its own has no such page.
    assert_eq!(
        library.links(0)[0].target,
        Target::Doc {
            index: 1,
            anchor: None
        }
    );
}

#[test]
fn bundled_content_loads_and_names_problems_by_id() {
    let library = Library::load(&LoadOptions {
        bundled: true,
        dirs: Vec::new(),
    })
    .unwrap();
    let initiative = library
        .docs()
        .iter()
        .find(|d| d.id == "initiatives/platform-as-a-product/index.md")
        .expect("the initiative page is bundled");
    assert_eq!(initiative.kind, Kind::Initiative);
    assert_eq!(initiative.root, 0);
    assert_eq!(initiative.path, None);
    assert!(library.docs().iter().all(|d| !d.id.starts_with('/')));
    for problem in library.problems() {
        assert!(!problem.file.starts_with('/'), "{problem}");
    }
}

#[test]
fn bundled_first_then_folders() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "extra.md", "# Extra\n");
    let library = Library::load(&LoadOptions {
        bundled: true,
        dirs: vec![dir.path().to_path_buf()],
    })
    .unwrap();
    let last = library.docs().last().unwrap();
    assert_eq!(last.id, "extra.md");
    assert_eq!(last.root, 1);
    assert!(library.docs().iter().any(|d| d.root == 0));
}

#[test]
fn a_folder_without_markdown_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "text\n");
    let library = load_dirs(&[dir.path()]);
    assert!(library.docs().is_empty());
    let shown: Vec<String> = library.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [format!(
            "{}: holds no .md, .mdx or .markdown files; check the path given to --content",
            dir.path().display()
        )]
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "page.md", "# Page\n");
    std::os::unix::fs::symlink(dir.path().join("gone.md"), dir.path().join("link.md")).unwrap();
    let library = load_dirs(&[dir.path()]);
    assert_eq!(ids(&library), ["page.md"]);
    assert_eq!(library.problems().len(), 1, "{:?}", library.problems());
    assert_eq!(
        library.problems()[0].file,
        dir.path().join("link.md").display().to_string()
    );
}

/// A Docusaurus docs folder: `.mdx` pages load beside `.md` ones, links between them resolve
/// (with or without the extension), and a page reads without its MDX imports, comments and
/// admonition markers.
#[test]
fn a_docusaurus_folder_of_mdx_and_md_pages_loads_and_reads_as_markdown() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "docs/intro.mdx",
        "---\nsidebar_position: 1\ntitle: Getting started\n---\n\
         import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n\
         # Getting started\n\nRead [the guide](./guide.mdx) or [again](guide).\n\n\
         {/* not for readers, nor [a link](./gone.md) */}\n\n\
         :::tip[Before you start]\nCheck your version.\n:::\n",
    );
    // In a plain .md page, MDX-looking text is text.
    write(
        dir.path(),
        "docs/guide.md",
        "# Guide\n\nUse `{/*` to open a comment.\n\nimport Tabs from '@theme/Tabs';\n\nSteps.\n",
    );
    let library = load_dirs(&[dir.path()]);
    assert_eq!(ids(&library), ["docs/guide.md", "docs/intro.mdx"]);
    let intro = library
        .docs()
        .iter()
        .position(|d| d.id == "docs/intro.mdx")
        .unwrap();
    let doc = library.doc(intro);
    assert_eq!(doc.title, "Getting started");
    assert_eq!(doc.slug, "intro");
    let targets: Vec<Target> = library.links(intro).into_iter().map(|l| l.target).collect();
    let guide = Target::Doc {
        index: 0,
        anchor: None,
    };
    assert_eq!(targets, [guide.clone(), guide]);

    let theme = paap::markdown::Theme::no_color();
    let text =
        paap::markdown::to_plain(&paap::markdown::render(doc.body_below_title(), 60, &theme));
    assert!(!text.contains("import"), "{text}");
    assert!(
        !text.contains("{/*") && !text.contains("not for readers"),
        "{text}"
    );
    assert!(!text.contains(":::"), "{text}");
    assert!(
        !text.contains("Getting started"),
        "the title is in the header: {text}"
    );
    assert!(
        text.contains("Tip") && text.contains("Before you start"),
        "{text}"
    );
    assert!(text.contains("Check your version."), "{text}");
    // Search sees what the reader sees; the link inside the comment is no link.
    let query = paap::search::parse_query("tabs");
    let hits = paap::search::Index::build_for_query(&library, &query).search(&library, &query, 5);
    let hit_ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(hit_ids, ["docs/guide.md"]);

    let guide = library.doc(0);
    let text = paap::markdown::to_plain(&paap::markdown::render(
        guide.body_below_title(),
        60,
        &theme,
    ));
    assert!(text.contains("Use `{/*` to open a comment."), "{text}");
    assert!(
        text.contains("import Tabs from") && text.contains("Steps."),
        "{text}"
    );
}

/// Jekyll and Docusaurus blog posts carry their date in the file name; front matter wins.
#[test]
fn a_post_without_a_date_takes_the_one_in_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "blog/2021-08-26-welcome.md", "# Welcome\n");
    write(
        dir.path(),
        "blog/2021-09-01-folder/index.md",
        "# In a folder\n",
    );
    write(
        dir.path(),
        "blog/2021-08-01-dated.md",
        "---\ndate: 2022-02-02\n---\n# Dated\n",
    );
    let library = load_dirs(&[dir.path()]);
    let dates: Vec<String> = library
        .docs()
        .iter()
        .map(|d| format!("{} {:?}", d.id, d.date.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        dates,
        [
            "blog/2021-08-01-dated.md Some(\"2022-02-02\")",
            "blog/2021-08-26-welcome.md Some(\"2021-08-26\")",
            "blog/2021-09-01-folder/index.md Some(\"2021-09-01\")"
        ]
    );
}

/// `--content README.md`: one markdown file is a root of its own; any other file is refused
/// with a message that says what to give instead.
#[test]
fn one_markdown_file_loads_as_its_own_root() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "notes/README.md",
        "# Read me\n\nSee [x](other.md).\n",
    );
    write(dir.path(), "notes/other.md", "# Other\n");
    let library = load_dirs(&[file.as_path()]);
    assert_eq!(ids(&library), ["README.md"]);
    assert_eq!(library.doc(0).title, "Read me");
    assert_eq!(library.doc_at_path(&file), Some(0));
    // Its neighbour is on disk, not loaded: the link says so rather than "no document".
    match &library.links(0)[0].target {
        Target::Missing(why) => assert!(why.contains("on disk but was not loaded"), "{why}"),
        other => panic!("{other:?}"),
    }

    let text = write(dir.path(), "notes/todo.txt", "not markdown");
    let err = Library::load(&LoadOptions {
        bundled: false,
        dirs: vec![text],
    })
    .unwrap_err();
    assert!(matches!(err, LoadError::NotAFolder { .. }));
    assert!(
        err.to_string()
            .contains("or one .md, .mdx or .markdown file"),
        "{err}"
    );

    // Named on the command line, a file that cannot be loaded stops paap, as a folder does.
    let big = write(dir.path(), "notes/big.md", vec![b'a'; 16 * 1024 * 1024 + 1]);
    let err = Library::load(&LoadOptions {
        bundled: false,
        dirs: vec![big.clone()],
    })
    .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, LoadError::File { .. }), "{message}");
    assert!(message.contains(&big.display().to_string()), "{message}");
    assert!(
        message.contains("limit") && !message.contains("skipped"),
        "{message}"
    );
}

/// A link into a folder paap skips (hidden, `node_modules`) names a real file: the reason
/// says it was not loaded, and a link to nothing at all still says there is no document.
#[test]
fn a_link_to_a_skipped_file_says_it_was_not_loaded() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "page.md",
        "# Page\n\n[draft](.drafts/next.md) and [gone](nothing.md)\n",
    );
    write(dir.path(), ".drafts/next.md", "# Next\n");
    let library = load_dirs(&[dir.path()]);
    let reasons: Vec<String> = library
        .links(0)
        .into_iter()
        .map(|l| match l.target {
            Target::Missing(why) => why,
            other => format!("{other:?}"),
        })
        .collect();
    assert!(
        reasons[0].contains(".drafts/next.md is on disk but was not loaded"),
        "{reasons:?}"
    );
    assert_eq!(reasons[1], "no document at nothing.md");
}

/// Names outside ASCII load, whatever byte the extension starts at.
#[test]
fn file_names_outside_ascii_load() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "日本.md", "# 日本\n");
    write(dir.path(), "été.mdx", "import A from 'a';\n\n# Été\n");
    // Links whose last bytes cut a char, with and without a page extension.
    write(
        dir.path(),
        "links.md",
        "[a](日x) [b](日x.html) {{< ref \"日x\" >}}\n",
    );
    let library = load_dirs(&[dir.path()]);
    assert_eq!(ids(&library), ["links.md", "été.mdx", "日本.md"]);
    assert_eq!(library.doc(1).body.trim(), "# Été");
    let links = library.links(0);
    assert_eq!(links.len(), 3);
    assert!(links.iter().all(|l| matches!(l.target, Target::Missing(_))));
}

#[test]
fn a_load_that_is_watched_hands_over_the_documents_read_so_far_in_final_order() {
    use std::sync::{Arc, Mutex};

    use paap::content::{ContentSource, LoadProgress};

    let dir = tempfile::tempdir().unwrap();
    for i in 0..3_000 {
        write(
            dir.path(),
            &format!("notes/{:02}/note-{i:04}.md", i % 7),
            format!("---\ntitle: Note {i}\n---\nBody {i}.\n"),
        );
    }
    let parts: Arc<Mutex<Vec<Vec<String>>>> = Arc::default();
    let seen = Arc::clone(&parts);
    let progress = LoadProgress::default().filling(move |docs, problems| {
        assert!(problems.is_empty(), "{problems:?}");
        let ids = docs.iter().map(|d| d.id.clone()).collect();
        seen.lock().unwrap().push(ids);
    });
    let source = ContentSource {
        options: LoadOptions {
            bundled: false,
            dirs: vec![dir.path().to_path_buf()],
        },
        ..ContentSource::default()
    };
    let library = source.load_counting(&progress).unwrap();
    let all = ids(&library);
    assert_eq!(all.len(), 3_000);

    let parts = parts.lock().unwrap();
    let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
    // The first part once a thousand are read, then each time the number has doubled;
    // none when every file is read (the whole library follows).
    assert_eq!(sizes, [1_024, 2_048]);
    for part in parts.iter() {
        assert_eq!(
            part[..],
            all[..part.len()],
            "a part is the start of the whole"
        );
    }
}
