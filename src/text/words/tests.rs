use super::*;
use crate::text::fonts::FaceId;

fn spec(face: FaceId, rtl: bool, script: RunScript) -> ShapeSpec<'static> {
    ShapeSpec {
        face,
        rtl,
        script,
        language: "ar",
        before: "",
        after: "",
    }
}

fn indexed(s: &str) -> Vec<(char, u32)> {
    s.chars()
        .enumerate()
        .map(|(i, c)| (c, 2 * i as u32))
        .collect()
}

/// Every line of every manuscript in the repository (the sample and the test manuscripts), and each
/// line again with its words turned round by one and by three, so that words meet other neighbours.
fn manuscript_lines() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.extend(
                    text.lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(String::from),
                );
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("manuscript"), &mut out);
    walk(&root.join("tests/manuscripts"), &mut out);
    let mut turned = Vec::new();
    for line in &out {
        let words: Vec<&str> = line.split(' ').collect();
        for k in [1, 3] {
            if words.len() > k {
                turned.push([&words[k..], &words[..k]].concat().join(" "));
            }
        }
    }
    out.extend(turned);
    out
}

#[test]
fn amiri_reads_across_a_space_only_before_the_glyphs_it_changes() {
    let set = crate::fonts::bundled();
    let fonts = Fonts::new(&set).unwrap();
    for face in [
        FaceId::REGULAR,
        FaceId::BOLD,
        FaceId::ITALIC,
        FaceId::BOLD_ITALIC,
    ] {
        let f = fonts.face(face);
        let spaces = f.spaces();
        assert!(!spaces.whole, "{face:?}");
        let glyph = |c: char| f.shaper.glyph_index(c).unwrap().0;
        // Keheh and kaf are kerned after «ة »; an overline after a space takes another form.
        assert!(spaces.joins_after_space([glyph('\u{06A9}')]), "{face:?}");
        assert!(spaces.joins_after_space([glyph('\u{0305}')]), "{face:?}");
        assert!(
            !spaces.joins_after_space([glyph('ب'), glyph('ك')]),
            "{face:?}"
        );
        assert!(spaces.before_space.is_empty(), "{face:?}");
    }
}

#[test]
fn a_word_a_lookup_reads_across_the_space_to_is_shaped_with_the_word_before_it() {
    let set = crate::fonts::bundled();
    let fonts = Fonts::new(&set).unwrap();
    let sp = spec(FaceId::REGULAR, true, RunScript::Arabic);
    let apart = |text: &str| {
        // Each word shaped alone, put together in visual order.
        let chars = indexed(text);
        let mut out = Vec::new();
        for word in chars.split_inclusive(|c| c.0 == ' ').rev() {
            out.extend(shape(&fonts, &sp, word.iter().copied()));
        }
        out
    };
    for text in [
        "مدينة \u{06A9}ابل",
        "مدينة كابل",
        "كتب \u{0305}العنوان",
        "قال \u{064E}ب",
    ] {
        let whole = shape(&fonts, &sp, indexed(text));
        assert_ne!(apart(text), whole, "{text}: shaping reads across the space");
        assert_eq!(shape_run(&fonts, &sp, &indexed(text)), whole, "{text}");
    }
    // A format character after a space is kept with the word before it too.
    let text = "قال \u{200C}ب";
    assert_eq!(
        shape_run(&fonts, &sp, &indexed(text)),
        shape(&fonts, &sp, indexed(text))
    );
    // A run whose words all start with a mark is shaped whole, and comes out as whole shaping does.
    let marked: String = (0..200).map(|_| "\u{064E}ب ").collect();
    assert_eq!(
        shape_run(&fonts, &sp, &indexed(&marked)),
        shape(&fonts, &sp, indexed(&marked))
    );
    // Where nothing reads across, words shaped alone are the whole.
    let text = "مدينة بيروت الجميلة";
    assert_eq!(apart(text), shape(&fonts, &sp, indexed(text)));
}

/// Every line of the sample and of the test manuscripts, shaped word by word, gives what shaping it
/// whole gives: glyphs, advances, offsets, clusters and safe-break flags; in both Arabic faces used for
/// text, right to left, and left to right as Latin.
#[test]
fn word_by_word_shaping_is_whole_shaping_on_every_manuscript_line() {
    let set = crate::fonts::bundled();
    let fonts = Fonts::new(&set).unwrap();
    let lines = manuscript_lines();
    assert!(lines.len() > 300, "{} lines", lines.len());
    let mut words = 0;
    for face in [FaceId::REGULAR, FaceId::BOLD] {
        for (rtl, script) in [(true, RunScript::Arabic), (false, RunScript::Latin)] {
            let sp = spec(face, rtl, script);
            for line in &lines {
                let chars = indexed(line);
                words += line.split(' ').count();
                let whole = shape(&fonts, &sp, chars.iter().copied());
                assert_eq!(
                    shape_run(&fonts, &sp, &chars),
                    whole,
                    "{face:?}, rtl {rtl}: {line}"
                );
            }
        }
    }
    assert!(words > 20_000, "{words} words");
}

/// The code face's contextual ligatures (arrows, comparisons, comments) never read a space: its runs
/// are shaped word by word and come out as whole shaping gives them.
#[test]
fn the_code_face_is_shaped_as_whole_shaping_gives() {
    let set = crate::fonts::bundled();
    let fonts = Fonts::new(&set).unwrap();
    let sp = spec(FaceId::MONO, false, RunScript::Latin);
    let spaces = fonts.face(FaceId::MONO).spaces();
    assert!(!spaces.whole && spaces.after_space.is_empty() && spaces.before_space.is_empty());
    for text in [
        "fn main() -> Result<(), Error> { let x = a != b && c >= d; }",
        "a == b || c <= d // done",
        "  -> =>  <!-- x -->  ### www ",
    ] {
        let chars = indexed(text);
        assert_eq!(
            shape_run(&fonts, &sp, &chars),
            shape(&fonts, &sp, chars.iter().copied()),
            "{text}"
        );
    }
}
