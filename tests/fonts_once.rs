//! A build parses the book's faces once: loading checks the manuscript's fonts with the same parse the
//! editions then set their text with (the PDF and the EPUB's cover), and no writer parses them again.
//! (Its own test binary: the count is per process, and no other test runs beside it.)

mod common;

use std::sync::atomic::Ordering;

use publish::text::fonts::PARSES;

#[test]
fn both_editions_of_a_book_parse_its_faces_once() {
    for manuscript in [common::sample(), common::everything()] {
        let loaded = publish::pipeline::book_with_env(&manuscript, Some("0")).unwrap();
        let before = PARSES.load(Ordering::Relaxed);
        let fonts = loaded.fonts().unwrap().expect("TrueType faces");
        publish::epub::write(&loaded.book, Some(&fonts)).unwrap();
        publish::pdf::write(&loaded.book, &fonts).unwrap();
        assert_eq!(
            PARSES.load(Ordering::Relaxed) - before,
            1,
            "{}",
            manuscript.display()
        );
    }
}
