//! Bidi: numbers and Latin words inside Arabic lines come out in the order a browser shows them.
//!
//! Each case is laid out by the text engine on one line; the visual order of its characters (left to
//! right) is compared with the order headless Chromium draws them in (the x position of every
//! character, measured with DOM ranges). Chromium is the reference reader here; `.ci/run` installs it.

mod common;

use std::io::Write;
use std::process::Command;

use publish::model::Direction;
use publish::text::{self, FaceId, Fonts, Justify, Options, Paragraph};

/// (text, base direction: `None` = from the first strong character)
const CASES: &[(&str, Option<Direction>)] = &[
    (
        "بين روسيا وتركيا في 2015-2016،وإطلاق عملية مينسك",
        Some(Direction::Rtl),
    ),
    ("إلى 15٪ بحلول عام 2030،ونحن نشارك", Some(Direction::Rtl)),
    (
        "تنعكس أهداف وغايات (CICA) في اسم الهيكل ذاته",
        Some(Direction::Rtl),
    ),
    (
        "أصبح جائحة COVID-19 تحديا عالميا جديدا",
        Some(Direction::Rtl),
    ),
    (
        "الفترة ٢٠٢٠-٢٠٣٠ والعدد 380 مليار دولار",
        Some(Direction::Rtl),
    ),
    (
        "برنامج UNESCO ومدينة New York في نص عربي",
        Some(Direction::Rtl),
    ),
    ("قال: «مرحبا» ثم (هذا [ذاك]) انتهى.", Some(Direction::Rtl)),
    (
        "The share will reach 15% by 2030 (CICA), says COVID-19 report.",
        None,
    ),
    ("English first, ثم نص عربي بعده 2022.", None),
];

/// Logical character indices in the order the engine draws them, left to right.
fn engine_order(fonts: &Fonts, text: &str, dir: Option<Direction>) -> Vec<usize> {
    let para = Paragraph {
        direction: dir,
        ..Paragraph::plain(text, FaceId::REGULAR, 12.0)
    };
    let layout = text::layout(fonts, &para, &Options::new(10_000.0, Justify::None, "ar"));
    assert_eq!(layout.lines.len(), 1);
    let char_index = |byte: usize| text[..byte].chars().count();
    let mut order = Vec::new();
    for run in &layout.lines[0].runs {
        let mut last = None;
        for g in &run.glyphs {
            if g.inserted || last == Some(g.text.start) {
                continue;
            }
            last = Some(g.text.start);
            let mut chars: Vec<usize> =
                (char_index(g.text.start)..char_index(g.text.end)).collect();
            if run.rtl {
                chars.reverse();
            }
            order.extend(chars);
        }
    }
    order
}

fn chromium_orders() -> Option<Vec<Vec<usize>>> {
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        if std::env::var_os("CI").is_some() {
            panic!("Chromium is required in CI (.ci/run installs Debian's chromium)");
        }
        let _ = writeln!(std::io::stderr(), "SKIPPED: chromium not available");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut html = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
    for (i, (text, dir)) in CASES.iter().enumerate() {
        let d = match dir {
            Some(Direction::Rtl) => "rtl",
            Some(Direction::Ltr) => "ltr",
            None => "auto",
        };
        html.push_str(&format!(
            "<p id=\"c{i}\" dir=\"{d}\" style=\"white-space:nowrap;font-size:40px\">{text}</p>"
        ));
    }
    html.push_str(
        "<pre id=\"out\"></pre><script>
        const out = [];
        for (const p of document.querySelectorAll('p')) {
          const node = p.firstChild, chars = [];
          for (let i = 0; i < node.length; i++) {
            const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
            const b = r.getBoundingClientRect(); chars.push([b.left + b.width / 2, i]);
          }
          chars.sort((a, b) => a[0] - b[0]);
          out.push(chars.map(c => c[1]).join(','));
        }
        document.getElementById('out').textContent = 'ORDERS\\n' + out.join('\\n') + '\\nEND';
        </script></body></html>",
    );
    let page = dir.path().join("bidi.html");
    std::fs::write(&page, html).unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("ORDERS\n").unwrap_or_else(|| {
        panic!(
            "no result from chromium: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + 7;
    let end = dom[start..].find("\nEND").unwrap() + start;
    Some(
        dom[start..end]
            .lines()
            .map(|l| l.split(',').map(|n| n.parse().unwrap()).collect())
            .collect(),
    )
}

#[test]
fn numbers_and_latin_inside_arabic_are_ordered_as_in_a_browser() {
    let Some(reference) = chromium_orders() else {
        return;
    };
    let set = publish::fonts::bundled();
    let fonts = Fonts::new(&set).unwrap();
    assert_eq!(reference.len(), CASES.len());
    for ((text, dir), expected) in CASES.iter().zip(reference) {
        let ours = engine_order(&fonts, text, *dir);
        let shown = |order: &[usize]| -> String {
            let chars: Vec<char> = text.chars().collect();
            order.iter().map(|&i| chars[i]).collect()
        };
        assert_eq!(
            ours,
            expected,
            "{text}\n engine:   {}\n chromium: {}",
            shown(&ours),
            shown(&expected)
        );
    }
}

#[test]
fn an_english_paragraph_is_laid_out_left_to_right() {
    let set = publish::fonts::bundled();
    let fonts = Fonts::new(&set).unwrap();
    let text = "This paragraph is English only.";
    let order = engine_order(&fonts, text, None);
    assert_eq!(order, (0..text.chars().count()).collect::<Vec<_>>());
    let opts = Options::new(500.0, Justify::None, "ar");
    assert!(
        !text::layout(
            &fonts,
            &Paragraph::plain(text, FaceId::REGULAR, 12.0),
            &opts
        )
        .rtl
    );
}
