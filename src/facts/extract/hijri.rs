//! Facts of the Hijri calendar: a day («١٥ شعبان ١٤٤٣ هـ»), a month («رمضان 1380 هـ») or a year
//! («1400هـ», «عام 1380 هجرية»), with the month names in their common spellings and the era mark
//! attached or apart (هـ، ه، هجري، هجرية، للهجرة). A day without a year («27 رجب») is a date with no
//! place in time (`normalized` empty; the timeline lists it last); a month needs its year, a year its
//! era mark. A month's year without the mark is read as Hijri from 100 to 1500 (a later year is
//! Gregorian: «رمضان 2020» is Ramadan of 2020, left to the year recogniser); «صفر», also the word
//! for zero, always needs the mark.
//!
//! Each goes on the timeline at its day in the Western calendar history writes it in (a month or a
//! year as the range of its days): Gregorian from 15 October 1582, Julian before, as historians and a
//! book's own dates («1453م») give them ([`hijri_to_historical`]); by the Umm al-Qura calendar where
//! its tables reach and the arithmetic (tabular) calendar elsewhere: ICU4X's `icu_calendar` does all
//! of it.
//!
//! A year of the Persian solar calendar («۱۴۰۲ هـ.ش», «1402 هجري شمسي», «سنة ۱۴۰۲ في التقويم
//! الشمسي») is recognised and left out ([`solar`]): it is neither Hijri nor Gregorian.

use std::sync::OnceLock;

use icu_calendar::cal::{hijri::UmmAlQura, Hijri};
use icu_calendar::Date;

use super::{Cx, Hit};
use crate::facts::words::fold;
use crate::model::FactKind;

/// The months of the Hijri calendar in their common spellings.
pub const HIJRI_MONTHS: [(&str, u8); 26] = [
    ("محرم", 1),
    ("المحرم", 1),
    ("صفر", 2),
    ("ربيع الأول", 3),
    ("ربيع الآخر", 4),
    ("ربيع الثاني", 4),
    ("ربيع الأخير", 4),
    ("جمادى الأولى", 5),
    ("جمادى الأول", 5),
    ("جمادي الأولى", 5),
    ("جمادى الآخرة", 6),
    ("جمادى الثانية", 6),
    ("جمادى الآخر", 6),
    ("جمادي الآخرة", 6),
    ("رجب", 7),
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
    ("ذو القعدة", 11),
    ("ذي القعدة", 11),
    ("ذا القعدة", 11),
    ("ذو الحجة", 12),
    ("ذي الحجة", 12),
    ("ذا الحجة", 12),
    ("ذوالقعدة", 11),
    ("ذوالحجة", 12),
];

/// The month names folded, word by word.
fn months() -> &'static [(Vec<String>, u8)] {
    static FOLDED: OnceLock<Vec<(Vec<String>, u8)>> = OnceLock::new();
    FOLDED.get_or_init(|| {
        HIJRI_MONTHS
            .iter()
            .map(|(name, m)| (name.split(' ').map(|w| fold(w).into()).collect(), *m))
            .collect()
    })
}

/// True when the folded word is a Hijri month's name of one word («رمضان», «شوال»).
pub(super) fn month_word(folded: &str) -> bool {
    months()
        .iter()
        .any(|(words, _)| words.len() == 1 && words[0] == folded)
}

/// The Hijri month tokens from `i` name, and how many tokens the name takes.
pub(super) fn month_at(cx: &Cx, i: usize) -> Option<(u8, usize)> {
    static FIRST: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    let first = FIRST.get_or_init(|| months().iter().map(|(w, _)| w[0].clone()).collect());
    if !first.contains(cx.folded(i)?) {
        return None;
    }
    months()
        .iter()
        .filter(|(words, _)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| cx.folded(i + k) == Some(w.as_str()))
        })
        .map(|(words, m)| (*m, words.len()))
        .max_by_key(|&(_, len)| len)
}

/// The Hijri era mark after a number: in its token (`rest`, «1400هـ») or the token `i` («1400 هـ»,
/// «للهجرة»), and the first token after it.
pub(super) fn era(cx: &Cx, rest: &str, i: usize) -> Option<usize> {
    match fold(rest).trim_end_matches('.') {
        "ه" => return Some(i),
        "" => {}
        _ => return None,
    }
    match cx.folded(i)?.trim_end_matches('.') {
        "ه" | "هجري" | "هجريه" | "هجريا" | "للهجره" => Some(i + 1),
        _ => None,
    }
}

/// The Gregorian day (year, month, day; the year astronomical) of day `d` of month `m` of Hijri year
/// `y`: Umm al-Qura where its tables reach, the tabular calendar elsewhere. `None` for a day the month
/// does not have or a year past 2000 AH.
pub fn hijri_to_iso(y: i32, m: u8, d: u8) -> Option<(i32, u8, u8)> {
    let iso = hijri_date(y, m, d)?.to_iso();
    Some((
        iso.extended_year(),
        iso.month().ordinal,
        iso.day_of_month().0,
    ))
}

/// The day of day `d` of month `m` of Hijri year `y` as history writes it: in the Julian calendar
/// before 15 October 1582 (the first day of the Gregorian one), as the historians and a book's own
/// Western dates do («1453م» is a Julian year); in the Gregorian calendar from then on.
pub fn hijri_to_historical(y: i32, m: u8, d: u8) -> Option<(i32, u8, u8)> {
    // «30 جمادى الآخرة 986 هـ» where the tables give the month 29 days: the day after the 29th, as
    // the sighting of the moon made it.
    let date = match hijri_date(y, m, d) {
        None if d == 30 && month_days(y, m) == Some(29) => match m {
            12 => hijri_date(y + 1, 1, 1)?,
            _ => hijri_date(y, m + 1, 1)?,
        },
        date => date?,
    };
    let iso = date.to_iso();
    let gregorian = (
        iso.extended_year(),
        iso.month().ordinal,
        iso.day_of_month().0,
    );
    if gregorian >= GREGORIAN_START {
        return Some(gregorian);
    }
    let julian = date.to_calendar(icu_calendar::cal::Julian);
    Some((
        julian.extended_year(),
        julian.month().ordinal,
        julian.day_of_month().0,
    ))
}

/// The first day of the Gregorian calendar.
pub const GREGORIAN_START: (i32, u8, u8) = (1582, 10, 15);

/// The calendar a Hijri fact's `normalized` date (its start) is given in: `julian` before
/// [`GREGORIAN_START`], `gregorian` after.
pub fn calendar_of(normalized: &str) -> &'static str {
    let (y, m, d) = GREGORIAN_START;
    if normalized < format!("{y}-{m:02}-{d:02}").as_str() {
        "julian"
    } else {
        "gregorian"
    }
}

/// Day `d` of month `m` of Hijri year `y` (1 to 2000 AH), when the month has it.
fn hijri_date(y: i32, m: u8, d: u8) -> Option<Date<Hijri<UmmAlQura>>> {
    if !(1..=2000).contains(&y) {
        return None;
    }
    Date::try_new_hijri_with_calendar(y, m, d, Hijri::new_umm_al_qura()).ok()
}

/// The number of days of month `m` of Hijri year `y`.
fn month_days(y: i32, m: u8) -> Option<u8> {
    Some(hijri_date(y, m, 1)?.days_in_month())
}

fn iso((y, m, d): (i32, u8, u8)) -> String {
    format!("{}-{m:02}-{d:02}", super::years::iso_year(y as i64))
}

/// The days from month `first` of Hijri year `y` to month `last` of `last_year`, as an ISO range
/// ([`hijri_to_historical`]: Julian days before 1582).
pub(super) fn months_range(y: i32, first: u8, last_year: i32, last: u8) -> Option<String> {
    let start = hijri_to_historical(y, first, 1)?;
    let end = hijri_to_historical(last_year, last, month_days(last_year, last)?)?;
    Some(format!("{}/{}", iso(start), iso(end)))
}

/// A Hijri year of at most four digits (with its era mark when `marked`).
fn hijri_year(cx: &Cx, i: usize) -> Option<(i32, Option<usize>)> {
    let num = cx.number(i)?;
    let y = num.whole().filter(|y| (1..=2000).contains(y))? as i32;
    Some((y, era(cx, num.rest, i + 1)))
}

/// «١٥ شعبان ١٤٤٣ هـ»: a day, a Hijri month and its year.
pub(super) fn date(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let day = num
        .whole()
        .filter(|d| (1..=30).contains(d) && num.rest.is_empty())? as u8;
    let (m, len) = month_at(cx, i + 1)?;
    day_of_month(cx, num.start, day, m, i + 1 + len)
}

/// «الثاني من رجب سنة 725هـ», «في السابع عشر من رمضان»: a day written as an ordinal, «من» and a Hijri
/// month (and perhaps its year).
pub(super) fn day_in_words(cx: &Cx, i: usize) -> Option<Hit> {
    // «حرب "العاشر من رمضان"»: a name.
    if cx.in_title(i) {
        return None;
    }
    // «غرة محرم 1300هـ», «مستهل رمضان»: the first day.
    if let Some("غره" | "مستهل") = cx.folded(i) {
        let (m, len) = month_at(cx, i + 1)?;
        return day_of_month(cx, cx.start(i), 1, m, i + 1 + len);
    }
    let n = crate::facts::words::read(cx.run(i))?;
    if n.form != crate::facts::words::Form::Ordinal || n.value.fract() != 0.0 {
        return None;
    }
    let day = Some(n.value as u8).filter(|d| (1..=30).contains(d))?;
    let of = i + n.used;
    if cx.folded(of) != Some("من") {
        return None;
    }
    let (m, len) = month_at(cx, of + 1)?;
    day_of_month(
        cx,
        cx.start(i) + cx.keep_lam(i, n.prefix),
        day,
        m,
        of + 1 + len,
    )
}

/// «في العام الثاني من الهجرة», «من السنة الثالثة للهجرة» from token `at`: the Hijri year in words
/// after a month, and the token after its era words.
fn year_in_words(cx: &Cx, at: usize) -> Option<(i32, usize)> {
    let at = at + usize::from(matches!(cx.folded(at), Some("في" | "من")));
    if !matches!(cx.folded(at), Some("العام" | "السنه")) {
        return None;
    }
    let n = crate::facts::words::read(cx.run(at + 1))?;
    let y = Some(n.value as i32).filter(|y| (1..=1500).contains(y) && n.value.fract() == 0.0)?;
    let after = at + 1 + n.used;
    match (cx.folded(after), cx.folded(after + 1)) {
        (Some("للهجره"), _) => Some((y, after + 1)),
        (Some("من"), Some("الهجره")) => Some((y, after + 2)),
        _ => None,
    }
}

/// Tokens from `at` that stand between a month and its year: «سنة», «عام», «من عام», «من سنة».
fn year_words(cx: &Cx, at: usize) -> usize {
    match (cx.folded(at), cx.folded(at + 1)) {
        (Some("سنه" | "عام"), _) if cx.number(at + 1).is_some() => at + 1,
        (Some("من"), Some("سنه" | "عام")) if cx.number(at + 2).is_some() => at + 2,
        _ => at,
    }
}

/// Day `day` of Hijri month `m` from byte `start`, its year at token `at` (after «سنة» or «من عام»)
/// if the text gives one.
fn day_of_month(cx: &Cx, start: usize, day: u8, m: u8, at: usize) -> Option<Hit> {
    let year_at = year_words(cx, at);
    // «السابع عشر من رمضان في العام الثاني من الهجرة».
    if let Some((y, next)) = year_in_words(cx, at) {
        return Some(Hit {
            hijri: Some(format!("{y:04}-{m:02}-{day:02}")),
            ..Hit::new(
                FactKind::HijriDate,
                start..cx.end(next - 1),
                iso(hijri_to_historical(y, m, day)?),
                next,
            )
        });
    }
    let Some((y, era)) = hijri_year(cx, year_at) else {
        // Without a year: a date, with no place in time (after the rest of the timeline).
        return Some(Hit {
            hijri: Some(format!("--{m:02}-{day:02}")),
            ..Hit::new(
                FactKind::HijriDate,
                start..cx.end(at - 1),
                String::new(),
                at,
            )
        });
    };
    let next = match era {
        Some(next) => next,
        None if cx.number(year_at)?.rest.is_empty() && y <= 1500 => year_at + 1,
        None => return None,
    };
    let gregorian = hijri_to_historical(y, m, day)?;
    Some(Hit {
        hijri: Some(format!("{y:04}-{m:02}-{day:02}")),
        ..Hit::new(
            FactKind::HijriDate,
            start..cx.end(next - 1),
            iso(gregorian),
            next,
        )
    })
}

/// «رمضان 1380 هـ»: a Hijri month and its year.
pub(super) fn month(cx: &Cx, i: usize) -> Option<Hit> {
    let (m, len) = month_at(cx, i)?;
    // «شعبان سنة 750 هـ», «رمضان من عام 726هـ».
    let at = year_words(cx, i + len);
    let (y, era) = hijri_year(cx, at)?;
    // Without an era mark, a year of three or four digits up to 1500; «صفر» (also zero) always needs
    // the mark.
    let next = match era {
        Some(next) => next,
        None if cx.number(at)?.rest.is_empty() && (100..=1500).contains(&y) && m != 2 => at + 1,
        None => return None,
    };
    let start = cx.start(i);
    Some(Hit {
        hijri: Some(format!("{y:04}-{m:02}")),
        ..Hit::new(
            FactKind::HijriMonth,
            start..cx.end(next - 1),
            months_range(y, m, y, m)?,
            next,
        )
    })
}

/// The marks of the Persian solar calendar after a year (folded): «هـ.ش», «هجري شمسي», «الشمسي».
fn solar_mark(cx: &Cx, rest: &str, i: usize) -> Option<usize> {
    let folded = |k: usize| cx.folded(k).map(|w| w.trim_end_matches('.'));
    if matches!(fold(rest).as_str(), "ه.ش" | "هش") {
        return Some(i);
    }
    match (folded(i), folded(i + 1), folded(i + 2)) {
        (Some("ه.ش" | "هش" | "شمسي" | "شمسيه"), ..) => Some(i + 1),
        (Some("ه" | "هجري" | "هجريه" | "الهجري"), Some("ش" | "شمسي" | "شمسيه" | "الشمسي"), _) => {
            Some(i + 2)
        }
        (Some("في"), Some("التقويم"), Some("الشمسي" | "الهجري"))
            if folded(i + 3) != Some("القمري") =>
        {
            (folded(i + 2) == Some("الشمسي") || folded(i + 3) == Some("الشمسي"))
                .then_some(i + 3 + usize::from(folded(i + 3) == Some("الشمسي")))
        }
        _ => None,
    }
}

/// «۱۴۰۲ هـ.ش», «1402 هجري شمسي», «سنة ۱۴۰۲ في التقويم الشمسي»: a year of the Persian solar
/// calendar, taken so that no other recogniser reads it as Hijri or Gregorian, and left out (a hit of
/// no kind: [`Hit::none`]).
pub(super) fn solar(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    num.whole().filter(|y| (1..=2000).contains(y))?;
    let next = solar_mark(cx, num.rest, i + 1)?;
    Some(Hit::none(next))
}

/// «1400هـ», «عام 1380 هجرية»: a year with the Hijri era mark.
pub(super) fn year(cx: &Cx, i: usize) -> Option<Hit> {
    let (y, era) = hijri_year(cx, i)?;
    let next = era?;
    Some(Hit {
        hijri: Some(format!("{y:04}")),
        ..Hit::new(
            FactKind::HijriYear,
            cx.number(i)?.start..cx.end(next - 1),
            months_range(y, 1, y, 12)?,
            next,
        )
    })
}
