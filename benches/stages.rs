//! Benchmarks of the sample book by stage, so that a regression shows where it is: `load` (the
//! manuscript read, checked and turned into the book model, facts and appendix included), `facts` (the
//! facts of the text alone), `text engine` (shaping and breaking every paragraph, kashida
//! justification, at an A5 page's measure; and long runs with no break), `page composition` (the book
//! laid out on pages), `PDF writing` (the composed pages written as PDF), `EPUB writing` (the whole EPUB
//! with its rendered cover, and the cover alone). Run with `cargo bench`; one stage with
//! `cargo bench -- 'page composition'`. The book-scale figures (a 60-chapter book, time and memory per
//! edition, Typst beside them) come from `python3 benches/book.py`.

use criterion::{criterion_group, criterion_main, Criterion};

use publish::model::Inline;
use publish::pdf::pages::styled;
use publish::text::{self, Breaker, Fonts, Justify, Options, Paragraph};

fn paragraphs() -> (publish::model::Book, Vec<(String, Vec<text::StyleSpan>)>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let book = publish::pipeline::book(&root).expect("sample book").book;
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
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    c.bench_function("load: sample book, with facts and appendix", |b| {
        b.iter(|| publish::pipeline::book(&root).unwrap().book.facts.len())
    });
    c.bench_function("facts: sample book's text", |b| {
        b.iter(|| publish::facts::collect(&book).len())
    });
    for (name, justify, breaker) in [
        (
            "text engine: sample book, total-fit, kashida",
            Justify::Kashida,
            Breaker::TotalFit,
        ),
        (
            "text engine: sample book, total-fit, spaces",
            Justify::Spaces,
            Breaker::TotalFit,
        ),
        (
            "text engine: sample book, greedy, kashida",
            Justify::Kashida,
            Breaker::Greedy,
        ),
    ] {
        let opts = Options {
            measure: 298.0,
            justify,
            breaker,
            language: "ar".into(),
            justify_last: false,
            indent: 0.0,
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
        c.bench_function(
            &format!("text engine: a run of {n} digits with no break"),
            |b| {
                b.iter(|| {
                    let para = Paragraph::plain(&run, text::FaceId::REGULAR, 11.0);
                    text::layout(&fonts, &para, &opts).lines.len()
                })
            },
        );
    }
    c.bench_function("page composition: sample book", |b| {
        b.iter(|| publish::pdf::compose(&book, &fonts).pages.len())
    });
    let pages = publish::pdf::compose(&book, &fonts);
    c.bench_function("PDF writing: sample book", |b| {
        b.iter_batched(
            || pages.clone(),
            |pages| publish::pdf::render(&book, pages, &fonts).unwrap().len(),
            criterion::BatchSize::LargeInput,
        )
    });
    c.bench_function("EPUB writing: sample book, cover included", |b| {
        b.iter(|| publish::epub::write(&book, Some(&fonts)).unwrap().len())
    });
    c.bench_function("EPUB writing: the cover alone", |b| {
        b.iter(|| publish::cover::render(&book, &fonts).unwrap().len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
