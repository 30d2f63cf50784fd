//! `publish facts`: the dates and figures the text states, read with the real binary.

mod common;

use common::*;

/// (kind, value, normalized, chapter, anchor, context, source) of every fact `publish facts --json`
/// prints.
#[allow(clippy::type_complexity)]
fn facts(
    manuscript: &std::path::Path,
) -> Vec<(String, String, String, u64, String, String, String)> {
    facts_json(manuscript)
        .0
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (
                s("kind"),
                s("value"),
                s("normalized"),
                f["chapter"].as_u64().unwrap(),
                s("anchor"),
                s("context"),
                s("source"),
            )
        })
        .collect()
}

#[test]
fn every_date_and_figure_of_the_sample_book_in_timeline_order() {
    // Read off the text of manuscript/*.md: every number it states, with its chapter and paragraph.
    let want = [
        ("date", "2 يوليو 1992", "1992-07-02", 1, "p-1"),
        ("year", "2003", "2003", 5, "p-3"),
        ("date", "8 سبتمبر 2006", "2006-09-08", 4, "p-3"),
        ("year-range", "2015-2016", "2015/2016", 6, "p-3"),
        ("year-range", "2020-2030", "2020/2030", 8, "p-3"),
        ("year", "2030", "2030", 7, "p-1"),
        ("year", "2060", "2060", 7, "p-1"),
        ("date", "29 أغسطس", "--08-29", 4, "p-1"),
        ("percentage", "15٪", "15", 7, "p-1"),
        ("money", "380 مليار دولار أمريكي", "380000000000", 7, "p-3"),
        // Ordinals the text writes in words, in the text's order.
        ("ordinal", "رابع أكبر ترسانة نووية", "4", 4, "p-1"),
        ("ordinal", "الذكرى الثلاثين", "30", 4, "p-2"),
        ("ordinal", "الذكرى الخامسة عشرة", "15", 4, "p-3"),
        ("ordinal", "الدورة 75", "75", 7, "p-2"),
        ("count", "30 عامًا", "30", 1, "p-1"),
        ("count", "27 دولة", "27", 5, "p-1"),
        ("count", "8 دول", "8", 5, "p-1"),
    ];
    let got = facts(&sample());
    let brief: Vec<(&str, &str, &str, u64, &str)> = got
        .iter()
        .map(|f| (&f.0[..], &f.1[..], &f.2[..], f.3, &f.4[..]))
        .collect();
    assert_eq!(brief, want);
    // Each context is the sentence that states the fact (or the curated statement), at most about 25
    // words, and holds the value; every one comes from the text (facts.toml only relabels one).
    for f in &got {
        assert!(f.5.contains(&f.1), "{f:?}");
        let words = f.5.split_whitespace().filter(|w| *w != "…").count();
        assert!(words <= 26, "{f:?}");
        assert_eq!(f.6, "text", "{f:?}");
    }
    // The relabelled fact prints the whole clause facts.toml gives instead of the cut sentence.
    let august = got.iter().find(|f| f.1 == "29 أغسطس").unwrap();
    assert!(
        august.5.starts_with("قرار الجمعية العامة") && !august.5.contains('…'),
        "{august:?}"
    );
    // The paragraph anchors exist in the EPUB (the same ids).
    let d = tempfile::tempdir().unwrap();
    let epub = build(&sample(), d.path());
    let files = entry_map(&epub);
    for f in &got {
        let chapter = &files[&format!("OEBPS/chapter-{:02}.xhtml", f.3)];
        assert!(chapter.contains(&format!("<p id=\"{}\"", f.4)), "{f:?}");
    }
}

#[test]
fn the_test_manuscript_gives_arabic_indic_digits_both_percent_signs_and_the_other_month_names() {
    let got = facts(&everything());
    let has = |kind: &str, value: &str, normalized: &str| {
        got.iter()
            .any(|f| f.0 == kind && f.1 == value && f.2 == normalized)
    };
    assert!(has("date", "١٤ تموز ٢٠٢٣", "2023-07-14"), "{got:?}");
    assert!(has("month", "أيار 2019", "2019-05"), "{got:?}");
    assert!(has("percentage", "١٢٫٥ %", "12.5"), "{got:?}");
    assert!(has("percentage", "٩٪", "9"), "{got:?}");
    assert!(has("percentage", "15٪", "15"), "{got:?}");
    // Not facts: the digit strings, COVID-19, the code `let x = 1;`, headings and note numbers.
    assert!(!got
        .iter()
        .any(|f| f.1.contains("0123") || f.1.contains("٠١٢")));
    assert!(!got.iter().any(|f| f.1 == "19" || f.1.starts_with("1 ")));
}

#[test]
fn the_table_lists_the_same_facts() {
    let o = publish()
        .args(["facts", "-m"])
        .arg(sample())
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert_eq!(out.lines().count(), 17, "{out}");
    assert!(out.lines().next().unwrap().starts_with("date"), "{out}");
    assert_eq!(out.lines().filter(|l| l.contains(" * ")).count(), 0);
    assert!(
        out.lines().any(|l| l.contains("380 مليار دولار أمريكي")),
        "{out}"
    );
    assert!(stderr(&o).contains("17 facts (0 from facts.toml"));
}

#[test]
fn the_readme_documents_the_json_output() {
    // The README's example has exactly the keys every fact has, and is the sample book's first fact.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("### publish facts").unwrap()..];
    let start = section.find("```json\n").unwrap() + 8;
    let end = start + section[start..].find("```").unwrap();
    let doc: serde_json::Value = serde_json::from_str(&section[start..end]).unwrap();
    let documented = doc["facts"][0].as_object().unwrap();
    let o = publish()
        .args(["facts", "--json", "-m"])
        .arg(sample())
        .output()
        .unwrap();
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for fact in out["facts"].as_array().unwrap() {
        let fact = fact.as_object().unwrap();
        let keys =
            |m: &serde_json::Map<String, serde_json::Value>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(fact), keys(documented));
    }
    let first = &out["facts"][0];
    for key in [
        "anchor",
        "chapter",
        "chapter_title",
        "context",
        "kind",
        "normalized",
        "source",
        "value",
    ] {
        assert_eq!(first[key], documented[key], "{key}");
    }
}
