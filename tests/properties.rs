//! A property over generated manuscripts: whatever an author writes, both editions build or the build
//! fails with an error; nothing panics. Manuscripts are put together from Markdown pieces (headings,
//! paragraphs, lists, quotes, tables, code, notes, images present and missing, links) holding Arabic
//! and Latin words, both digit sets, marks, bidi controls, emoji and Markdown punctuation. A sample of
//! the EPUBs that build goes to EPUBCheck (0 errors, 0 warnings).
//!
//! The run is reproducible: a fixed seed, 48 cases. `PUBLISH_PROPTEST_CASES=N` and
//! `PUBLISH_PROPTEST_SEED=S` (any number) explore further; a failure prints the shrunk manuscript.

mod common;

use std::cell::RefCell;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use common::*;

const ARABIC: &[&str] = &[
    "كازاخستان",
    "السياسة",
    "الخارجية",
    "لا",
    "الله",
    "مُحَمَّدٌ",
    "عامًا",
    "ـــ",
    "في",
    "وَلَٰكِنْ",
    "ﻻ",
    "ء",
    "ة",
    "ى",
    "پ",
];
const LATIN: &[&str] = &["COVID-19", "Astana", "e-mail", "H1N1", "www", "naïve", "Ω"];
const DIGITS: &[&str] = &[
    "1992",
    "١٤٤٣",
    "۱۲۳",
    "12.5%",
    "١٢٫٥٪",
    "2015-2016",
    "+7 727 123",
];
const MARKS: &[char] = &[
    '\u{064B}', '\u{064E}', '\u{0651}', '\u{0652}', '\u{0670}', '\u{0300}',
];
const CONTROLS: &[char] = &[
    '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200C}', '\u{200D}', '\u{00AD}', '\u{FEFF}',
];
const EMOJI: &[&str] = &["😀", "👍🏽", "🇰🇿", "👨‍👩‍👧", "❤️", "🕌"];
const PUNCT: &[&str] = &[
    "،", "؛", "؟", ".", "«", "»", "(", ")", "\"", "'", "<", ">", "&", "\\", "*", "_", "`", "~",
    "|", "[", "]", "!", "#", "—",
];

fn pick(pool: &'static [&'static str]) -> BoxedStrategy<String> {
    proptest::sample::select(pool)
        .prop_map(str::to_string)
        .boxed()
}

/// One inline piece of text.
fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        4 => pick(ARABIC),
        2 => pick(LATIN),
        2 => pick(DIGITS),
        1 => (pick(ARABIC), proptest::sample::select(MARKS)).prop_map(|(w, m)| format!("{w}{m}")),
        1 => proptest::sample::select(CONTROLS).prop_map(String::from),
        1 => pick(EMOJI),
        1 => pick(PUNCT),
        1 => pick(ARABIC).prop_map(|w| format!("*{w}*")),
        1 => pick(ARABIC).prop_map(|w| format!("**{w}**")),
        1 => pick(LATIN).prop_map(|w| format!("`{w}`")),
        1 => pick(ARABIC).prop_map(|w| format!("[{w}](https://example.com/{w})")),
        1 => pick(ARABIC).prop_map(|w| format!("[{w}](#top)")),
        1 => (1u8..4).prop_map(|n| format!("[^{n}]")),
        1 => Just("١٥ شعبان ١٤٤٣ هـ".to_string()),
    ]
    .boxed()
}

/// A run of inline pieces joined by spaces (or not).
fn inline() -> BoxedStrategy<String> {
    proptest::collection::vec((piece(), any::<bool>()), 1..12)
        .prop_map(|ps| {
            ps.into_iter()
                .map(|(p, space)| if space { format!("{p} ") } else { p })
                .collect()
        })
        .boxed()
}

/// One block of Markdown.
fn block() -> BoxedStrategy<String> {
    prop_oneof![
        5 => inline(),
        1 => ((2usize..7), inline()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        1 => proptest::collection::vec(inline(), 1..4)
            .prop_map(|items| items.iter().map(|i| format!("- {i}\n")).collect()),
        1 => proptest::collection::vec(inline(), 1..4)
            .prop_map(|items| items.iter().enumerate().map(|(n, i)| format!("{}. {i}\n", n + 1)).collect()),
        1 => inline().prop_map(|t| format!("> {t}")),
        1 => (inline(), inline(), inline(), inline()).prop_map(|(a, b, c, d)| {
            let cell = |s: &str| s.replace('|', "\\|");
            format!("| {} | {} |\n|---|---|\n| {} | {} |", cell(&a), cell(&b), cell(&c), cell(&d))
        }),
        1 => inline().prop_map(|t| format!("```\n{t}\n```")),
        1 => ((1u8..4), inline()).prop_map(|(n, t)| format!("[^{n}]: {t}")),
        1 => inline().prop_map(|t| format!("![{t}](images/map.png)")),
        1 => Just("---".to_string()),
    ]
    .boxed()
}

/// A chapter: a title with the id `top` (links inside point at it), blocks, and the notes its
/// references may name (`[^1]` to `[^3]`; a block may define one again, which is a warning).
fn chapter() -> BoxedStrategy<String> {
    (inline(), proptest::collection::vec(block(), 1..7))
        .prop_map(|(title, blocks)| {
            format!(
                "# {title} {{#top}}\n\n{}\n\n[^1]: حاشية.\n\n[^2]: note.\n\n[^3]: ٣\n",
                blocks.join("\n\n")
            )
        })
        .boxed()
}

/// One to three chapters; one manuscript in eight carries a mistake the loader must refuse (a missing
/// image, a link to an id no heading has, a reference to a note no chapter defines).
fn manuscript() -> BoxedStrategy<Vec<String>> {
    (proptest::collection::vec(chapter(), 1..4), 0u8..24)
        .prop_map(|(mut chapters, mistake)| {
            match mistake {
                0 => chapters[0].push_str("\n![خريطة](images/missing.png)\n"),
                1 => chapters[0].push_str("\n[رابط](#nowhere)\n"),
                2 => chapters[0].push_str("\nنص[^nowhere]\n"),
                _ => {}
            }
            chapters
        })
        .boxed()
}

const BOOK_TOML: &str = "[book]\ntitle = \"كتاب\"\nauthors = [\"مؤلف\"]\nlanguage = \"ar\"\n";

fn write_manuscript(dir: &Path, chapters: &[String]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("images")).unwrap();
    std::fs::copy(
        everything().join("images/map.png"),
        dir.join("images/map.png"),
    )
    .unwrap();
    std::fs::write(dir.join("book.toml"), BOOK_TOML).unwrap();
    for (i, c) in chapters.iter().enumerate() {
        std::fs::write(dir.join(format!("{:02}.md", i + 1)), c).unwrap();
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn generated_manuscripts_build_or_fail_with_an_error() {
    let cases = env_number("PUBLISH_PROPTEST_CASES").unwrap_or(48) as u32;
    let seed = env_number("PUBLISH_PROPTEST_SEED").unwrap_or(11);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let d = tempfile::tempdir().unwrap();
    let samples = RefCell::new(Vec::new());
    let counts = RefCell::new([0usize; 3]); // built, refused at load, refused by a writer
    runner
        .run(&manuscript(), |chapters| {
            let dir = d.path().join("book");
            write_manuscript(&dir, &chapters);
            let loaded = match publish::pipeline::book_with_env(&dir, Some("0")) {
                Ok(l) => l,
                Err(e) => {
                    // A refusal names a file of the manuscript.
                    let msg = e.to_string();
                    prop_assert!(msg.contains(".md") || msg.contains(".toml"), "{msg}");
                    counts.borrow_mut()[1] += 1;
                    return Ok(());
                }
            };
            let fonts = match loaded.fonts() {
                Ok(Some(fonts)) => fonts,
                other => {
                    return Err(TestCaseError::fail(format!(
                        "bundled fonts: {:?}",
                        other.err()
                    )))
                }
            };
            let epub = publish::epub::write(&loaded.book, Some(&fonts));
            let pdf = publish::pdf::write(&loaded.book, &fonts);
            match (epub, pdf) {
                (Ok(epub), Ok(pdf)) => {
                    prop_assert!(pdf.starts_with(b"%PDF-"));
                    counts.borrow_mut()[0] += 1;
                    if samples.borrow().len() < 6 {
                        samples.borrow_mut().push(epub);
                    }
                }
                (e, p) => {
                    counts.borrow_mut()[2] += 1;
                    let why = [e.err(), p.err()]
                        .into_iter()
                        .flatten()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ");
                    return Err(TestCaseError::fail(format!(
                        "loaded, but an edition failed: {why}"
                    )));
                }
            }
            Ok(())
        })
        .unwrap();
    let [built, refused, _] = *counts.borrow();
    eprintln!("{cases} manuscripts (seed {seed}): {built} built, {refused} refused at load");
    assert!(
        built >= cases as usize / 2,
        "most generated manuscripts should build: {built} of {cases}"
    );
    if let Some(jar) = validator("EPUBCHECK_JAR", "EPUBCheck") {
        for (i, epub) in samples.borrow().iter().enumerate() {
            let path = d.path().join(format!("sample{i}.epub"));
            std::fs::write(&path, epub).unwrap();
            epubcheck(&jar, &path);
        }
    }
}
