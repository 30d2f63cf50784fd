//! Facts written in digits (Western or Arabic-Indic): Gregorian dates and months, year ranges, years
//! (also with an era mark: «1990م», «عام 622 م», «500 ق.م»), percentages, money and counts with a
//! scale word (`380 مليار دولار`), ordinals after a ranking noun (`الدورة 75`), counts (`27 دولة`) and
//! other figures.

use super::{is_arabic_word, unprefixed, Cx, Hit};
use crate::facts::words::fold;
use crate::model::FactKind;

const MONTHS: [(&str, u32); 27] = [
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
];

/// Nouns a number after them counts the rank of (`الدورة 75`: the 75th session). The parts of a text
/// (الفصل، الفقرة، البند) are not among them: «الفصل الثالث» refers to a chapter, it states no fact.
const ORDINAL_NOUNS: [&str; 18] = [
    "الدورة",
    "الذكرى",
    "المؤتمر",
    "القمة",
    "الجلسة",
    "المادة",
    "المرتبة",
    "الاجتماع",
    "النسخة",
    "الطبعة",
    "المركز",
    "الجولة",
    "المنتدى",
    "العيد",
    "الولاية",
    "الألفية",
    "الحلقة",
    "الموسم",
];

pub(super) const CURRENCIES: [&str; 14] = [
    "دولار",
    "دولارات",
    "يورو",
    "تنغي",
    "تينغ",
    "روبل",
    "جنيه",
    "ريال",
    "درهم",
    "دينار",
    "ين",
    "يوان",
    "USD",
    "EUR",
];

/// Adjectives of a currency that belong to the amount (`دولار أمريكي`).
const CURRENCY_ADJECTIVES: [&str; 4] = ["أمريكي", "أميركي", "أوروبي", "كازاخستاني"];

fn month_word(word: &str) -> Option<u32> {
    let w = word
        .strip_prefix('و')
        .filter(|w| month_word(w).is_some())
        .unwrap_or(word);
    MONTHS.iter().find(|(m, _)| *m == w).map(|&(_, n)| n)
}

/// The Gregorian month token `i` (and for تشرين / كانون, the next one) names, and how many tokens it
/// takes.
pub(super) fn month_at(cx: &Cx, i: usize) -> Option<(u32, usize)> {
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

/// A four-digit year of the common era (1000-2999): what a number on its own is read as.
pub(super) fn plain_year(n: &str) -> Option<u32> {
    let y: u32 = n.parse().ok()?;
    (n.len() == 4 && (1000..3000).contains(&y)).then_some(y)
}

/// A year of the common era or before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Era {
    /// «م»، «ميلادي»، «للميلاد».
    Common,
    /// «ق.م»، «قبل الميلاد».
    BeforeCommon,
}

/// The Gregorian era mark after a number: in its token (`rest`, «1990م») or in the tokens from `i`
/// («1990 م», «500 ق.م», «قبل الميلاد»), and the first token after it.
pub(super) fn era(cx: &Cx, rest: &str, i: usize) -> Option<(Era, usize)> {
    match rest {
        "م" => return Some((Era::Common, i)),
        "" => {}
        _ => return None,
    }
    match cx.word(i)? {
        "م" | "ميلادي" | "ميلادية" | "ميلاديا" | "ميلاديًا" | "للميلاد" => {
            Some((Era::Common, i + 1))
        }
        "ق.م" => Some((Era::BeforeCommon, i + 1)),
        "قبل" if cx.word(i + 1) == Some("الميلاد") => Some((Era::BeforeCommon, i + 2)),
        _ => None,
    }
}

/// A year as the timeline sorts it: `0622`, `2015`, and before the common era on the astronomical
/// count of ISO 8601 (500 BC is `-0499`).
pub(super) fn iso_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

/// The astronomical year of year `y` of `era`.
pub(super) fn astronomical(y: i64, era: Era) -> i64 {
    match era {
        Era::Common => y,
        Era::BeforeCommon => 1 - y,
    }
}

/// «2015-2016»: two years joined by a dash.
pub(super) fn year_range(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let second = num
        .rest
        .strip_prefix('-')
        .or_else(|| num.rest.strip_prefix('–'))
        .and_then(super::number)?;
    let (a, b) = (plain_year(&num.n)?, plain_year(&second)?);
    Some(Hit::new(
        FactKind::YearRange,
        num.start..cx.end(i),
        format!("{a}/{b}"),
        i + 1,
    ))
}

/// «15٪», «١٢٫٥ %», «20 في المائة», «25 بالمئة».
pub(super) fn percentage(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let last = if matches!(num.rest, "٪" | "%") {
        i
    } else if !num.rest.is_empty() {
        return None;
    } else {
        percent_words(cx, i + 1)?
    };
    Some(Hit::new(
        FactKind::Percentage,
        num.start..cx.end(last),
        num.n.clone(),
        last + 1,
    ))
}

/// The last token of a percent sign or «في المائة», «بالمئة» at token `i`.
pub(super) fn percent_words(cx: &Cx, i: usize) -> Option<usize> {
    match cx.folded(i)? {
        "٪" | "%" | "بالمائه" | "بالمئه" => Some(i),
        "في" if matches!(cx.folded(i + 1), Some("المائه" | "المئه")) => Some(i + 1),
        _ => None,
    }
}

/// «2 يوليو 1992», «١٤ تموز ٢٠٢٣م», «29 أغسطس»: a day, a Gregorian month and perhaps a year.
pub(super) fn date(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let (m, len) = month_at(cx, i + 1)?;
    let day = num
        .whole()
        .filter(|d| (1..=31).contains(d) && num.rest.is_empty())?;
    let after = i + 1 + len;
    let year = cx.number(after).and_then(|y| {
        let ad = match era(cx, y.rest, after + 1) {
            Some((Era::Common, next)) => next,
            Some((Era::BeforeCommon, _)) => return None,
            None if y.rest.is_empty() => after + 1,
            None => return None,
        };
        Some((plain_year(&y.n)?, ad))
    });
    Some(match year {
        Some((y, next)) => Hit::new(
            FactKind::Date,
            num.start..cx.end(next - 1),
            format!("{y:04}-{m:02}-{day:02}"),
            next,
        ),
        None => Hit::new(
            FactKind::Date,
            num.start..cx.end(after - 1),
            format!("--{m:02}-{day:02}"),
            after,
        ),
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
    let p = cx.before(i)?;
    let (m, 1) = month_at(cx, p)? else {
        return None;
    };
    Some(Hit::new(
        FactKind::Month,
        cx.start(p)..cx.end(next - 1),
        format!("{y:04}-{m:02}"),
        next,
    ))
}

/// «380 مليار دولار أمريكي», «3 ملايين نسمة»: a number with a scale word, then a currency (money) or
/// the thing counted.
pub(super) fn scaled(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let scale = match cx.word(i + 1)? {
        "مليار" | "مليارات" | "billion" => 1e9,
        "مليون" | "ملايين" | "million" => 1e6,
        "تريليون" => 1e12,
        "ألف" | "آلاف" | "thousand" => 1e3,
        _ => return None,
    };
    if !num.rest.is_empty() {
        return None;
    }
    let value = num.n.parse::<f64>().ok()? * scale;
    let (kind, last) = match currency(cx, i + 2) {
        Some(last) => (FactKind::Money, last),
        None if cx.word(i + 2).is_some_and(is_arabic_word) => (FactKind::Count, i + 2),
        None => (FactKind::Count, i + 1),
    };
    Some(Hit::new(
        kind,
        num.start..cx.end(last),
        format!("{value}"),
        last + 1,
    ))
}

/// The last token of a currency (and its adjective) at token `i`.
pub(super) fn currency(cx: &Cx, i: usize) -> Option<usize> {
    let w = cx.folded(i)?;
    // «بدولار», «دولارا»; not «بين» (between), which is not «ب» + «ين» (yen).
    let after_b = w.strip_prefix('ب').filter(|r| *r != "ين");
    CURRENCIES
        .iter()
        .any(|c| w == *c || after_b == Some(c) || w.strip_suffix('ا') == Some(c))
        .then(|| match cx.word(i + 1) {
            Some(a) if CURRENCY_ADJECTIVES.contains(&a) => i + 1,
            _ => i,
        })
}

/// «2030», «1990م», «عام 622 م», «500 ق.م»: a year.
pub(super) fn year(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    let (y, next) = match era(cx, num.rest, i + 1) {
        Some((era, next)) => {
            let y = num.whole().filter(|y| (1..3000).contains(y))?;
            (astronomical(y as i64, era), next)
        }
        None if num.rest.is_empty() => (plain_year(&num.n)? as i64, i + 1),
        None => return None,
    };
    Some(Hit::new(
        FactKind::Year,
        num.start..cx.end(next - 1),
        iso_year(y),
        next,
    ))
}

/// Where the noun at token `i` starts, when it ranks the number after it (`الدورة`; behind a prefix,
/// `والدورة`, `بالذكرى`, `للذكرى`, as [`unprefixed`] reads them).
pub(super) fn ranking(cx: &Cx, i: usize) -> Option<usize> {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let nouns = FOLDED.get_or_init(|| ORDINAL_NOUNS.iter().map(|n| fold(n).into()).collect());
    let (prefix, word) = unprefixed(cx.folded(i)?);
    nouns
        .contains(&word)
        .then(|| cx.start(i) + cx.written_prefix(i, prefix))
}

/// «الدورة 75»: a whole number after a ranking noun.
pub(super) fn ordinal(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    num.whole().filter(|_| num.rest.is_empty())?;
    let start = ranking(cx, cx.before(i)?)?;
    Some(Hit::new(
        FactKind::Ordinal,
        start..cx.end(i),
        num.n.clone(),
        i + 1,
    ))
}

/// «27 دولة», «500 دولار»: a whole number before a word: a count of that thing (money when it is a
/// currency).
pub(super) fn count(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    num.whole().filter(|_| num.rest.is_empty())?;
    let (kind, last) = match currency(cx, i + 1) {
        Some(last) => (FactKind::Money, last),
        None if cx.word(i + 1).is_some_and(is_arabic_word) => (FactKind::Count, i + 1),
        None => return None,
    };
    Some(Hit::new(
        kind,
        num.start..cx.end(last),
        num.n.clone(),
        last + 1,
    ))
}

/// Any other number in digits.
pub(super) fn figure(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    Some(Hit::new(
        FactKind::Number,
        num.start..cx.end(i),
        num.n.clone(),
        i + 1,
    ))
}
