//! The checks of `book.toml`'s values, each on its own: a value in error is reported and left at its
//! default, so that every error of the file is found in one reading.

use std::ops::Range;

use toml::Spanned;

use super::raw::RawPdf;
use crate::error::Error;
use crate::model::{ChapterStart, Digits, JustifyMode, NoteNumbering, NotePlacement, PdfSettings};

/// Validates `[pdf]` and fills in its defaults (A5, 11 pt, Arabic-Indic digits and kashida for
/// Arabic); each value in error goes to `push` and is left at its default.
pub(super) fn pdf_config(
    raw: &RawPdf,
    language: &str,
    at: &dyn Fn(Range<usize>, String, &str) -> Error,
    push: &mut dyn FnMut(Error),
    paper_in_error: bool,
) -> PdfSettings {
    let mut sizes_in_error = paper_in_error;
    let (mut width, mut height) = (148.0f32, 210.0f32);
    if let Some(paper) = &raw.paper {
        match paper.get_ref().trim().to_ascii_lowercase().as_str() {
            "a5" => (width, height) = (148.0, 210.0),
            "a4" => (width, height) = (210.0, 297.0),
            "letter" => (width, height) = (215.9, 279.4),
            _ => {
                sizes_in_error = true;
                push(at(
                    paper.span(),
                    format!(
                        "`paper` = {:?} is not a paper size publish knows",
                        paper.get_ref()
                    ),
                    "use \"A5\", \"A4\" or \"Letter\", or give `width` and `height` in millimetres",
                ))
            }
        }
    }
    let mut out_of_range = false;
    let mut number = |v: &Option<Spanned<f64>>, name: &str, lo: f64, hi: f64, default: f32| match v
    {
        None => default,
        Some(s) if (lo..=hi).contains(s.get_ref()) => *s.get_ref() as f32,
        Some(s) => {
            push(at(
                s.span(),
                format!("`{name}` = {} is out of range", s.get_ref()),
                &format!("use a value from {lo} to {hi}"),
            ));
            out_of_range = true;
            default
        }
    };
    width = number(&raw.width, "width", 50.0, 1000.0, width);
    height = number(&raw.height, "height", 50.0, 1000.0, height);
    let mut margins = [
        number(&raw.margin_top, "margin_top", 5.0, 100.0, 18.0),
        number(&raw.margin_bottom, "margin_bottom", 5.0, 100.0, 20.0),
        number(&raw.margin_inner, "margin_inner", 5.0, 100.0, 20.0),
        number(&raw.margin_outer, "margin_outer", 5.0, 100.0, 15.0),
    ];
    let font_size = number(&raw.font_size, "font_size", 6.0, 36.0, 11.0);
    let line_height = number(&raw.line_height, "line_height", 1.0, 3.0, 1.8);
    let indent = number(&raw.indent, "indent", 0.0, 5.0, 1.0);
    // The room is judged only when every size and number holds: one in error stands at its default,
    // which says nothing of the page meant (a font size out of range is reported, the room not).
    let room_in_doubt = sizes_in_error || out_of_range;
    if !room_in_doubt
        && (margins[2] + margins[3] > width * 0.6 || margins[0] + margins[1] > height * 0.6)
    {
        let span = raw
            .margin_inner
            .as_ref()
            .or(raw.margin_top.as_ref())
            .map(|s| s.span())
            .unwrap_or(0..0);
        push(at(
            span,
            "the margins leave too little room for text".into(),
            "make the margins smaller or the paper larger",
        ));
        margins = [18.0, 20.0, 20.0, 15.0];
    }
    let arabic = crate::locale::is_arabic(language);
    let ornament = match &raw.ornament {
        None => "* * *".to_string(),
        Some(o) if o.get_ref().trim().is_empty() || o.get_ref().chars().count() > 12 => {
            push(at(
                o.span(),
                format!("`ornament` = {:?} cannot be drawn as a break", o.get_ref()),
                "give one to twelve characters, such as \"* * *\" or \"❁\"",
            ));
            "* * *".to_string()
        }
        Some(o) => o.get_ref().trim().to_string(),
    };
    PdfSettings {
        width_mm: width,
        height_mm: height,
        margins_mm: margins,
        font_size,
        line_height,
        digits: raw.digits.unwrap_or(if arabic {
            Digits::ArabicIndic
        } else {
            Digits::Western
        }),
        justify: raw.justify.unwrap_or(if arabic {
            JustifyMode::Kashida
        } else {
            JustifyMode::Spaces
        }),
        notes: raw.notes.unwrap_or(NotePlacement::Page),
        note_numbering: raw.note_numbering.unwrap_or(NoteNumbering::Chapter),
        indent,
        chapter_start: raw.chapter_start.unwrap_or(ChapterStart::Recto),
        ornament,
    }
}

/// Language names an author may write where the tag belongs, with their tags.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("spanish", "es"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("urdu", "ur"),
    ("turkish", "tr"),
    ("kurdish", "ckb"),
    ("pashto", "ps"),
    ("العربية", "ar"),
    ("عربي", "ar"),
    ("عربية", "ar"),
];

/// A BCP 47 check of what a book's language can be: a primary language subtag of 2 or 3 letters
/// (ISO 639; the longer forms the grammar reserves name no language in use), then subtags of 1-8
/// letters or digits (script, region, variants). `Err` holds the advice.
pub(super) fn language_tag(tag: &str) -> Result<(), String> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    let well_formed = (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if well_formed {
        return Ok(());
    }
    let lower = tag.trim().to_lowercase();
    match LANGUAGE_NAMES.iter().find(|(name, _)| *name == lower) {
        Some((_, code)) => Err(format!(
            "write the language's code, not its name: `language = \"{code}\"`"
        )),
        None => Err(
            "use a language code such as \"ar\" (Arabic), \"ar-EG\" (Arabic as written in Egypt), \"fa\" or \"en\""
                .to_string(),
        ),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
pub fn is_date(s: &str) -> bool {
    date(s).is_ok()
}

/// Checks a `date`: `Err` holds what is wrong (after the value) and what to do.
pub(super) fn date(s: &str) -> Result<(), (String, String)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.chars().all(|c| c.is_ascii_digit());
    let form = || {
        Err((
            "is not a date".to_string(),
            "write it as YYYY, YYYY-MM or YYYY-MM-DD (2026, 2026-03 or 2026-03-15)".to_string(),
        ))
    };
    let month_of = |m: &str| -> Result<u32, (String, String)> {
        let month: u32 = m.parse().unwrap_or(0);
        if (1..=12).contains(&month) {
            Ok(month)
        } else {
            Err((
                format!("has no month {month}"),
                "months are numbered 01 to 12".to_string(),
            ))
        }
    };
    match parts.as_slice() {
        [y] if num(y, 4) => Ok(()),
        [y, m] if num(y, 4) && num(m, 2) => month_of(m).map(|_| ()),
        [y, m, d] if num(y, 4) && num(m, 2) && num(d, 2) => {
            let month = month_of(m)?;
            let year: i32 = y.parse().unwrap_or(0);
            let day: u32 = d.parse().unwrap_or(0);
            if chrono::NaiveDate::from_ymd_opt(year, month, day).is_some() {
                return Ok(());
            }
            let days = (28..=31)
                .rev()
                .find(|&n| chrono::NaiveDate::from_ymd_opt(year, month, n).is_some())
                .unwrap_or(28);
            Err((
                format!("has no day {day}: month {m} of {y} has {days} days"),
                format!("give a day from 01 to {days}"),
            ))
        }
        _ => form(),
    }
}

/// A file-name-safe slug.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `[print]`: the service, trim, paper and bleed, the trim checked (`6x9in`, `148x210mm`; by default
/// the `[pdf]` page's size). `None` when the table is absent.
pub(super) fn print_config(
    raw: Option<&super::raw::RawPrint>,
    pdf: &PdfSettings,
    at: &dyn Fn(Range<usize>, String, &str) -> Error,
    push: &mut dyn FnMut(Error),
) -> Option<crate::model::PrintSettings> {
    let raw = raw?;
    let generic = crate::model::PrintSettings::generic(pdf);
    let mut trim_mm = generic.trim_mm;
    if let Some(trim) = &raw.trim {
        match trim_size(trim.get_ref()) {
            Some(size) => trim_mm = size,
            None => push(at(
                trim.span(),
                format!("`trim` = {:?} is not a trim size", trim.get_ref()),
                "give width x height with its unit, from 50 to 500 mm: \"6x9in\", \"5.5x8.5in\", \"148x210mm\"",
            )),
        }
    }
    Some(crate::model::PrintSettings {
        service: raw.service.unwrap_or(generic.service),
        trim_mm,
        paper: raw.paper.unwrap_or(generic.paper),
        bleed: raw.bleed.unwrap_or(generic.bleed),
    })
}

/// A trim size written `WxHin` or `WxHmm` (`6x9in`, `148x210mm`), in millimetres, each side from 50
/// to 500 mm.
pub fn trim_size(s: &str) -> Option<(f32, f32)> {
    let s = s.trim().to_ascii_lowercase().replace(' ', "");
    let (numbers, scale) = if let Some(n) = s.strip_suffix("in") {
        (n, crate::model::MM_PER_IN)
    } else if let Some(n) = s.strip_suffix("mm") {
        (n, 1.0)
    } else {
        return None;
    };
    let (w, h) = numbers.split_once(['x', '×'])?;
    let (w, h) = (
        w.parse::<f32>().ok()? * scale,
        h.parse::<f32>().ok()? * scale,
    );
    let fits = |v: f32| (50.0..=500.0).contains(&v);
    (fits(w) && fits(h)).then_some((w, h))
}
