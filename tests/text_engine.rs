//! The text engine against the reference shaper and its own invariants.
//!
//! Shaping must equal HarfBuzz's `hb-shape` (Debian `libharfbuzz-bin`) glyph for glyph: ids, clusters,
//! advances and offsets, for every word and every run of every line of the sample book and of the corpus in
//! `tests/corpus/shaping.txt` (tashkeel, lam-alef forms, Persian letters, both kinds of digits, Arabic
//! punctuation, Latin inside Arabic). The layout must keep every character, never exceed the measure,
//! justify every line but the last to the measure, and never put a kashida where Arabic writing forbids it.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use publish::model::{Block, Inline};
use publish::pdf::pages::styled;
use publish::text::{self, layout, Breaker, Fonts, Justify, Layout, Options, Paragraph};
use unicode_joining_type::{get_joining_type, JoiningType};

/// The paragraphs to test: the sample book's and the corpus's, as (text, styles).
fn corpus() -> Vec<(String, Vec<text::StyleSpan>)> {
    let mut out = Vec::new();
    let loaded = publish::pipeline::book(&common::sample()).unwrap();
    for chapter in &loaded.book.chapters {
        let mut blocks = vec![Block::Heading {
            level: 1,
            id: String::new(),
            classes: vec![],
            content: chapter.title.clone(),
        }];
        blocks.extend(chapter.blocks.iter().cloned());
        for b in &blocks {
            b.visit_inlines(&mut |inlines: &[Inline]| {
                out.push(styled::flatten(inlines, 12.0, "ar"))
            });
        }
    }
    let corpus = std::fs::read_to_string(common::root().join("tests/corpus/shaping.txt")).unwrap();
    for line in corpus.lines().filter(|l| !l.is_empty()) {
        out.push(styled::flatten(
            &[Inline::Text(line.to_string())],
            12.0,
            "ar",
        ));
    }
    out
}

fn layouts(fonts: &Fonts, measure: f32, justify: Justify) -> Vec<(String, Layout)> {
    let opts = Options {
        measure,
        justify,
        breaker: Breaker::TotalFit,
        language: "ar".into(),
        justify_last: false,
        indent: 0.0,
    };
    corpus()
        .into_iter()
        .map(|(text, styles)| {
            let l = text::layout(
                fonts,
                &Paragraph {
                    text: &text,
                    styles,
                    direction: None,
                },
                &opts,
            );
            (text, l)
        })
        .collect()
}

fn fonts_and_set() -> publish::model::FontSet {
    publish::fonts::bundled()
}

/// One shaping job for hb-shape.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Job {
    font: String,
    rtl: bool,
    script: Option<&'static str>,
    before: String,
    after: String,
}

type Glyphs = Vec<(u32, u32, i32, i32, i32)>;

/// Glyphs as hb-shape reports them: (id, cluster, x advance, x offset, y offset).
fn tuples(glyphs: impl Iterator<Item = (u16, u32, i32, i32, i32)>) -> Glyphs {
    glyphs
        .map(|(id, cl, ax, dx, dy)| (u32::from(id), cl, ax, dx, dy))
        .collect()
}

/// Shapes many texts with hb-shape, one process per distinct option set.
fn hb_shape(jobs: &[(Job, String)]) -> Vec<Glyphs> {
    let mut groups: BTreeMap<&Job, Vec<usize>> = BTreeMap::new();
    for (i, (job, _)) in jobs.iter().enumerate() {
        groups.entry(job).or_default().push(i);
    }
    let mut out = vec![Vec::new(); jobs.len()];
    for (job, indices) in groups {
        let mut cmd = Command::new("hb-shape");
        cmd.arg(format!(
            "--font-file={}",
            common::root().join("fonts").join(&job.font).display()
        ))
        .arg(format!(
            "--direction={}",
            if job.rtl { "rtl" } else { "ltr" }
        ))
        .arg("--language=ar")
        .arg("--cluster-level=1")
        .arg("--no-glyph-names")
        .arg("--output-format=json");
        if let Some(s) = job.script {
            cmd.arg(format!("--script={s}"));
        }
        if !job.before.is_empty() {
            cmd.arg(format!("--text-before={}", job.before));
        }
        if !job.after.is_empty() {
            cmd.arg(format!("--text-after={}", job.after));
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run hb-shape");
        let input: String = indices
            .iter()
            .map(|&i| format!("{}\n", jobs[i].1))
            .collect();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), indices.len(), "hb-shape output lines");
        for (&i, line) in indices.iter().zip(lines) {
            out[i] = parse_json(line);
        }
    }
    out
}

/// Parses hb-shape's JSON glyph list without a JSON library: objects of integer fields.
fn parse_json(line: &str) -> Glyphs {
    let mut glyphs = Vec::new();
    for obj in line
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split("},{")
    {
        let field = |name: &str| -> i64 {
            let key = format!("\"{name}\":");
            let start = obj.find(&key).unwrap_or_else(|| panic!("{name} in {obj}")) + key.len();
            let rest = &obj[start..];
            let end = rest
                .find(|c: char| c != '-' && !c.is_ascii_digit())
                .unwrap_or(rest.len());
            rest[..end].parse().unwrap()
        };
        if obj.trim_matches(|c| c == '{' || c == '}').is_empty() {
            continue;
        }
        glyphs.push((
            field("g") as u32,
            field("cl") as u32,
            field("ax") as i32,
            field("dx") as i32,
            field("dy") as i32,
        ));
    }
    glyphs
}

fn require_hb_shape() -> bool {
    if Command::new("hb-shape").arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("hb-shape is required in CI (Debian libharfbuzz-bin; .ci/run installs it)");
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: hb-shape not available (Debian libharfbuzz-bin)"
    );
    false
}

#[test]
fn every_line_run_matches_hb_shape() {
    if !require_hb_shape() {
        return;
    }
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let mut jobs = Vec::new();
    let mut ours = Vec::new();
    for measure in [180.0, 300.0] {
        for (_, layout) in layouts(&fonts, measure, Justify::Kashida) {
            for line in &layout.lines {
                for run in &line.runs {
                    let job = Job {
                        font: fonts.face(run.face).file.name.clone(),
                        rtl: run.rtl,
                        script: run.script.tag(),
                        before: run.context.0.clone(),
                        after: run.context.1.clone(),
                    };
                    jobs.push((job, run.shaped_text.clone()));
                    ours.push(tuples(
                        run.glyphs
                            .iter()
                            .map(|g| (g.id, g.cluster, g.x_advance, g.x_offset, g.y_offset)),
                    ));
                }
            }
        }
    }
    let theirs = hb_shape(&jobs);
    let mut kashida_runs = 0;
    for ((job, text), (a, b)) in jobs.iter().zip(ours.iter().zip(&theirs)) {
        assert_eq!(a, b, "run {text:?} ({}, rtl {})", job.font, job.rtl);
        kashida_runs += usize::from(text.contains('\u{0640}'));
    }
    assert!(jobs.len() > 500, "{} runs compared", jobs.len());
    assert!(
        kashida_runs > 50,
        "runs with inserted kashida compared: {kashida_runs}"
    );
}

#[test]
fn every_word_matches_hb_shape() {
    if !require_hb_shape() {
        return;
    }
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let mut jobs = Vec::new();
    let mut ours = Vec::new();
    for (text, _) in corpus() {
        for word in text.split_whitespace() {
            // A word alone, as one item of the engine's itemiser would be shaped when it is all one script.
            let arabic = word.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c));
            let latin = word.chars().any(|c| c.is_ascii_alphabetic());
            if arabic && latin {
                continue;
            }
            let (rtl, script) = if latin {
                (false, text::shape::RunScript::Latin)
            } else {
                (true, text::shape::RunScript::Arabic)
            };
            let spec = text::shape::ShapeSpec {
                face: text::FaceId::REGULAR,
                rtl,
                script,
                language: "ar",
                before: "",
                after: "",
            };
            let glyphs = text::shape::shape(
                &fonts,
                &spec,
                word.chars().enumerate().map(|(i, c)| (c, i as u32)),
            );
            ours.push(tuples(
                glyphs
                    .iter()
                    .map(|g| (g.id, g.cluster, g.x_advance, g.x_offset, g.y_offset)),
            ));
            let job = Job {
                font: "Amiri-Regular.ttf".into(),
                rtl,
                script: script.tag(),
                before: String::new(),
                after: String::new(),
            };
            jobs.push((job, word.to_string()));
        }
    }
    let theirs = hb_shape(&jobs);
    for ((_, word), (a, b)) in jobs.iter().zip(ours.iter().zip(&theirs)) {
        assert_eq!(a, b, "word {word:?}");
    }
    assert!(jobs.len() > 1000, "{}", jobs.len());
}

fn joins_forward(c: char) -> bool {
    matches!(
        get_joining_type(c),
        JoiningType::DualJoining | JoiningType::JoinCausing
    )
}

fn joins_backward(c: char) -> bool {
    matches!(
        get_joining_type(c),
        JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
    )
}

#[test]
fn layout_invariants_hold_on_both_corpora() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let mut lines_checked = 0;
    let mut kashidas = 0;
    for justify in [Justify::Kashida, Justify::Spaces] {
        for measure in [120.0, 180.0, 300.0] {
            for (text, layout) in layouts(&fonts, measure, justify) {
                let mut covered = String::new();
                for (k, line) in layout.lines.iter().enumerate() {
                    // The clusters of the line, in logical order, give back its text exactly.
                    let mut ranges: Vec<_> = line
                        .runs
                        .iter()
                        .flat_map(|r| r.glyphs.iter())
                        .filter(|g| !g.inserted)
                        .map(|g| g.text.clone())
                        .collect();
                    ranges.sort_by_key(|r| r.start);
                    ranges.dedup();
                    let joined: String = ranges.iter().map(|r| &text[r.clone()]).collect();
                    assert_eq!(joined, &text[line.range.clone()], "line {k} of {text:?}");
                    covered.push_str(&joined);
                    // Never wider than the measure; justified to it unless last.
                    assert!(
                        line.width <= measure + 0.01,
                        "{} > {measure}: {:?}",
                        line.width,
                        &text[line.range.clone()]
                    );
                    if !line.last {
                        assert!(
                            (line.width - measure).abs() <= 0.01,
                            "line {:?} is {} wide, not {measure}",
                            &text[line.range.clone()],
                            line.width
                        );
                    }
                    // Kashida only between letters that join, never inside lam-alef.
                    for run in &line.runs {
                        let chars: Vec<char> = run.shaped_text.chars().collect();
                        for (i, &c) in chars.iter().enumerate() {
                            if c != '\u{0640}'
                                || !run
                                    .glyphs
                                    .iter()
                                    .any(|g| g.inserted && g.cluster as usize == i)
                            {
                                continue;
                            }
                            kashidas += 1;
                            let before = chars[..i].iter().rev().find(|&&c| {
                                c != '\u{0640}' && get_joining_type(c) != JoiningType::Transparent
                            });
                            let after = chars[i + 1..].iter().find(|&&c| c != '\u{0640}');
                            let (Some(&b), Some(&a)) = (before, after) else {
                                panic!("kashida at a word edge in {:?}", run.shaped_text)
                            };
                            assert!(
                                joins_forward(b) && joins_backward(a),
                                "kashida between {b} and {a} in {:?}",
                                run.shaped_text
                            );
                            assert!(
                                !(b == 'ل' && matches!(a, 'ا' | 'أ' | 'إ' | 'آ')),
                                "kashida inside lam-alef in {:?}",
                                run.shaped_text
                            );
                            // Marks stay with their letter: the tatweel comes after them, never before one.
                            assert_ne!(
                                get_joining_type(a),
                                JoiningType::Transparent,
                                "kashida between a letter and its mark in {:?}",
                                run.shaped_text
                            );
                        }
                    }
                    lines_checked += 1;
                }
                // Nothing lost: the lines hold every non-space character of the paragraph.
                let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                assert_eq!(strip(&covered), strip(&text), "characters lost");
            }
        }
    }
    assert!(lines_checked > 1000, "{lines_checked}");
    assert!(kashidas > 100, "{kashidas}");
}

#[test]
fn total_fit_beats_greedy_on_the_sample_book() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    for justify in [Justify::Kashida, Justify::Spaces] {
        let stats = |breaker| {
            let opts = Options {
                measure: 300.0,
                justify,
                breaker,
                language: "ar".into(),
                justify_last: false,
                indent: 0.0,
            };
            let mut ratios = Vec::new();
            for (text, styles) in corpus().into_iter().take(40) {
                let l = text::layout(
                    &fonts,
                    &Paragraph {
                        text: &text,
                        styles,
                        direction: None,
                    },
                    &opts,
                );
                ratios.extend(l.lines.iter().filter(|l| !l.last).map(|l| l.ratio.abs()));
            }
            let worst = ratios.iter().copied().fold(0.0f32, f32::max);
            let mean = ratios.iter().sum::<f32>() / ratios.len() as f32;
            (worst, mean, ratios.len())
        };
        let (tw, tm, tn) = stats(Breaker::TotalFit);
        let (gw, gm, gn) = stats(Breaker::Greedy);
        let _ = writeln!(std::io::stderr(), "{justify:?}: total fit worst {tw:.3} mean {tm:.3} ({tn} lines); greedy worst {gw:.3} mean {gm:.3} ({gn} lines)");
        assert!(tw < gw, "worst stretch: total fit {tw} vs greedy {gw}");
        assert!(tm < gm, "mean stretch: total fit {tm} vs greedy {gm}");
    }
}

#[test]
fn a_word_longer_than_the_measure_is_broken_between_graphemes_never_lost() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let text = "https://example.org/a/very/long/path/that/cannot/fit/in/one/line كلمةطويلةجدابلامسافاتتتجاوزعرضالسطر";
    let opts = Options::new(60.0, Justify::Kashida, "ar");
    let l = text::layout(
        &fonts,
        &Paragraph::plain(text, text::FaceId::REGULAR, 12.0),
        &opts,
    );
    assert!(l.lines.len() >= 6, "{}", l.lines.len());
    let mut all = String::new();
    for line in &l.lines {
        assert!(line.width <= 60.01, "{}", line.width);
        all.push_str(&text[line.range.clone()]);
    }
    assert_eq!(all.replace(' ', ""), text.replace(' ', ""));
}

#[test]
fn missing_glyphs_are_reported() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let text = "نص 中 هنا";
    let opts = Options::new(300.0, Justify::Kashida, "ar");
    let l = text::layout(
        &fonts,
        &Paragraph::plain(text, text::FaceId::REGULAR, 12.0),
        &opts,
    );
    assert_eq!(l.missing, vec![(text.find('中').unwrap(), '中')]);
}

#[test]
fn marks_stay_inside_the_line_box_at_the_default_line_height() {
    // The default line height is the font's ascent + descent (+ line gap): a glyph drawn inside
    // [-descent, ascent] can never touch the line above or below.
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let mut marks = 0;
    for (text, layout) in layouts(&fonts, 180.0, Justify::Kashida) {
        for line in &layout.lines {
            for run in &line.runs {
                let face = fonts.face(run.face);
                for g in &run.glyphs {
                    let Some(bb) = face
                        .shaper
                        .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(g.id))
                    else {
                        continue;
                    };
                    let top = (f32::from(bb.y_max) + g.y_offset as f32) * run.scale;
                    let bottom = (f32::from(bb.y_min) + g.y_offset as f32) * run.scale;
                    assert!(
                        top <= line.ascent + 0.01,
                        "glyph {} of {:?} rises {top} above ascent {}",
                        g.id,
                        &text[line.range.clone()],
                        line.ascent
                    );
                    assert!(
                        -bottom <= line.descent + 0.01,
                        "glyph {} of {:?} falls {bottom} below descent {}",
                        g.id,
                        &text[line.range.clone()],
                        line.descent
                    );
                    marks += usize::from(
                        g.y_offset != 0
                            || text[g.text.clone()]
                                .chars()
                                .any(|c| ('\u{64B}'..='\u{652}').contains(&c)),
                    );
                }
            }
        }
    }
    assert!(marks > 100, "{marks}");
}

/// What a paragraph asks of a table column: its least width is its widest word (or number, or
/// date), measured as one line of it measures, and its natural width its widest line when only its
/// hard breaks end lines.
#[test]
fn content_widths_are_the_widest_word_and_the_widest_unbroken_line() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let width = |t: &str| {
        let opts = Options::new(10_000.0, Justify::None, "ar");
        let l = text::layout(
            &fonts,
            &Paragraph::plain(t, text::FaceId::REGULAR, 11.0),
            &opts,
        );
        l.lines.iter().map(|l| l.width).fold(0.0f32, f32::max)
    };
    let widths = |t: &str| {
        text::content_widths(
            &fonts,
            &Paragraph::plain(t, text::FaceId::REGULAR, 11.0),
            "ar",
        )
    };
    let (least, natural) = widths("في سمرقند عام 751 للميلاد");
    let widest = ["في", "سمرقند", "عام", "751", "للميلاد"]
        .map(width)
        .into_iter()
        .fold(0.0f32, f32::max);
    assert!((least - widest).abs() < 0.01, "{least} {widest}");
    assert!((natural - width("في سمرقند عام 751 للميلاد")).abs() < 0.01);
    // A date is one piece; a hard break ends the natural line.
    let (least, _) = widths("12/5/2024 و2015-2016");
    assert!(least >= width("12/5/2024") - 0.01, "{least}");
    let (_, natural) = widths("سطر أول طويل نسبيا\nقصير");
    assert!(
        (natural - width("سطر أول طويل نسبيا")).abs() < 0.01,
        "{natural}"
    );
}

/// A first-line indent: the first line is set that much shorter, justified to what is left; the
/// others take the whole measure.
#[test]
fn a_first_line_indent_shortens_the_first_line_only() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    for justify in [Justify::Kashida, Justify::Spaces] {
        let mut opts = Options::new(250.0, justify, "ar");
        opts.indent = 22.0;
        let mut checked = 0;
        for (text, styles) in corpus().into_iter().take(30) {
            let para = Paragraph {
                text: &text,
                styles,
                direction: None,
            };
            let l = layout(&fonts, &para, &opts);
            if l.lines.len() < 3 {
                continue;
            }
            checked += 1;
            let first = &l.lines[0];
            assert!(
                (first.width - 228.0).abs() < 0.05,
                "{justify:?}: the first line is {} wide, not 228: {text}",
                first.width
            );
            for line in &l.lines[1..l.lines.len() - 1] {
                assert!(
                    (line.width - 250.0).abs() < 0.05,
                    "{justify:?}: {}",
                    line.width
                );
            }
        }
        assert!(checked > 5, "{checked} paragraphs of three lines or more");
    }
}

/// With `justify_last`, a paragraph's last line (a hemistich of verse) is justified to the measure too:
/// by tatweels first with kashida justification, by spaces otherwise.
#[test]
fn justify_last_stretches_a_single_line_to_the_measure() {
    let set = fonts_and_set();
    let fonts = Fonts::new(&set).unwrap();
    let text = "إِذا الشَعبُ يَوماً أَرادَ الحَياةَ";
    let para = Paragraph::plain(text, publish::text::FaceId::REGULAR, 11.0);
    let natural = layout(&fonts, &para, &Options::new(1000.0, Justify::None, "ar")).lines[0].width;
    for (justify, kashidas) in [(Justify::Kashida, true), (Justify::Spaces, false)] {
        let mut opts = Options::new(natural + 12.0, justify, "ar");
        opts.justify_last = true;
        let l = layout(&fonts, &para, &opts);
        assert_eq!(l.lines.len(), 1);
        assert!(
            (l.lines[0].width - (natural + 12.0)).abs() < 0.05,
            "{justify:?}: {} for {}",
            l.lines[0].width,
            natural + 12.0
        );
        assert_eq!(l.lines[0].kashidas > 0, kashidas, "{justify:?}");
        // Without it, the last line keeps its natural width.
        let l = layout(&fonts, &para, &Options::new(natural + 12.0, justify, "ar"));
        assert!((l.lines[0].width - natural).abs() < 0.05);
    }
}
