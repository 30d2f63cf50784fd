//! Benchmarks on the sample book: the text engine shaping and breaking every paragraph (with kashida
//! justification) at the width of an A5 page's text block; loading the manuscript (with its facts and
//! appendix); the facts alone; the whole EPUB and the whole PDF. Run with `cargo bench`.

use criterion::{criterion_group, criterion_main, Criterion};

use publish::model::Inline;
use publish::text::{self, styled, Breaker, Fonts, Justify, Options, Paragraph};

fn paragraphs() -> (publish::model::Book, Vec<(String, Vec<text::StyleSpan>)>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let book = publish::load::load(&root).expect("sample book").book;
    let mut out = Vec::new();
    for chapter in &book.chapters {
        out.push(styled::flatten(&chapter.title, 18.0, "ar"));
        for block in &chapter.blocks {
            block.visit_inlines(&mut |inlines: &[Inline]| {
                out.push(styled::flatten(inlines, 11.0, "ar"))
            });
        }
    }
    (book, out)
}

fn bench(c: &mut Criterion) {
    let (book, paras) = paragraphs();
    let fonts = Fonts::new(&book.fonts).unwrap();
    for (name, justify, breaker) in [
        (
            "sample book: shape, total-fit, kashida",
            Justify::Kashida,
            Breaker::TotalFit,
        ),
        (
            "sample book: shape, total-fit, spaces",
            Justify::Spaces,
            Breaker::TotalFit,
        ),
        (
            "sample book: shape, greedy, kashida",
            Justify::Kashida,
            Breaker::Greedy,
        ),
    ] {
        let opts = Options {
            measure: 298.0,
            justify,
            breaker,
            language: "ar".into(),
        };
        c.bench_function(name, |b| {
            b.iter(|| {
                let mut lines = 0;
                for (text, styles) in &paras {
                    let l = text::layout(
                        &fonts,
                        &Paragraph {
                            text,
                            styles: styles.clone(),
                            direction: None,
                        },
                        &opts,
                    );
                    lines += l.lines.len();
                }
                lines
            })
        });
    }
    // A run with no break opportunity (digits, or a word with no space) is broken between graphemes;
    // its cost grows with its length.
    for n in [10_000, 100_000] {
        let run = "1234567890".repeat(n / 10);
        let opts = Options::new(298.0, Justify::Kashida, "ar");
        c.bench_function(&format!("a run of {n} digits with no break: layout"), |b| {
            b.iter(|| {
                let para = Paragraph::plain(&run, text::FaceId::Regular, 11.0);
                text::layout(&fonts, &para, &opts).lines.len()
            })
        });
    }
    c.bench_function("sample book: EPUB with rendered cover", |b| {
        b.iter(|| {
            let fonts = text::Fonts::new(&book.fonts).unwrap();
            publish::epub::write(&book, Some(&fonts)).unwrap().len()
        })
    });
    c.bench_function("sample book: PDF", |b| {
        b.iter(|| {
            let fonts = text::Fonts::new(&book.fonts).unwrap();
            publish::pdf::write(&book, &fonts).unwrap().len()
        })
    });
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    c.bench_function("sample book: load with facts and appendix", |b| {
        b.iter(|| publish::load::load(&root).unwrap().book.facts.len())
    });
    c.bench_function("sample book: facts of the text", |b| {
        b.iter(|| publish::facts::collect(&book).len())
    });
    c.bench_function("cover alone", |b| {
        b.iter(|| {
            let fonts = text::Fonts::new(&book.fonts).unwrap();
            publish::cover::render(&book, &fonts).unwrap().len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
