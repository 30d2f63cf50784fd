//! Tests of `book.toml`'s reading and checks.

use super::*;
use crate::model::{Digits, JustifyMode};

fn parse(text: &str) -> Result<Config> {
    Config::parse(Path::new("m/book.toml"), text)
}

#[test]
fn minimal_book_gets_arabic_defaults() {
    let c = parse("[book]\ntitle = \"كتاب\"\n").unwrap();
    assert_eq!(c.language, "ar");
    assert_eq!(c.direction, Direction::Rtl);
    assert_eq!(c.epub.toc_depth, 2);
    assert!(c.identifier.is_none());
}

#[test]
fn english_book_is_left_to_right() {
    let c = parse("[book]\ntitle = \"A\"\nlanguage = \"en-GB\"\n").unwrap();
    assert_eq!(c.direction, Direction::Ltr);
}

#[test]
fn authors_may_be_names_or_tables() {
    let c =
        parse("[book]\ntitle = \"A\"\nauthors = [\"x\", { name = \"y\", affiliation = \"z\" }]\n")
            .unwrap();
    assert_eq!(
        c.authors[0],
        Author {
            name: "x".into(),
            affiliation: None
        }
    );
    assert_eq!(c.authors[1].affiliation.as_deref(), Some("z"));
}

#[test]
fn unknown_key_is_named_with_its_line() {
    let e = parse("[book]\ntitle = \"A\"\ncolour = \"red\"\n").unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.contains("colour"), "{e}");
    let e = parse("[book]\ntitle = \"A\"\n[printing]\nx = 1\n").unwrap_err();
    assert!(e.message.contains("print"), "{e}");
}

#[test]
fn facts_settings_choose_kinds_and_quotations_and_name_an_unknown_kind() {
    let c = parse("[book]\ntitle = \"A\"\n").unwrap();
    assert_eq!(c.facts, FactSettings::default());
    assert!(!c.facts.quotations);
    let c =
        parse("[book]\ntitle = \"A\"\n[facts]\nkinds = [\"year\", \"money\"]\nquotations = true\n")
            .unwrap();
    assert_eq!(c.facts.kinds, [FactKind::Year, FactKind::Money]);
    assert!(c.facts.quotations);
    let e =
        parse("[book]\ntitle = \"A\"\n[facts]\nkinds = [\"year\",\n  \"years\"]\n").unwrap_err();
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.message.contains("`years`"), "{e}");
    assert!(e.to_string().contains("year-range"), "{e}");
    let e = parse("[book]\ntitle = \"A\"\n[facts]\nkinds = []\n").unwrap_err();
    assert!(e.message.contains("empty"), "{e}");
    let e = parse("[book]\ntitle = \"A\"\n[facts]\nquotation = true\n").unwrap_err();
    assert!(e.message.contains("quotation"), "{e}");
}

#[test]
fn syntax_error_reports_the_line() {
    let e = parse("[book]\ntitle = \"A\"\n\nsubtitle = \n").unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn missing_title_is_an_error() {
    let e = parse("[book]\nsubtitle = \"A\"\n").unwrap_err();
    assert!(e.message.contains("title"), "{e}");
}

#[test]
fn bad_values_are_rejected_with_lines() {
    let e = parse("[book]\ntitle = \"A\"\ndate = \"2022-13-01\"\n").unwrap_err();
    assert_eq!(e.line, Some(3));
    let e = parse("[book]\ntitle = \"A\"\nlanguage = \"arabic language\"\n").unwrap_err();
    assert_eq!(e.line, Some(3));
    let e = parse("[book]\ntitle = \"A\"\nslug = \"../x\"\n").unwrap_err();
    assert_eq!(e.line, Some(3));
    let e = parse("[book]\ntitle = \"A\"\n[epub]\ntoc_depth = 9\n").unwrap_err();
    assert_eq!(e.line, Some(4));
}

#[test]
fn pdf_settings_have_book_defaults_and_are_checked() {
    let c = parse("[book]\ntitle = \"A\"\n").unwrap();
    assert_eq!((c.pdf.width_mm, c.pdf.height_mm), (148.0, 210.0));
    assert_eq!(c.pdf.digits, Digits::ArabicIndic);
    assert_eq!(c.pdf.justify, JustifyMode::Kashida);
    let c = parse("[book]\ntitle = \"A\"\nlanguage = \"en\"\n[pdf]\npaper = \"A4\"\nfont_size = 10\ndigits = \"western\"\n").unwrap();
    assert_eq!(
        (c.pdf.width_mm, c.pdf.height_mm, c.pdf.font_size),
        (210.0, 297.0, 10.0)
    );
    assert_eq!(c.pdf.justify, JustifyMode::Spaces);
    let e = parse("[book]\ntitle = \"A\"\n[pdf]\npaper = \"B7\"\n").unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    let e = parse("[book]\ntitle = \"A\"\n[pdf]\nfont_size = 2\n").unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    let e = parse("[book]\ntitle = \"A\"\n[pdf]\ncolour = 1\n").unwrap_err();
    assert!(e.message.contains("colour"), "{e}");
    let e = parse("[book]\ntitle = \"A\"\n[pdf]\njustify = \"wide\"\n").unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn dates() {
    assert!(is_date("2022"));
    assert!(is_date("2022-07"));
    assert!(is_date("2024-02-29"));
    assert!(!is_date("2023-02-29"));
    assert!(!is_date("22-07-02"));
    assert!(!is_date("July 2022"));
}

#[test]
fn every_error_of_the_file_is_reported_each_at_its_line() {
    let text =
        "[book]\ntitle = \"A\"\ncolour = \"red\"\nlanguage = \"arabic\"\ndate = \"2026-02-30\"\n\
                [pdf]\npaper = \"A3\"\nfont_size = \"11\"\njustify = \"wide\"\n[printing]\nx = 1\n";
    let (_, errors) = Config::parse_all(Path::new("m/book.toml"), text);
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(errors.len(), 7, "{errors:#?}");
    for line in [3, 4, 5, 7, 8, 9, 10] {
        assert!(lines.contains(&Some(line)), "line {line}: {errors:#?}");
    }
    let e = Config::parse(Path::new("m/book.toml"), text).unwrap_err();
    assert_eq!(e.all().count(), 7);
}

#[test]
fn each_message_says_what_is_wrong_and_what_to_do() {
    let message = |text: &str| {
        let e = parse(&format!("[book]\ntitle = \"A\"\n{text}")).unwrap_err();
        assert_eq!(e.all().count(), 1, "{e:?}");
        e.to_string()
    };
    let e = message("[pdf]\nfont_size = \"11\"\n");
    assert!(
        e.contains("font_size") && e.contains("remove the quotes"),
        "{e}"
    );
    let e = message("[pdf]\npaper = \"A3\"\n");
    assert!(e.contains("\"A3\"") && !e.contains("a3"), "{e}");
    let e = message("date = \"2026-02-30\"\n");
    assert!(
        e.contains("no day 30") && !e.contains("29") && e.contains("28 days"),
        "{e}"
    );
    let e = message("date = \"2024-02-30\"\n");
    assert!(e.contains("29 days"), "{e}");
    let e = message("date = \"2026-13\"\n");
    assert!(e.contains("no month 13"), "{e}");
    let e = message("language = \"arabic\"\n");
    assert!(e.contains("language = \"ar\""), "{e}");
    let e = message("language = \"klingon\"\n");
    assert!(e.contains("BCP 47") && e.contains("\"ar\""), "{e}");
    assert!(parse("[book]\ntitle = \"A\"\nlanguage = \"ar-EG\"\n").is_ok());
    assert!(parse("[book]\ntitle = \"A\"\nlanguage = \"ckb-Arab-IQ\"\n").is_ok());
    let e = parse("[book]\nsubtitle = \"A\"\n").unwrap_err();
    assert!(e.to_string().contains("`title = "), "{e}");
}

#[test]
fn a_syntax_error_does_not_hide_the_others() {
    let text = "[book]\ntitle = \"A\"\nsubtitle = \ncolour = 1\n[pdf]\nfont_size = 99\n";
    let (_, errors) = Config::parse_all(Path::new("m/book.toml"), text);
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert!(lines.contains(&Some(3)), "{errors:#?}");
    assert!(lines.contains(&Some(6)), "{errors:#?}");
}

#[test]
fn a_key_in_error_is_not_also_missing() {
    let (_, errors) = Config::parse_all(Path::new("m/book.toml"), "[book]\ntitle = 1984\n");
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn print_settings_take_a_service_a_trim_and_bleed() {
    use crate::model::{Paper, PrintService};
    let c = parse("[book]\ntitle = \"A\"\n").unwrap();
    assert!(c.print.is_none());
    let c = parse("[book]\ntitle = \"A\"\n[print]\n").unwrap();
    let p = c.print.unwrap();
    assert_eq!(p.service, PrintService::Generic);
    assert_eq!(p.trim_mm, (148.0, 210.0), "the [pdf] page by default");
    assert!(!p.bleed && p.paper == Paper::White);
    let c = parse(
        "[book]\ntitle = \"A\"\n[print]\nservice = \"kdp\"\ntrim = \"6x9in\"\npaper = \"cream\"\nbleed = true\n",
    )
    .unwrap();
    let p = c.print.unwrap();
    assert_eq!(p.service, PrintService::Kdp);
    assert!((p.trim_mm.0 - 152.4).abs() < 0.01 && (p.trim_mm.1 - 228.6).abs() < 0.01);
    assert!(p.bleed && p.paper == Paper::Cream);
    assert_eq!(values::trim_size("148x210mm"), Some((148.0, 210.0)));
    assert_eq!(
        values::trim_size("5.5 x 8.5 in").map(|t| t.0.round()),
        Some(140.0)
    );
    assert_eq!(values::trim_size("6x9"), None);
    assert_eq!(values::trim_size("1x9in"), None);
}

#[test]
fn kdp_asks_a_binding_margin_that_grows_with_the_pages() {
    use crate::model::PrintService;
    let kdp = PrintService::Kdp;
    let steps = [
        (24, 0.375),
        (150, 0.375),
        (151, 0.5),
        (300, 0.5),
        (301, 0.625),
        (500, 0.625),
    ];
    for (pages, inches) in steps {
        assert_eq!(kdp.binding_margin_in(pages), inches, "{pages} pages");
    }
    assert_eq!(kdp.binding_margin_in(701), 0.875);
    assert_eq!(PrintService::Ingram.binding_margin_in(800), 0.5);
    assert_eq!(kdp.edge_margin_in(false), 0.25);
    assert_eq!(kdp.edge_margin_in(true), 0.375);
    assert!(!kdp.bleeds_at_binding() && PrintService::Lulu.bleeds_at_binding());
}
