//! Mangled manuscripts: whatever the author's files hold, loading ends in a book or an error that
//! names a file, never a panic, and a book that loads builds both editions.

mod common;

use common::*;

/// A fixed xorshift sequence: the same cases every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn mangled_chapters_load_to_a_book_or_an_error_and_every_book_builds() {
    let d = tempfile::tempdir().unwrap();
    let m = d.path().join("m");
    copy_dir(&everything(), &m);
    let chapters = ["01-text.md", "02-structure.md", "03-notes.md"];
    let originals: Vec<Vec<char>> = chapters
        .iter()
        .map(|c| {
            std::fs::read_to_string(m.join(c))
                .unwrap()
                .chars()
                .collect()
        })
        .collect();
    // Pieces that open and close Markdown, HTML, links, notes, tables and numbers.
    let pieces = [
        "*",
        "**",
        "`",
        "```\n",
        "[",
        "](",
        ")",
        "[^first]",
        "[^x]: ",
        "<sup>",
        "</sup>",
        "<b>",
        "|",
        "\n| a | b |\n|---|---|\n",
        "# ",
        "## ",
        "{#p-1}",
        "{#fact-1}",
        "\n\n",
        "> ",
        "- ",
        "1. ",
        "![",
        "](images/none.png)",
        "&",
        "&#x0;",
        "\u{200F}",
        "ً",
        "٣٠٬٠",
        "2 يوليو",
        "15٪",
        "\u{0}",
    ];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut books, mut errors, mut built) = (0, 0, 0);
    for round in 0..400 {
        let k = rng.below(chapters.len());
        let mut text = originals[k].clone();
        for _ in 0..1 + rng.below(5) {
            let at = rng.below(text.len() + 1);
            match rng.below(3) {
                0 => {
                    let end = (at + rng.below(60)).min(text.len());
                    text.drain(at..end);
                }
                1 => {
                    let piece = pieces[rng.below(pieces.len())];
                    text.splice(at..at, piece.chars());
                }
                _ => {
                    let from = rng.below(text.len());
                    let end = (from + rng.below(120)).min(text.len());
                    let copy: Vec<char> = text[from..end].to_vec();
                    let at = at.min(text.len());
                    text.splice(at..at, copy);
                }
            }
        }
        let path = m.join(chapters[k]);
        std::fs::write(&path, text.iter().collect::<String>()).unwrap();
        match publish::pipeline::book_with_env(&m, None) {
            Ok(loaded) => {
                books += 1;
                // Building is slower: every 25th round that loads makes both editions.
                if round % 25 == 0 {
                    let fonts = loaded.fonts().unwrap().unwrap();
                    publish::epub::write(&loaded.book, Some(&fonts)).unwrap();
                    publish::pdf::write(&loaded.book, &fonts).unwrap();
                    built += 1;
                }
            }
            Err(e) => {
                errors += 1;
                let shown = e.to_string();
                assert!(
                    shown.contains(".md") || shown.contains("book.toml"),
                    "{shown}"
                );
            }
        }
        std::fs::write(&path, originals[k].iter().collect::<String>()).unwrap();
    }
    assert!(
        books > 50 && errors > 10 && built > 5,
        "books {books}, errors {errors}, built {built}"
    );
}
