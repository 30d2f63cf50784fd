//! Gregorian dates and months: a day and a month in digits («2 يوليو 1992», «١٤ تموز ٢٠٢٣م», «29
//! أغسطس»), in words («الثالث من مايو، 2023»), all in digits in the Arab world's day-month order
//! («12/5/2024»; with the Hijri era mark, a Hijri day), and a month before a year («ديسمبر 1991»).
//! A month may be named twice, in its two names («26 مارس/آذار 1979»), and a year may follow «سنة» or
//! «عام» («19 يونيو سنة 1961»).

use super::years::{era, iso_year, plain_year, Era};
use super::{Cx, Hit};
use crate::facts::words::fold;
use crate::model::FactKind;

const MONTHS: [(&str, u32); 35] = [
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين", 0),
    // The Maghreb's names.
    ("جانفي", 1),
    ("فيفري", 2),
    ("أفريل", 4),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("أوت", 8),
];

pub(super) fn month_word(word: &str) -> Option<u32> {
    // Compared folded (أيار and ايار alike; a word folded already, as the recognisers pass, too).
    static FOLDED: std::sync::OnceLock<Vec<(String, u32)>> = std::sync::OnceLock::new();
    let months = FOLDED.get_or_init(|| MONTHS.iter().map(|&(m, n)| (fold(m).into(), n)).collect());
    let find = |w: &str| months.iter().find(|(m, _)| m == w).map(|&(_, n)| n);
    let folded = fold(word);
    find(&folded).or_else(|| find(folded.strip_prefix('و')?))
}

/// The Gregorian month token `i` (and for تشرين / كانون, the next one) names, and how many tokens it
/// takes.
pub(super) fn month_at(cx: &Cx, i: usize) -> Option<(u32, usize)> {
    let (m, len) = one_month_at(cx, i)?;
    // «مارس/آذار»: the same month in its other name, after a slash.
    match one_month_at(cx, i + len) {
        Some((other, more)) if other == m && cx.gap(i + len - 1) == "/" => Some((m, len + more)),
        _ => Some((m, len)),
    }
}

/// The month token `i` names in one of its names, and how many tokens the name takes.
fn one_month_at(cx: &Cx, i: usize) -> Option<(u32, usize)> {
    let w = cx.word(i)?;
    match (w, cx.word(i + 1)) {
        ("تشرين", Some("الأول")) => Some((10, 2)),
        ("تشرين", Some("الثاني")) => Some((11, 2)),
        ("كانون", Some("الأول")) => Some((12, 2)),
        ("كانون", Some("الثاني")) => Some((1, 2)),
        _ => month_word(w).filter(|&m| m > 0).map(|m| (m, 1)),
    }
}

/// The Arabic name of month `m` (1-12) in the form the extraction lists first (`يوليو`).
pub fn month_name(m: u32) -> Option<&'static str> {
    MONTHS.iter().find(|&&(_, n)| n == m).map(|&(name, _)| name)
}

/// «2 يوليو 1992», «١٤ تموز ٢٠٢٣م», «29 أغسطس»: a day, a Gregorian month and perhaps a year.
pub(super) fn date(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let (m, len) = month_at(cx, i + 1)?;
    let day = num
        .whole()
        .filter(|d| (1..=31).contains(d) && num.rest.is_empty())?;
    let after = i + 1 + len;
    Some(day_month_year(cx, num.start, day, m, after))
}

/// A date from byte `start` to a day `day` of month `m`, with the year at token `after` if there is
/// one («2 يوليو 1992», «29 أغسطس»).
fn day_month_year(cx: &Cx, start: usize, day: u64, m: u32, after: usize) -> Hit {
    let year_at = |at: usize| super::years::year_at(cx, at).map(|(y, next)| (y as u32, next));
    // «19 يونيو سنة 1961», «16 يوليو عام 622م».
    let year = year_at(after).or_else(|| {
        match (cx.folded(after), cx.folded(after + 1)) {
            (Some("سنه" | "عام" | "لسنه" | "لعام"), _) => year_at(after + 1),
            // «الأول من سبتمبر من عام 1939».
            (Some("من" | "في"), Some("سنه" | "عام")) => year_at(after + 2),
            _ => None,
        }
    });
    match year {
        Some((y, next)) => Hit::new(
            FactKind::Date,
            start..cx.end(next - 1),
            format!("{y:04}-{m:02}-{day:02}"),
            next,
        ),
        None => Hit::new(
            FactKind::Date,
            start..cx.end(after - 1),
            format!("--{m:02}-{day:02}"),
            after,
        ),
    }
}

/// «الثالث من مايو، 2023», «في الحادي عشر من سبتمبر»: a day written as an ordinal, «من» and a month
/// (and perhaps its year).
pub(super) fn day_in_words(cx: &Cx, i: usize) -> Option<Hit> {
    let n = crate::facts::words::read(cx.run(i))?;
    let day = n.value as u64;
    if n.form != crate::facts::words::Form::Ordinal
        || n.value.fract() != 0.0
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let of = i + n.used;
    if cx.folded(of) != Some("من") {
        return None;
    }
    let (m, len) = month_at(cx, of + 1)?;
    let start = cx.start(i) + cx.keep_lam(i, n.prefix);
    Some(day_month_year(cx, start, day, m, of + 1 + len))
}

/// «12/5/2024», «١٢/٥/٢٠٢٤»: a day, a month and a year in digits, in the order the Arab world writes
/// them (day first; a year first when it has four digits: «2024/5/12»), also with «-»
/// between; with the Hijri era mark («12/9/1443 هـ»), a Hijri day.
pub(super) fn numeric_date(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let sep = num.rest.chars().next().filter(|c| matches!(c, '/' | '-'))?;
    let mut parts = vec![num.n.clone()];
    let mut rest = num.rest;
    while let Some(r) = rest.strip_prefix(sep) {
        let end = r
            .find(|c: char| super::digit(c).is_none())
            .unwrap_or(r.len());
        parts.push(super::number(&r[..end])?);
        rest = &r[end..];
    }
    let [a, b, c] = &parts[..] else {
        return None;
    };
    let n = |s: &str| s.parse::<u32>().ok().filter(|_| !s.contains('.'));
    let (y, m, d, ylen) = if a.len() == 4 {
        (n(a)?, n(b)?, n(c)?, a.len())
    } else {
        (n(c)?, n(b)?, n(a)?, c.len())
    };
    if ylen != 4 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    if let Some(next) = super::hijri::era(cx, rest, i + 1) {
        let (gy, gm, gd) = super::hijri::hijri_to_historical(y as i32, m as u8, d as u8)?;
        return Some(Hit {
            hijri: Some(format!("{y:04}-{m:02}-{d:02}")),
            ..Hit::new(
                FactKind::HijriDate,
                num.start..cx.end(next - 1),
                format!("{}-{gm:02}-{gd:02}", iso_year(gy as i64)),
                next,
            )
        });
    }
    let next = match era(cx, rest, i + 1) {
        Some((Era::Common, next)) => next,
        None if rest.is_empty() => i + 1,
        _ => return None,
    };
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (d <= days[m as usize - 1]).then(|| {
        Hit::new(
            FactKind::Date,
            num.start..cx.end(next - 1),
            format!("{y:04}-{m:02}-{d:02}"),
            next,
        )
    })
}

/// «ديسمبر 1991»: a month name before a year (a day before it was read with the day).
pub(super) fn month(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let y = plain_year(&num.n)?;
    let next = match era(cx, num.rest, i + 1) {
        Some((Era::Common, next)) => next,
        None if num.rest.is_empty() => i + 1,
        _ => return None,
    };
    let mut p = cx.before(i)?;
    // «تشرين الأول 1973»: a month of two words.
    let m = match one_month_at(cx, p) {
        Some((m, 1)) => m,
        _ => {
            let q = cx.before(p)?;
            let (m, 2) = one_month_at(cx, q)? else {
                return None;
            };
            p = q;
            m
        }
    };
    // «مارس/آذار 1979»: from the first of its names.
    if let Some(q) = cx.before(p).filter(|&q| cx.gap(q) == "/") {
        if one_month_at(cx, q) == Some((m, 1)) {
            p = q;
        }
    }
    // «ويونيو 2021»: the month starts after its conjunction.
    let written = cx.word(p).unwrap_or("");
    let conjunction = written
        .strip_prefix('و')
        .filter(|rest| MONTHS.iter().any(|(m, _)| m == rest))
        .map_or(0, |_| 'و'.len_utf8());
    let start = cx.start(p) + conjunction;
    Some(Hit::new(
        FactKind::Month,
        start..cx.end(next - 1),
        format!("{y:04}-{m:02}"),
        next,
    ))
}
