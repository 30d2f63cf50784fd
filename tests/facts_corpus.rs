//! Precision of `publish facts` on real prose: `tests/corpus/facts` holds 12,500 words of published
//! Arabic nobody here wrote (the Muwatta with full tashkeel, Arabic Wikipedia on history and
//! economies, the Universal Declaration of Human Rights, the Arabic React documentation; sources and
//! licences in its SOURCES.md), and `verdicts.tsv` every fact the extraction gives for it, each
//! judged by its sentence. The extraction must give exactly that list (a change is judged again),
//! 97 % of it right, and none of it wrong in the ways an editor cannot accept: an identifier or a
//! numbered part taken for a fact, a Quran citation, a count labelled by a word it does not count, a
//! number taken for a year, a number misread, a date put in the wrong calendar.

mod common;

use common::*;

/// One judged entry: (chapter, paragraph, kind, value, normalized) and (verdict, category).
type Judged = ((u64, String, String, String, String), (String, String));

fn verdicts() -> Vec<Judged> {
    let text = std::fs::read_to_string(root().join("tests/corpus/facts/verdicts.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("chapter\t"))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert!(c.len() >= 7, "verdicts.tsv: a short row: {l}");
            let s = |i: usize| c[i].to_string();
            (
                (c[0].parse().unwrap(), s(1), s(2), s(3), s(4)),
                (s(5), s(6)),
            )
        })
        .collect()
}

#[test]
fn the_facts_of_real_prose_are_those_judged_and_97_percent_of_them_are_right() {
    let (facts, _) = facts_json(&root().join("tests/corpus/facts"));
    let got: Vec<(u64, String, String, String, String)> = facts
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (
                f["chapter"].as_u64().unwrap(),
                s("anchor"),
                s("kind"),
                s("value"),
                s("normalized"),
            )
        })
        .collect();
    let judged = verdicts();
    let want: Vec<_> = judged.iter().map(|(k, _)| k.clone()).collect();
    // Name every entry that differs, so that only those are judged again.
    let new: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
    let gone: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
    assert!(
        new.is_empty() && gone.is_empty() && got == want,
        "the extraction changed: judge these and update tests/corpus/facts/verdicts.tsv\nnew: {new:#?}\ngone: {gone:#?}"
    );
    let right = judged.iter().filter(|(_, (v, _))| v == "ok").count();
    let precision = right as f64 / judged.len() as f64;
    eprintln!(
        "{right} of {} facts right ({:.1} %)",
        judged.len(),
        100.0 * precision
    );
    assert!(judged.len() >= 300, "{} facts", judged.len());
    assert!(precision >= 0.97, "{right} of {} right", judged.len());
    for ((_, _, kind, value, _), (verdict, category)) in &judged {
        assert!(
            matches!(verdict.as_str(), "ok" | "wrong"),
            "verdicts.tsv: «{value}»: verdict `{verdict}`"
        );
        let unacceptable = [
            "identifier",
            "quran",
            "label",
            "year",
            "reading",
            "calendar",
        ];
        assert!(
            verdict == "ok" || !unacceptable.contains(&category.as_str()),
            "{kind} «{value}» is wrong: {category}"
        );
    }
}

#[test]
fn the_corpus_is_ten_thousand_words_of_prose() {
    let mut words = 0;
    for entry in std::fs::read_dir(root().join("tests/corpus/facts")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".md") && name != "SOURCES.md" {
            words += std::fs::read_to_string(&path)
                .unwrap()
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
        }
    }
    assert!(words >= 10_000, "{words} words");
}
