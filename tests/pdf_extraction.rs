//! What readers' software gets out of the PDF edition: the text every engine extracts (poppler for
//! Linux viewers and indexers, PDFium for Chrome and Edge, pdf.js for Firefox, current MuPDF for
//! SumatraPDF and mobile readers), scored against the book model, on the sample book and on the test
//! manuscripts of every construct, of mixed scripts and of an author's history book. Debian's MuPDF 1.21 reads text in drawing order
//! only: its figures are printed, not asserted.
//!
//! A note's number is scored as a word of its own: it is the typesetter's, not part of the author's
//! word it follows.
//!
//! Current MuPDF is held to its own floors on the construct books: it guesses each character's
//! direction and reads a number or a Latin group at the end of a right-to-left run as a line of its
//! own, and puts a space inside an address written in several groups.
//!
//! The words that come back exactly as written are held to their own floors, per engine: poppler
//! wraps every run of digits or Latin letters in a right-to-left line in embedding marks of its own
//! (U+202A … U+202C), so a word joined to one («و8», «وGoogle») is never exactly as written there, in
//! any PDF; and it takes the end-of-ayah sign for a right-to-left letter and reads it after its
//! number (U+202A ١ U+202C ۝).

mod common;

use std::path::PathBuf;

use common::extract::{book_blocks, extract, not_found, score, searched_words, Engine};
use common::pdf::{build_pdf, plain};
use common::*;

struct Case {
    name: &'static str,
    dir: PathBuf,
    /// Least shares of words and of word pairs every engine must return.
    words: f32,
    pairs: f32,
    /// MuPDF's floor, and whether its tokens are asserted (see the module comment).
    mupdf: (f32, f32, bool),
    /// Runs of digits and Latin letters that must come out in their own order.
    tokens: &'static [&'static str],
    /// Least share of words that come back exactly as written (nothing invisible inside them), in
    /// poppler, PDFium, pdf.js and MuPDF.
    strict: [f32; 4],
    /// Least share of the distinct words the engine's own search finds, in poppler, PDFium and MuPDF.
    search: [f32; 3],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "sample",
            dir: sample(),
            words: 0.99,
            pairs: 0.98,
            mupdf: (0.99, 0.98, true),
            tokens: &["COVID-19", "2015-2016", "2020-2030", "CICA", "CAWFZ"],
            strict: [0.995; 4],
            search: [0.995; 3],
        },
        Case {
            name: "everything",
            dir: everything(),
            words: 0.97,
            pairs: 0.93,
            mupdf: (0.995, 0.99, false),
            tokens: &[
                "COVID-19",
                "2015-2016",
                "0123456789",
                "3.14",
                "GPT-4 model",
                "let x = 1;",
                "editor@example.org",
                "https://example.com",
            ],
            strict: [0.99, 0.995, 0.99, 0.995],
            search: [0.995, 0.995, 0.995],
        },
        Case {
            name: "mixed",
            dir: root().join("tests/manuscripts/mixed"),
            words: 0.97,
            pairs: 0.93,
            mupdf: (0.99, 0.985, false),
            tokens: &[
                "Apple Inc",
                "iPhone 15",
                "H1N1",
                "COVID-19",
                "pulldown-cmark",
                "info@example.org",
                "https://www.example.org/ar/about",
                "John Smith",
                "12.5%",
                "2015-2016",
                "A-2024-0042",
                "+7 727 123 4567",
                "3.14159",
                "1,234,567",
            ],
            strict: [0.975, 0.995, 0.995, 0.995],
            search: [0.995, 0.995, 0.995],
        },
        Case {
            // An author's book: its table too wide for the page has its longest words broken (the
            // words' share below the others'); its symbols come out where they stand, but PDFium
            // drops a character beyond the Basic Multilingual Plane (📚) from a right-to-left line.
            name: "history",
            dir: history(),
            words: 0.95,
            pairs: 0.97,
            mupdf: (0.95, 0.96, true),
            tokens: &["12/5/1024", "1025-03-18", "31.25%", "1,180", "☪", "✓"],
            strict: [0.965, 0.975, 0.97, 0.965],
            search: [0.96, 0.955, 0.96],
        },
        Case {
            // Notes at the foot of every page: each note read where it is drawn, after the text.
            name: "notes",
            dir: root().join("tests/manuscripts/notes"),
            words: 0.99,
            pairs: 0.99,
            mupdf: (0.995, 0.99, true),
            tokens: &[],
            strict: [0.995; 4],
            search: [0.99, 0.99, 0.99],
        },
        Case {
            // Vocalized verse, hemistichs side by side.
            name: "poetry",
            dir: root().join("tests/manuscripts/poetry"),
            words: 0.995,
            pairs: 0.99,
            mupdf: (0.995, 0.99, true),
            tokens: &[],
            strict: [0.995; 4],
            search: [0.995, 0.995, 0.995],
        },
        Case {
            // Fully vocalized: hadith with their chains of narrators, verses of the Quran, verse.
            name: "vocalized",
            dir: root().join("tests/manuscripts/vocalized"),
            words: 0.97,
            pairs: 0.95,
            mupdf: (0.985, 0.98, true),
            tokens: &[],
            strict: [0.97, 0.995, 0.995, 0.995],
            search: [0.995, 0.995, 0.995],
        },
    ]
}

#[test]
fn every_engine_reads_the_books_words_in_order() {
    let d = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut table =
        String::from("\nbook        engine      words   pairs  strict search  tokens\n");
    for case in cases() {
        let pdf = build_pdf(&case.dir, &d.path().join(case.name));
        let book = publish::pipeline::book(&case.dir).unwrap().book;
        let blocks = book_blocks(&book);
        let searched = searched_words(&blocks);
        for engine in Engine::ALL {
            let Some(text) = extract(engine, &pdf) else {
                continue;
            };
            let s = score(&blocks, &text);
            let unfound = not_found(engine, &pdf, &searched);
            let found = unfound
                .as_ref()
                .map(|u| 1.0 - u.len() as f32 / searched.len().max(1) as f32);
            let got = plain(&text);
            let squeezed: String = got.chars().filter(|c| !c.is_whitespace()).collect();
            // In order: the token's characters together (extra spaces between them are reported).
            let out_of_order: Vec<&str> = case
                .tokens
                .iter()
                .copied()
                .filter(|t| {
                    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                    !squeezed.contains(&t)
                })
                .collect();
            let spaced: Vec<&str> = case
                .tokens
                .iter()
                .copied()
                .filter(|t| !got.contains(*t) && !out_of_order.contains(t))
                .collect();
            table.push_str(&format!(
                "{:<11} {:<11} {:>6.2}% {:>6.2}% {:>6.2}% {:>6}  {}/{} in order{}\n",
                case.name,
                engine.name(),
                s.words * 100.0,
                s.pairs * 100.0,
                s.strict * 100.0,
                found.map_or("-".to_string(), |f| format!("{:.1}%", f * 100.0)),
                case.tokens.len() - out_of_order.len(),
                case.tokens.len(),
                if spaced.is_empty() {
                    String::new()
                } else {
                    format!(" (spaced: {spaced:?})")
                }
            ));
            if engine == Engine::OldMuPdf {
                continue;
            }
            let (words, pairs, tokens) = if engine == Engine::MuPdf {
                case.mupdf
            } else {
                (case.words, case.pairs, true)
            };
            if s.words < words || s.pairs < pairs {
                failures.push(format!(
                    "{} in {}: words {:.4}, pairs {:.4}; missing {:?}; missing pairs {:?}",
                    case.name,
                    engine.name(),
                    s.words,
                    s.pairs,
                    s.missing,
                    s.missing_pairs
                ));
            }
            let k = Engine::ALL.iter().position(|&e| e == engine).unwrap();
            if s.strict < case.strict[k] {
                failures.push(format!(
                    "{} in {}: words as written {:.4}; not as written {:?}",
                    case.name,
                    engine.name(),
                    s.strict,
                    s.strict_missing
                ));
            }
            if let (Some(f), Some(unfound)) = (found, &unfound) {
                let floor = case.search[[0, 1, 3].iter().position(|&i| i == k).unwrap()];
                if f < floor {
                    failures.push(format!(
                        "{} in {}: search finds {:.4}; not found {:?}",
                        case.name,
                        engine.name(),
                        f,
                        unfound
                    ));
                }
            }
            if tokens && !out_of_order.is_empty() {
                failures.push(format!(
                    "{} in {}: out of order {out_of_order:?}",
                    case.name,
                    engine.name()
                ));
            }
        }
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{table}");
    assert!(failures.is_empty(), "{table}\n{}", failures.join("\n"));
}

/// A kashida the justification puts in stands for no character: it is drawn as an outline, outside
/// the text, and no engine reads a joiner or a tatweel the author did not write inside a word. An
/// author's own tatweels («كـــتـــاب», which the face draws as one long stroke and the alef after
/// it) come out where they are written, and so does a percent sign with a comma after it («15%،»).
#[test]
fn a_kashida_stands_for_no_character_and_an_authors_tatweel_stays_where_written() {
    let d = tempfile::tempdir().unwrap();
    let chapter = std::fs::read_to_string(sample().join("01-anniversary.md")).unwrap();
    let tatweel = "كـــتـــاب";
    let m = one_chapter_book(
        d.path(),
        &format!(
            "{chapter}\n\nقرأت {tatweel} الرحلة كله في ليلة واحدة.\n\nارتفعت بنسبة 15%، ثم هبطت.\n"
        ),
    );
    let loaded = publish::pipeline::book_with_env(&m, Some("0")).unwrap();
    let fonts = loaded.fonts().unwrap().unwrap();
    let doc = publish::pdf::compose(&loaded.book, &fonts);
    let kashidas: usize = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            publish::pdf::frame::Item::Text(l) => Some(l.line.kashidas),
            _ => None,
        })
        .sum();
    assert!(
        kashidas > 20,
        "the chapter's lines are stretched: {kashidas}"
    );
    let pdf = build_pdf(&m, &d.path().join("out"));
    for engine in Engine::CURRENT {
        let Some(text) = extract(engine, &pdf) else {
            continue;
        };
        assert!(
            !text.contains('\u{200D}'),
            "{}: a joiner the author did not write",
            engine.name()
        );
        assert_eq!(
            text.matches('\u{0640}').count(),
            tatweel.matches('\u{0640}').count(),
            "{}: tatweels the author did not write",
            engine.name()
        );
        assert!(
            plain(&text).contains(tatweel),
            "{}: {tatweel} not as written",
            engine.name()
        );
        assert!(
            plain(&text).contains("15%،"),
            "{}: 15%، not as written",
            engine.name()
        );
    }
}

/// A letter's marks come back in the order the author typed them (a shadda before or after its
/// vowel, a shadda and kasra that the face draws as one glyph, before punctuation, in a heading,
/// after a narrow letter), and
/// a word that joins two directions has nothing invisible inside it in Chrome's, Firefox's and
/// MuPDF's engines; a note's number reads as a word of its own after its word, in every engine.
#[test]
fn marks_come_back_in_the_authors_order_and_joined_words_whole() {
    let d = tempfile::tempdir().unwrap();
    // Shadda first, then its vowel; and the vowel first (the order Unicode normalisation gives).
    let vowel = |c: char| ('\u{064B}'..='\u{0650}').contains(&c);
    let order = |w: &str, shadda_first: bool| -> String {
        let mut out: Vec<char> = w.chars().collect();
        for k in 1..out.len() {
            let (a, b) = (out[k - 1], out[k]);
            if (shadda_first && vowel(a) && b == '\u{0651}')
                || (!shadda_first && a == '\u{0651}' && vowel(b))
            {
                out.swap(k - 1, k);
            }
        }
        out.into_iter().collect()
    };
    let pairs = |w: &str, first: &dyn Fn(char) -> bool, second: &dyn Fn(char) -> bool| {
        let cs: Vec<char> = w.chars().collect();
        cs.windows(2)
            .filter(|p| first(p[0]) && second(p[1]))
            .count()
    };
    let shadda = |c: char| c == '\u{0651}';
    let shadda_first = ["حَدَّثَنَا", "اللَّهِ", "النَّبِيُّ", "الشِّعْرِ", "مُحَمَّدٌ"].map(|w| order(w, true));
    let vowel_first = ["صَلَّى", "وَسَلَّمَ", "يُحِبُّ", "الرَّحْمَٰنِ", "جَنَّتَيْنِ"].map(|w| order(w, false));
    assert!(shadda_first
        .iter()
        .all(|w| pairs(w, &shadda, &vowel) > 0 && pairs(w, &vowel, &shadda) == 0));
    assert!(vowel_first
        .iter()
        .all(|w| pairs(w, &vowel, &shadda) > 0 && pairs(w, &shadda, &vowel) == 0));
    // The letter before the pair narrower than the pair's room in Amiri («ح», «خ»).
    let narrow = ["إِلَى اللَّحْدِ", "ثُمَّ اتَّخَذَ"].map(|w| order(w, true));
    // Words with a digit, a Latin word or a note's number after them.
    let joined = ["و8", "وGoogle", "حاشية"];
    let m = one_chapter_book(
        d.path(),
        &format!(
            "# قَالَ {h}\n\n{a} عَنْ {b}، قَالَ {c}، {d} {e}.\n\n{f} {g}، {i} {j} {k}.\n\n\
             {n0}، {n1} كتابًا.\n\n\
             قرأت الفصل {j0} مرات، وبحثت {j1} عن الكتاب، وهذه {j2}[^n] في آخر الجملة.\n\n\
             [^n]: نص الحاشية.\n",
            h = shadda_first[4],
            a = shadda_first[0],
            b = shadda_first[1],
            c = shadda_first[2],
            d = shadda_first[3],
            e = vowel_first[0],
            f = vowel_first[1],
            g = vowel_first[2],
            i = vowel_first[3],
            j = vowel_first[4],
            k = shadda_first[1],
            n0 = narrow[0],
            n1 = narrow[1],
            j0 = joined[0],
            j1 = joined[1],
            j2 = joined[2],
        ),
    );
    let pdf = build_pdf(&m, &d.path().join("out"));
    for engine in Engine::CURRENT {
        let Some(text) = extract(engine, &pdf) else {
            continue;
        };
        let words = common::extract::strict_words(&text);
        let narrow = narrow.iter().flat_map(|w| w.split(' '));
        for w in shadda_first
            .iter()
            .map(|w| w.as_str())
            .chain(vowel_first.iter().map(|w| w.as_str()))
            .chain(narrow)
        {
            assert!(
                words.iter().any(|x| x == w),
                "{}: {w} not as written: {words:?}",
                engine.name()
            );
        }
        // Poppler wraps a run of digits or Latin letters inside a word in marks of its own.
        let joined: &[&str] = match engine {
            Engine::Poppler => &[],
            _ => &["و8", "وGoogle"],
        };
        for w in joined {
            assert!(
                words.iter().any(|x| x == w),
                "{}: {w} not as written: {words:?}",
                engine.name()
            );
        }
        // A note's number reads as a word of its own after the word it follows, in every engine.
        assert!(
            words.windows(2).any(|p| p[0] == "حاشية" && p[1] == "١"),
            "{}: the note's number not after حاشية: {words:?}",
            engine.name()
        );
    }
}

/// A note's number is set apart from the text before it: after a Latin word or a number in a
/// right-to-left line it is drawn where the word ends (on its left), and every engine reads it after
/// the word as a word of its own, a number of two digits in its order; after an Arabic word, a
/// closing quotation mark or a bracket too.
#[test]
fn a_notes_number_reads_after_its_word_as_a_word_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "هذه جملة عليها حاشية[^a] ثم ذكر وApple[^b] في سنة 1450[^c] وقال «يمتد»[^d] وكذلك (123)[^e] آخرها.\n\n",
    );
    let mut notes = String::from(
        "[^a]: الأولى.\n[^b]: الثانية.\n[^c]: الثالثة.\n[^d]: الرابعة.\n[^e]: الخامسة.\n",
    );
    for k in 6..=11 {
        text.push_str(&format!("فقرة أخرى فيها كلمة مهمة[^n{k}] بعدها.\n\n"));
        notes.push_str(&format!("[^n{k}]: حاشية أخرى.\n"));
    }
    let m = one_chapter_book(d.path(), &format!("# الحواشي\n\n{text}{notes}"));
    let pdf = build_pdf(&m, &d.path().join("out"));
    for engine in Engine::CURRENT {
        let Some(got) = extract(engine, &pdf) else {
            continue;
        };
        let words = common::extract::arabic_words(&got);
        let after = |w: &str, n: &str| words.windows(2).any(|p| p[0] == w && p[1] == n);
        for (w, n) in [
            ("حاشية", "١"),
            ("وApple", "٢"),
            ("يمتد", "٤"),
            ("مهمة", "١٠"),
            ("مهمة", "١١"),
        ] {
            assert!(
                after(w, n),
                "{}: {n} not read after {w}: {words:?}",
                engine.name()
            );
        }
        let squeezed: String = plain(&got).chars().filter(|c| !c.is_whitespace()).collect();
        // PDFium mirrors the bracket (see the module comment of the text layer); MuPDF reads the
        // closing bracket after the note's number.
        let runs = match engine {
            Engine::Pdfium => vec!["1450٣", "123(٥"],
            Engine::MuPdf => vec!["1450٣"],
            _ => vec!["1450٣", "123)٥"],
        };
        for run in runs {
            assert!(
                squeezed.contains(run),
                "{}: {run} not in {squeezed}",
                engine.name()
            );
        }
        // Exactly as written but in poppler, which wraps a Latin run in marks of its own.
        if engine != Engine::Poppler {
            let strict = common::extract::strict_words(&got);
            for w in ["حاشية", "وApple", "مهمة"] {
                assert!(
                    strict.iter().any(|x| x == w),
                    "{}: {w} not as written: {strict:?}",
                    engine.name()
                );
            }
        }
    }
}
