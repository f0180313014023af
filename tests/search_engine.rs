//! The search engine on a corpus shaped like the bundled content: the six posts, the five
//! personas and the initiative page (titles, slugs, authors and dates as published; short
//! bodies written for this test), plus distractors that compete for the same words.

use chrono::NaiveDate;
use paap::content::{Doc, Kind, Library};
use paap::search::{Field, Hit, Index, find_in_text, parse_query};

fn date(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn post(
    id: &str,
    title: &str,
    slug: &str,
    day: &str,
    authors: &[&str],
    tags: &[&str],
    body: &str,
) -> Doc {
    Doc {
        id: format!("blog/{id}"),
        slug: slug.into(),
        kind: Kind::Post,
        title: title.into(),
        date: date(day),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        body: body.into(),
        ..Default::default()
    }
}

fn persona(slug: &str, name: &str, role: &str, body: &str) -> Doc {
    let mut extra = serde_json::Map::new();
    extra.insert("role".into(), role.into());
    Doc {
        id: format!("personas/{slug}.md"),
        slug: slug.into(),
        kind: Kind::Persona,
        title: name.into(),
        date: date("2025-01-16"),
        extra: extra.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn page(id: &str, title: &str, body: &str) -> Doc {
    Doc {
        id: id.into(),
        slug: id
            .trim_end_matches(".md")
            .rsplit('/')
            .next()
            .unwrap()
            .into(),
        kind: Kind::Page,
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn corpus() -> Vec<Doc> {
    vec![
        post(
            "product-thinking-for-platforms.md",
            "Product Thinking for Platforms",
            "product-thinking-for-platforms",
            "2024-06-13",
            &["Dominik Kress", "Michael Luskind", "David Stenglein"],
            &["product thinking", "platform engineering"],
            "KubeCon EU 2024 brought the first co-located Platform Engineering Day.\n\n\
             ## What product thinking is\n\nFind the problems your customers have, rank them, \
             and create value by solving them. Know the why before the what.\n\n\
             Building the wrong thing costs: waste, maintenance and shadow IT.",
        ),
        post(
            "2025-01-paap-personas.md",
            "Platform as a Product: Understanding the Personas",
            "paap-personas",
            "2025-01-16",
            &["Valentina Rodriguez Sosa", "Colin Griffin"],
            &["personas"],
            "Five personas meet around a platform. Builders own it, Enablers add application \
             capabilities such as CI/CD, Consumers build applications on it, End-Users use \
             those applications, and Service Providers sell or implement platforms.",
        ),
        post(
            "2024-10-30-paap-mindset-user-stories.md",
            "Platform As A Product: Getting Into The Mindset With User Stories",
            "paap-mindset-user-stories",
            "2024-10-30",
            &["David Stenglein"],
            &["user stories", "mindset"],
            "A story that starts with \"As a platform engineer, I want\" names a task, not a need. \
             Write it from the developer's side instead: publish my app at a well-known address. \
             Deploying Loki becomes finding the root cause of an outage, an observability epic.",
        ),
        post(
            "2024-06-20-platform-engineering-pp.md",
            "Platform Engineering in 2024, Industry Trends and Emerging Focus",
            "proposal-platform-engineering-++",
            "2024-06-25",
            &["Giulio Roggero"],
            &["proposal"],
            "Platform Engineering ++ adds data and ML and software composability to infrastructure \
             and DevOps. Platform engineers act like librarians; platform items are the books.",
        ),
        post(
            "announce-paap-survey.md",
            "Platform as a Product Research - Now with a Survey!",
            "call-participation-paap-survey",
            "2024-11-25",
            &["Dominik Kress"],
            &["research", "survey"],
            "Interviews took long to arrange, so a survey built from the interview questions adds \
             numbers to the user interviews. Anyone who builds platforms can answer.",
        ),
        post(
            "announce-paap-research.md",
            "Invitation To Participate in Platform As A Product Research",
            "call-participation-paap-research",
            "2024-06-13",
            &["David Stenglein"],
            &["research"],
            "The research follows the Platform Engineering Maturity Model. Interviews last 45 \
             minutes with two interviewers; we hope to talk to several roles per organisation.",
        ),
        persona(
            "builders",
            "Builders",
            "Install, configure and own the platform",
            "Builders run day-2 operations, setup and security of the platform, and add \
             capabilities for AI and HPC workloads.",
        ),
        persona(
            "enablers",
            "Enablers",
            "DevOps, middleware and migration teams",
            "Enablers build application capabilities on the platform: CI/CD, security \
             guardrails, self-service and onboarding automation. They work with developers \
             and data scientists.",
        ),
        persona(
            "consumers",
            "Consumers",
            "Developers and software engineers",
            "Consumers build and maintain applications on the platform and may never touch it.",
        ),
        persona(
            "end-users",
            "End-Users",
            "The organisation's own customers",
            "End-Users use the applications that run on the platform, often without knowing it. \
             Their user stories are the reason the platform exists.",
        ),
        persona(
            "service-providers",
            "Service Providers",
            "Vendors and consultancies",
            "Service providers offer platforms on top of Kubernetes or help with \
             implementation and adoption.",
        ),
        Doc {
            id: "initiatives/platform-as-a-product.md".into(),
            slug: "platform-as-a-product".into(),
            kind: Kind::Initiative,
            title: "Platform as a Product".into(),
            description: Some("Product thinking for internal platforms.".into()),
            body: "Treat internal platforms as products and their users as customers. We run \
                   talks, write guides and do research through interviews and a survey."
                .into(),
            ..Default::default()
        },
        // Distractors.
        post(
            "digest-2023.md",
            "Platform Digest",
            "digest-2023",
            "2023-05-01",
            &[],
            &[],
            "News.",
        ),
        Doc {
            date: None,
            ..post(
                "digest-undated.md",
                "Platform Digest",
                "digest-undated",
                "2023-05-01",
                &[],
                &[],
                "News.",
            )
        },
        post(
            "digest-2024.md",
            "Platform Digest",
            "digest-2024",
            "2024-05-01",
            &[],
            &[],
            "News.",
        ),
        page(
            "guides/backlog.md",
            "Backlog Hygiene",
            "Good user stories stay small. Split user stories by outcome; user stories that \
             name tools are tasks. Review the personas for each story.",
        ),
        page(
            "research/guide.md",
            "Research Guide",
            "Interview three personas: builder, leader and consumer. Plan user \
             interviews; the interviews are triangulated. Tag the golden paths you hear about.",
        ),
        page(
            "guides/golden.md",
            "Golden Paths Explained",
            "Golden paths are templates teams can start from.",
        ),
        page(
            "guides/scattered.md",
            "Scattered Notes",
            "The golden rule of notes: keep them short. Many teams build paths of their own.",
        ),
        page(
            "guides/observability.md",
            "Observability Basics",
            "Logs, metrics and traces.",
        ),
        post(
            "tagged.md",
            "Monitoring Roundup",
            "monitoring-roundup",
            "2023-01-01",
            &["Ada Example"],
            &["observability"],
            "A roundup of dashboards.",
        ),
        page(
            "i18n/uebersicht.md",
            "Ökosystem Übersicht",
            "Die Übersicht zeigt das ÖKOSYSTEM der Plattform. Straße und Café.",
        ),
        page(
            "unsafe.md",
            "Terminal Tricks",
            "Before \u{1b}]0;pwned\u{7}the trap word\u{1b}[2J and after.",
        ),
    ]
}

fn library() -> Library {
    Library::from_docs(corpus(), Vec::new())
}

fn run(query: &str) -> Vec<Hit> {
    let library = library();
    let index = Index::build(&library);
    index.search(&library, &parse_query(query), 50)
}

fn titles(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.title.as_str()).collect()
}

fn position(hits: &[Hit], title: &str) -> usize {
    hits.iter()
        .position(|h| h.title == title)
        .unwrap_or_else(|| panic!("{title} not found in {:?}", titles(hits)))
}

#[test]
fn abbreviation_finds_product_thinking() {
    let hits = run("prdthink");
    assert_eq!(
        hits[0].title,
        "Product Thinking for Platforms",
        "{:?}",
        titles(&hits)
    );
    assert_eq!(hits[0].field, Field::Title);
    // p, r, d, then "think": all highlighted chars are letters of the query.
    let chars: Vec<char> = hits[0].title.chars().collect();
    let marked: String = hits[0]
        .positions
        .iter()
        .map(|&p| chars[p].to_ascii_lowercase())
        .collect();
    assert_eq!(marked, "prdthink");
}

#[test]
fn prefix_finds_enablers_persona_by_name() {
    let hits = run("enabl");
    assert_eq!(hits[0].title, "Enablers", "{:?}", titles(&hits));
    assert_eq!(hits[0].kind, Kind::Persona);
    assert_eq!(hits[0].field, Field::Name);
    assert_eq!(hits[0].positions, [0, 1, 2, 3, 4]);
}

#[test]
fn naming_a_persona_puts_it_first() {
    for (query, name) in [
        ("enablers", "Enablers"),
        ("service providers", "Service Providers"),
        ("Builders", "Builders"),
        ("end-users", "End-Users"),
    ] {
        let hits = run(query);
        assert_eq!(hits[0].title, name, "{query}: {:?}", titles(&hits));
        assert_eq!(hits[0].kind, Kind::Persona);
    }
    // The personas post mentions both only in its body: it still comes, later.
    let hits = run("service providers");
    assert!(position(&hits, "Platform as a Product: Understanding the Personas") > 0);
}

#[test]
fn typos_still_find_names_and_words() {
    let hits = run("enalbers");
    assert_eq!(hits[0].title, "Enablers", "{:?}", titles(&hits));
    assert_eq!(hits[0].positions, [0, 1, 2, 3, 4, 5, 6, 7]);
    let hits = run("servcie providers");
    assert_eq!(hits[0].title, "Service Providers", "{:?}", titles(&hits));
    let hits = run("stenglien");
    assert_eq!(hits.len(), 3, "{:?}", titles(&hits));
    assert!(hits.iter().all(|h| h.field == Field::Author));
    // A typo in a body word finds the body.
    let hits = run("triangualted");
    assert_eq!(titles(&hits), ["Research Guide"]);
    // A typo match ranks below the same match typed right.
    assert!(run("enalbers")[0].score < run("enablers")[0].score);
}

#[test]
fn when_no_document_has_every_word_the_most_words_win() {
    // No document says "tooling".
    let hits = run("which persona owns ci/cd tooling");
    assert!(!hits.is_empty());
    // The personas post has "persona", "own" and "CI/CD"; Enablers only "CI/CD".
    assert_eq!(
        hits[0].title,
        "Platform as a Product: Understanding the Personas",
        "{:?}",
        titles(&hits)
    );
    assert!(position(&hits, "Enablers") > 0);
    // Exclusions and filters still hold in the fallback.
    let hits = run("which persona owns ci/cd tooling -kind:post");
    assert!(
        hits.iter().all(|h| h.kind != Kind::Post),
        "{:?}",
        titles(&hits)
    );
    position(&hits, "Enablers");
    // With every word present somewhere, only full matches are listed.
    assert!(
        run("enablers ci/cd")
            .iter()
            .all(|h| h.title == "Enablers" || h.title.contains("Personas"))
    );
}

#[test]
fn user_stories_puts_the_user_stories_post_first() {
    let hits = run("user stories");
    assert_eq!(
        hits[0].title,
        "Platform As A Product: Getting Into The Mindset With User Stories",
        "{:?}",
        titles(&hits)
    );
    // The backlog page says "user stories" three times, but only in its body.
    assert!(position(&hits, "Backlog Hygiene") > 0);
}

#[test]
fn persona_matches_plural_in_bodies() {
    let hits = run("persona");
    let guide = &hits[position(&hits, "Research Guide")];
    assert_eq!(guide.field, Field::Body);
    let snippet = guide.snippet.as_ref().expect("body hit has a snippet");
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(a, b)| &snippet.text[a..b])
        .collect();
    assert_eq!(marked, ["personas"], "{snippet:?}");
}

#[test]
fn title_beats_tag_beats_body() {
    let hits = run("observability");
    let title = position(&hits, "Observability Basics");
    let tag = position(&hits, "Monitoring Roundup");
    let body = position(
        &hits,
        "Platform As A Product: Getting Into The Mindset With User Stories",
    );
    assert!(title < tag && tag < body, "{:?}", titles(&hits));
    assert_eq!(hits[tag].field, Field::Tag);
    assert_eq!(hits[body].field, Field::Body);
}

#[test]
fn author_and_role_fields_are_searched() {
    let hits = run("stenglein");
    assert!(hits.iter().all(|h| h.field == Field::Author), "{hits:?}");
    assert_eq!(hits.len(), 3);
    let hits = run("middleware");
    assert_eq!(hits[0].title, "Enablers");
    assert_eq!(hits[0].field, Field::Role);
}

#[test]
fn more_matches_rank_first() {
    // "interviews": the research guide says it twice, the initiative page once.
    let hits = run("triangulated interviews");
    assert_eq!(hits[0].title, "Research Guide");
    let hits = run("stories");
    let backlog = position(&hits, "Backlog Hygiene");
    let end_users = position(&hits, "End-Users");
    assert!(
        backlog < end_users,
        "three mentions before one: {:?}",
        titles(&hits)
    );
}

#[test]
fn closer_matches_rank_first() {
    let hits = run("golden paths kind:page");
    // Title first, then the body where the words stand together, then the scattered one.
    assert_eq!(
        titles(&hits)[..3],
        [
            "Golden Paths Explained",
            "Research Guide",
            "Scattered Notes"
        ]
    );
}

#[test]
fn ties_go_to_the_newest() {
    let hits = run("digest");
    assert_eq!(
        titles(&hits),
        ["Platform Digest", "Platform Digest", "Platform Digest"]
    );
    assert_eq!(hits[0].score, hits[1].score);
    assert_eq!(hits[1].score, hits[2].score);
    let days: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(
        days,
        [
            "blog/digest-2024.md",
            "blog/digest-2023.md",
            "blog/digest-undated.md"
        ]
    );
}

/// Many documents with the same score and only a few places: the results are still the
/// newest of them, in order, from the one-shot index as from the full one (the one-shot
/// index breaks ties only among those that can make the cut).
#[test]
fn ties_at_the_limit_go_to_the_newest_in_both_indexes() {
    let mut docs: Vec<Doc> = (0..40)
        .map(|i| Doc {
            date: date(&format!("2024-{:02}-{:02}", 1 + (i * 7) % 12, 1 + i % 28)),
            ..page(
                &format!("n{i:02}.md"),
                "Same Note",
                "The digest of the week.",
            )
        })
        .collect();
    docs.push(page("undated.md", "Same Note", "The digest of the week."));
    docs.push(page("best.md", "Digest", "The digest of the week."));
    let library = Library::from_docs(docs, Vec::new());
    let full = Index::build(&library);
    let query = parse_query("digest");
    let mut newest: Vec<&Doc> = library.docs()[..40].iter().collect();
    newest.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    for limit in [1, 2, 5, 17, 41, 42, 100] {
        let one_shot = Index::build_for_query(&library, &query).search(&library, &query, limit);
        assert_eq!(
            one_shot,
            full.search(&library, &query, limit),
            "limit {limit}"
        );
        let ids: Vec<&str> = one_shot.iter().map(|h| h.id.as_str()).collect();
        let mut expected: Vec<&str> = std::iter::once("best.md")
            .chain(newest.iter().map(|d| d.id.as_str()))
            .chain(std::iter::once("undated.md"))
            .collect();
        expected.truncate(limit);
        assert_eq!(ids, expected, "limit {limit}");
    }
}

#[test]
fn exclusion_removes_documents() {
    let all = run("research");
    assert!(
        all.iter()
            .any(|h| h.slug == "call-participation-paap-survey")
    );
    let hits = run("research -survey");
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.slug != "call-participation-paap-survey"),
        "{:?}",
        titles(&hits)
    );
    assert!(
        hits.iter()
            .all(|h| !h.title.contains("Platform as a Product") || h.kind != Kind::Initiative)
    );
}

#[test]
fn phrases_need_adjacent_words() {
    let hits = run("\"user interviews\"");
    let found: Vec<&str> = titles(&hits);
    assert!(
        found.contains(&"Platform as a Product Research - Now with a Survey!"),
        "{found:?}"
    );
    assert!(found.contains(&"Research Guide"), "{found:?}");
    // The initiative page has "users" and "interviews", but apart.
    assert!(!found.contains(&"Platform as a Product"), "{found:?}");
    assert!(run("\"interviews user\"").is_empty());
}

#[test]
fn kind_filter() {
    let hits = run("kind:persona");
    assert_eq!(hits.len(), 5);
    assert!(hits.iter().all(|h| h.kind == Kind::Persona));
    let hits = run("platform kind:persona");
    assert!(!hits.is_empty() && hits.iter().all(|h| h.kind == Kind::Persona));
    let hits = run("platform -kind:persona -kind:post");
    assert!(
        hits.iter()
            .all(|h| h.kind != Kind::Persona && h.kind != Kind::Post)
    );
}

#[test]
fn author_filter_is_fuzzy_within_the_field() {
    let hits = run("author:kress");
    assert_eq!(
        titles(&hits),
        [
            "Platform as a Product Research - Now with a Survey!",
            "Product Thinking for Platforms"
        ]
    );
    let hits = run("author:stnglein research");
    assert_eq!(
        titles(&hits),
        ["Invitation To Participate in Platform As A Product Research"]
    );
}

#[test]
fn tag_filter() {
    let hits = run("tag:research");
    assert_eq!(hits.len(), 2);
    let hits = run("tag:observ");
    assert_eq!(titles(&hits), ["Monitoring Roundup"]);
    assert!(run("tag:nosuchtag").is_empty());
}

#[test]
fn empty_query_lists_everything_newest_first() {
    let hits = run("");
    assert_eq!(hits.len(), corpus().len());
    assert_eq!(corpus()[hits[0].doc].date, date("2025-01-16"));
    let dated: Vec<_> = hits.iter().map(|h| corpus()[h.doc].date).collect();
    let first_undated = dated.iter().position(Option::is_none).unwrap();
    assert!(
        dated[first_undated..].iter().all(Option::is_none),
        "undated last"
    );
    assert!(
        dated[..first_undated].windows(2).all(|w| w[0] >= w[1]),
        "newest first"
    );
    // The limit holds.
    let library = library();
    let index = Index::build(&library);
    assert_eq!(index.search(&library, &parse_query(""), 3).len(), 3);
}

#[test]
fn huge_query_answers() {
    let hits = run(&"platform ".repeat(1_200));
    assert!(!hits.is_empty());
    let hits = run(&"q".repeat(10_000));
    assert!(hits.is_empty());
    let mixed: String = (0..10_000)
        .map(|i| ["a", "(", "*", " ", "\"", "-", "é"][i % 7])
        .collect();
    let _ = run(&mixed);
}

#[test]
fn special_characters_are_literal() {
    for query in ["(", "*", "[", "?", "\\", "(*[?\\", "a.b", "^$", "-", "\""] {
        let _ = run(query);
    }
    let hits = run("++");
    assert_eq!(
        titles(&hits),
        ["Platform Engineering in 2024, Industry Trends and Emerging Focus"]
    );
    assert_eq!(hits[0].field, Field::Slug);
    let hits = run("ci/cd");
    assert_eq!(hits.len(), 2, "{:?}", titles(&hits));
}

#[test]
fn unicode_words_and_case() {
    let hits = run("ÖKO");
    assert_eq!(hits[0].title, "Ökosystem Übersicht");
    assert_eq!(hits[0].positions, [0, 1, 2]);
    let hits = run("STRASSE");
    assert!(hits.is_empty(), "no folding of ß to ss");
    let hits = run("straße café");
    assert_eq!(hits[0].title, "Ökosystem Übersicht");
    let snippet = hits[0].snippet.as_ref().unwrap();
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(a, b)| &snippet.text[a..b])
        .collect();
    assert_eq!(marked, ["Straße", "Café"]);
}

#[test]
fn snippets_are_sanitised_and_highlights_exact() {
    let hits = run("trap");
    let snippet = hits[0].snippet.as_ref().unwrap();
    assert!(
        !snippet.text.chars().any(char::is_control),
        "{:?}",
        snippet.text
    );
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(a, b)| &snippet.text[a..b])
        .collect();
    assert_eq!(marked, ["trap"]);
    // Every highlight of every hit is a query word, on char boundaries.
    for hit in run("platform applications user") {
        if let Some(s) = &hit.snippet {
            for &(a, b) in &s.highlights {
                let word = s.text[a..b].to_lowercase();
                assert!(
                    ["platform", "application", "user"]
                        .iter()
                        .any(|q| word.starts_with(q)),
                    "{word} in {s:?}"
                );
            }
        }
    }
}

#[test]
fn first_body_match_points_at_the_word() {
    let docs = corpus();
    let hits = run("loki");
    let hit = &hits[0];
    let at = hit.first_body_match.unwrap();
    assert!(docs[hit.doc].body[at..].starts_with("Loki"));
    // A name-only hit has no body offset, but still a snippet (the opening).
    let hits = run("prdthink");
    assert_eq!(hits[0].first_body_match, None);
    assert!(
        hits[0]
            .snippet
            .as_ref()
            .unwrap()
            .text
            .starts_with("KubeCon EU 2024")
    );
}

#[test]
fn body_matches_cover_every_hit_in_the_document() {
    let library = library();
    let index = Index::build(&library);
    let query = parse_query("user stories kind:page");
    let hits = index.search(&library, &query, 10);
    let backlog = hits.iter().find(|h| h.title == "Backlog Hygiene").unwrap();
    let body = &library.doc(backlog.doc).body;
    let ranges = index.body_matches(&library, &query, backlog.doc);
    let words: Vec<&str> = ranges.iter().map(|&(a, b)| &body[a..b]).collect();
    // "story" is another form of "stories".
    assert_eq!(
        words,
        [
            "user", "stories", "user", "stories", "user", "stories", "story"
        ]
    );
    assert_eq!(ranges.first().map(|r| r.0), backlog.first_body_match);
    assert_eq!(
        index.matched_words(&library, &query, backlog.doc),
        ["stories", "story", "user"]
    );
}

#[test]
fn json_shape() {
    let hits = run("enablers");
    let json = serde_json::to_value(&hits[0]).unwrap();
    assert_eq!(json["id"], "personas/enablers.md");
    assert_eq!(json["slug"], "enablers");
    assert_eq!(json["kind"], "persona");
    assert_eq!(json["field"], "name");
    assert!(json["score"].is_i64());
    assert_eq!(
        json["positions"],
        serde_json::json!([0, 1, 2, 3, 4, 5, 6, 7])
    );
    assert!(json["snippet"]["text"].is_string());
    assert!(json["snippet"]["highlights"][0].is_array());
    assert!(json.get("doc").is_none());
    assert!(json.get("first_body_match").is_none());
}

#[test]
fn find_in_document() {
    let text = "Personas: the PERSONA of a persona. Ünïcode ÜNÏCODE";
    let hits = find_in_text(text, "persona");
    let found: Vec<&str> = hits.iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(found, ["Persona", "PERSONA", "persona"]);
    let hits = find_in_text(text, "ünïcode");
    assert_eq!(
        hits.iter().map(|&(a, b)| &text[a..b]).collect::<Vec<_>>(),
        ["Ünïcode", "ÜNÏCODE"]
    );
    assert!(find_in_text(text, "(").is_empty());
    assert!(find_in_text(text, "").is_empty());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever is typed, searching answers without panicking, and every snippet
        /// highlight and title position points inside its text.
        #[test]
        fn any_query_is_answered(query in "\\PC{0,40}") {
            let library = library();
            let index = Index::build(&library);
            for hit in index.search(&library, &parse_query(&query), 50) {
                let chars = hit.title.chars().count();
                prop_assert!(hit.positions.iter().all(|&p| p < chars));
                if let Some(s) = &hit.snippet {
                    for &(a, b) in &s.highlights {
                        prop_assert!(a < b && b <= s.text.len());
                        prop_assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b));
                    }
                }
            }
        }

        #[test]
        fn find_in_text_ranges_are_char_aligned(text in "\\PC{0,60}", needle in "\\PC{1,4}") {
            for (a, b) in find_in_text(&text, &needle) {
                prop_assert!(a < b && b <= text.len());
                prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                prop_assert_eq!(text[a..b].to_lowercase().contains(&needle.to_lowercase()), true);
            }
        }
    }
}

#[test]
fn index_can_move_to_a_search_thread() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Index>();
}

#[test]
fn remembered_terms_do_not_change_results() {
    let library = library();
    let index = Index::build(&library);
    let query = parse_query("platform user -survey");
    let cold = index.search(&library, &query, 50);
    // Typing through other queries fills the cache with overlapping terms.
    for typed in [
        "p",
        "pl",
        "platform",
        "platform u",
        "platform user",
        "user -survey",
    ] {
        index.search(&library, &parse_query(typed), 50);
    }
    assert_eq!(index.search(&library, &query, 50), cold);
    index.forget_recent_terms();
    assert_eq!(index.search(&library, &query, 50), cold);
}

/// The one-shot index answers exactly as the full index does, on the bundled content:
/// the same hits in the same order with the same scores, fields, title highlights,
/// sections, snippets and opening places, for keywords, phrases, filters, typos, word
/// forms, stop words and every question of the evaluation.
#[test]
fn an_index_built_for_one_query_answers_like_the_full_index() {
    let library = paap::content::Library::load(&paap::content::LoadOptions {
        bundled: true,
        dirs: Vec::new(),
    })
    .unwrap();
    let full = Index::build(&library);
    let questions = include_str!("data/search_questions.toml");
    let asked = questions
        .lines()
        .filter_map(|line| line.strip_prefix("ask = \""))
        .map(|rest| rest.trim_end_matches('"'));
    let queries = [
        "user stories",
        "persona",
        "personas",
        "enablers",
        "service providers",
        "\"golden path\"",
        "platform -survey",
        "kind:persona ci/cd",
        "dora metrics",
        "prdthink",
        "enalbers",
        "platfrom teams",
        "stroies",
        "persnoa -builders",
        "roadmap tag:survey",
        "",
        "Über café",
        "naïve -über",
        "\"café latte\"",
        "funded",
        "funding -survey",
        "hoping interviewing",
        "how are",
        "\"the survey\" of",
        "capabilities offered",
    ];
    let mut checked = 0;
    for text in queries.into_iter().chain(asked) {
        let query = parse_query(text);
        let one_shot = Index::build_for_query(&library, &query);
        assert_eq!(
            one_shot.search(&library, &query, 50),
            full.search(&library, &query, 50),
            "query {text:?}"
        );
        checked += 1;
    }
    assert!(checked > 60, "{checked} queries");
}

/// The one-shot index leaves out bodies without a query word, yet answers as the full index
/// does where that is easy to get wrong: a typo whose intended word is only in a skipped body,
/// and words spelled with the Kelvin sign or a dotted capital I, which lower-case to ASCII.
#[test]
fn an_index_built_for_one_query_misses_nothing_in_skipped_bodies() {
    let library = Library::from_docs(
        vec![
            page("a.md", "One", "An unrelated word: xyzzyplatform."),
            page("b.md", "Two", "The platform team."),
            page("c.md", "Three", "Runs on \u{212A}ubernetes."),
            page("d.md", "Four", "Also kubernetes."),
            page("e.md", "Five", "ÄRGER über Straßen."),
            page("f.md", "Six", "Meeting with ALİ tomorrow."),
        ],
        Vec::new(),
    );
    let full = Index::build(&library);
    let ids = |hits: Vec<Hit>| hits.into_iter().map(|h| h.id).collect::<Vec<_>>();
    for (text, expected) in [
        // "latform" starts no word; one letter short of "platform", only in b.md.
        ("latform", vec!["b.md"]),
        // A typo that is in no body at all, not even inside a word.
        ("pltform", vec!["b.md"]),
        ("kubernetes", vec!["c.md", "d.md"]),
        ("kube -also", vec!["c.md"]),
        // "ALİ" lower-cases to "ali" and a combining dot: it starts with "ali".
        ("ali", vec!["f.md"]),
        // Words outside ASCII: every body is split, as no ASCII scan can rule one out.
        ("über", vec!["e.md"]),
        ("ärg straße", vec!["e.md"]),
    ] {
        let query = parse_query(text);
        let mut found = ids(Index::build_for_query(&library, &query).search(&library, &query, 10));
        found.sort();
        assert_eq!(found, expected, "one-shot, query {text:?}");
        let mut full_found = ids(full.search(&library, &query, 10));
        full_found.sort();
        assert_eq!(full_found, expected, "full index, query {text:?}");
    }
}

/// The one-shot scan rules a body out when every place the query's word start occurs is
/// inside a longer word or begins a word no rule accepts; where a mark may join words, or a
/// char outside ASCII stands next to it, it splits the body instead. Either way it answers
/// as the full index does.
#[test]
fn the_one_shot_scan_tells_word_starts_from_other_text() {
    let library = Library::from_docs(
        vec![
            page(
                "g.md",
                "Seven",
                "Storage for the superuser, e.g.users and user_data.",
            ),
            page("h.md", "Eight", "Our stories. A user; users, and 'users'."),
            page("i.md", "Nine", "Le café’users et l’user:name, 2,user."),
            page("j.md", "Ten", "Storing it.\nUSERS\n\nStory time_"),
        ],
        Vec::new(),
    );
    let full = Index::build(&library);
    for text in [
        "stories", "users", "user", "storage", "e.g", "data", "name", "story",
    ] {
        let query = parse_query(text);
        assert_eq!(
            Index::build_for_query(&library, &query).search(&library, &query, 10),
            full.search(&library, &query, 10),
            "query {text:?}"
        );
    }
    let query = parse_query("users");
    let found: Vec<String> = full
        .search(&library, &query, 10)
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert!(
        found.contains(&"h.md".to_string()) && !found.contains(&"g.md".to_string()),
        "{found:?}"
    );
}
