//! Years of the common era and before it: a four-digit number where the sentence makes it a year
//! («عام 1990», «في 1992»; not «أكثر من 1000 شخص»), a year with an era mark («1990م», «عام 622 م»,
//! «500 ق.م»), a shorter one after «عام» («عام 632»), and spans of years («2015-2016», «1138 - 1193
//! م», «بين عامي 2005 و2015», «من عام 1299م إلى عام 1922م»; with the Hijri era mark, Hijri years).

use super::dates::month_word;
use super::label::counted;
use super::{Cx, Hit};
use crate::model::FactKind;

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

/// «2015-2016», «1138 - 1193 م», «912 - 913م»: two years joined by a dash, of the common era; with
/// the Hijri era mark after them («532 - 589 هـ»), two Hijri years.
pub(super) fn year_range(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    // The second year: in the same token («2015-2016»), or after a dash of its own («1138 - 1193»).
    let (second, rest, at) = match num.rest.strip_prefix(['-', '–']) {
        Some(r) => {
            let end = r
                .find(|c: char| super::digit(c).is_none())
                .unwrap_or(r.len());
            (super::number(&r[..end])?, &r[end..], i)
        }
        None if num.rest.is_empty() && matches!(cx.word(i + 1), Some("-" | "–")) => {
            let second = cx.number(i + 2)?;
            (second.n.clone(), second.rest, i + 2)
        }
        None => return None,
    };
    let whole = |n: &str| n.parse::<u32>().ok().filter(|_| !n.contains('.'));
    let (a, b) = (whole(&num.n)?, whole(&second)?);
    if let Some(next) = super::hijri::era(cx, rest, at + 1) {
        if !(1..=1500).contains(&a) || !(a..=1500).contains(&b) {
            return None;
        }
        return Some(Hit {
            hijri: Some(format!("{a:04}/{b:04}")),
            ..Hit::new(
                FactKind::HijriYear,
                num.start..cx.end(next - 1),
                super::hijri::months_range(a as i32, 1, b as i32, 12)?,
                next,
            )
        });
    }
    let next = match era(cx, rest, at + 1) {
        Some((Era::Common, next)) if (1..3000).contains(&a) && (a..3000).contains(&b) => next,
        None if rest.is_empty() && b >= a => {
            plain_year(&num.n)?;
            plain_year(&second)?;
            at + 1
        }
        _ => return None,
    };
    Some(Hit::new(
        FactKind::YearRange,
        num.start..cx.end(next - 1),
        format!("{}/{}", iso_year(a.into()), iso_year(b.into())),
        next,
    ))
}

/// Words before a number that make it a year («عام 1990», «منذ 2003», «في 1992», «بحلول 2030»), folded.
const YEAR_CUES: [&str; 20] = [
    "عام",
    "العام",
    "سنه",
    "السنه",
    "لعام",
    "لسنه",
    "منذ",
    "في",
    "بحلول",
    "حتي",
    "خلال",
    "مطلع",
    "منتصف",
    "اواخر",
    "اوائل",
    "نهايه",
    "بدايه",
    "قبل",
    "بعد",
    "ربيع",
];

/// Words before a number that make it a quantity («أكثر من 1000 شخص», «نحو 1500»), folded.
const QUANTITY_CUES: [&str; 12] = [
    "نحو",
    "حوالي",
    "قرابه",
    "زهاء",
    "يقارب",
    "يناهز",
    "عدد",
    "مجموع",
    "اجمالي",
    "بلغ",
    "قدره",
    "قدرها",
];

/// True when «عام» or «سنة» (with a prefix: «لعام», «وسنة») comes right before token `i`.
fn after_year_noun(cx: &Cx, i: usize) -> bool {
    // (Indefinite, before digits with no prefix: «لذلك العام بـ35 جنيهًا» is an amount.)
    cx.number(i).is_some_and(|n| n.start == cx.start(i))
        && cx
            .before(i)
            .filter(|&p| cx.joined(p))
            .and_then(|p| cx.folded(p))
            .is_some_and(|w| {
                let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
                matches!(w, "عام" | "سنه" | "لعام" | "لسنه" | "بعام" | "بسنه")
            })
}

/// The word `k` tokens before token `i` (folded, without a conjunction «و» before more than one
/// letter), unless a fact took it.
fn before_word<'c>(cx: &'c Cx, i: usize, k: usize) -> Option<&'c str> {
    i.checked_sub(k)
        .filter(|&p| p >= cx.floor.get())
        .and_then(|p| cx.folded(p))
        .map(|w| {
            w.strip_prefix('و')
                .filter(|r| r.chars().count() > 1)
                .unwrap_or(w)
        })
}

/// True when the word before token `i` makes the number there a year («عام», «في», «منذ», a
/// month).
pub(super) fn year_cue(cx: &Cx, i: usize) -> bool {
    let month = |w: &str| month_word(w).is_some() || super::hijri::month_word(w);
    before_word(cx, i, 1).is_some_and(|w| YEAR_CUES.contains(&w) || month(w))
}

/// Whether a four-digit number without an era mark at token `i` is a year: when a word before it
/// makes it one («عام 1990», «في 1992»), or else unless a word before makes it a quantity («أكثر من
/// 1000», «نحو 1500») or a noun after it is what it counts («1000 شخص»).
fn bare_year(cx: &Cx, i: usize) -> bool {
    let before = |k: usize| before_word(cx, i, k);
    if year_cue(cx, i) {
        return true;
    }
    let more_or_less = before(1) == Some("من") && matches!(before(2), Some("اكثر" | "اقل"));
    if more_or_less || before(1).is_some_and(|w| QUANTITY_CUES.contains(&w)) {
        return false;
    }
    // From 1800 to 2100 a number is a year unless a word before makes it a quantity: «(2012
    // تخمين)»; before, a noun after it is what it counts.
    let recent = cx
        .number(i)
        .and_then(|n| n.whole())
        .is_some_and(|y| (1800..=2100).contains(&y));
    // An amount is never a year: «دفع 2000 دولار».
    if super::digits::currency(cx, i + 1).is_some() {
        return false;
    }
    recent || !counted(cx, i + 1)
}

/// «2030», «1990م», «عام 622 م», «500 ق.م»: a year.
pub(super) fn year(cx: &Cx, i: usize) -> Option<Hit> {
    // «1,850 دولارًا»: digits grouped in thousands are an amount, never a year.
    let num = cx
        .number(i)
        .filter(|_| !cx.word(i).is_some_and(|w| w.contains([',', '٬', '،'])))?;
    let (y, next) = match era(cx, num.rest, i + 1) {
        Some((era, next)) => {
            let y = num.whole().filter(|y| (1..3000).contains(y))?;
            (astronomical(y as i64, era), next)
        }
        None if num.rest.is_empty() && plain_year(&num.n).is_some() && bare_year(cx, i) => {
            (plain_year(&num.n)? as i64, i + 1)
        }
        // «عام 632»: a year of fewer digits after «عام» or «سنة»; «عام 15 هـ (636)»: the year of
        // the common era in parentheses after a Hijri one.
        None if num.rest.is_empty() && (after_year_noun(cx, i) || after_hijri(cx, i)) => {
            (num.whole().filter(|y| (1..3000).contains(y))? as i64, i + 1)
        }
        None => return None,
    };
    Some(Hit::new(
        FactKind::Year,
        num.start..cx.end(next - 1),
        iso_year(y),
        next,
    ))
}

/// True when token `i` is alone in parentheses right after a Hijri era mark («15 هـ (636)»).
fn after_hijri(cx: &Cx, i: usize) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return false;
    };
    let mark = cx.folded(p).is_some_and(|w| {
        let w = w.trim_end_matches('.');
        w == "ه" || w.ends_with("ه") && super::split_number(w).is_some() || w == "هجريه"
    });
    mark && cx.gap(p) == "(" && cx.gap(i).starts_with(')')
}

/// Words that put two years after them («بين عامي 2005 و2015»), folded.
const TWO_YEARS: [&str; 6] = ["عامي", "سنتي", "العامين", "السنتين", "بين", "عامى"];

/// «بين عامي 2005 و 2015», «من عام 1299م إلى عام 1922م», «منذ عام 1262 وحتى عام 1918»: a span of
/// years written with words between them.
pub(super) fn span(cx: &Cx, i: usize) -> Option<Hit> {
    let first = cx.number(i)?;
    // The first year: of the common era, or any whole number when the second has the Hijri mark.
    let common = year_at(cx, i);
    // A Hijri year, with its mark («من سنة ١٣هـ إلى سنة ٢٣هـ») or without («بين سنتي 751 و756 هـ»).
    let (a, after_a) = common.or_else(|| {
        let a = first.whole().filter(|a| (1..=1500).contains(a))?;
        match super::hijri::era(cx, first.rest, i + 1) {
            Some(next) => Some((a as i64, next)),
            None if first.rest.is_empty() => Some((a as i64, i + 1)),
            None => None,
        }
    })?;
    let before = cx.before(i).and_then(|p| cx.folded(p));
    let before2 = cx
        .before(i)
        .and_then(|p| cx.before(p))
        .and_then(|p| cx.folded(p));
    // The second year: behind «و» («و2015», «و 2015»), or after «إلى», «حتى», «وحتى» and perhaps
    // «عام».
    let mut j = after_a;
    let two = before.is_some_and(|w| TWO_YEARS.contains(&w));
    let from = matches!(before, Some("من" | "منذ"))
        || (matches!(before, Some("عام" | "سنه")) && matches!(before2, Some("من" | "منذ")));
    match cx.folded(j) {
        Some("و") if two => j += 1,
        Some(w) if two && w.starts_with('و') && cx.number(j).is_some() => {}
        Some("الي" | "حتي" | "وحتي" | "والي") if from => {
            j += 1;
            if matches!(cx.folded(j), Some("عام" | "سنه")) {
                j += 1;
            }
        }
        _ => return None,
    }
    // «بين سنتي 751 و756 هـ»: Hijri years, by the mark after the second.
    if let Some(second) = cx.number(j) {
        if let Some(next) = super::hijri::era(cx, second.rest, j + 1) {
            let b = second.whole().filter(|&b| b > a as u64 && b <= 1500)? as i32;
            return Some(Hit {
                hijri: Some(format!("{a:04}/{b:04}")),
                ..Hit::new(
                    FactKind::HijriYear,
                    first.start..cx.end(next - 1),
                    super::hijri::months_range(a as i32, 1, b, 12)?,
                    next,
                )
            });
        }
    }
    common?;
    let (b, next) = year_at(cx, j)?;
    // «بين 1000 و2000 شخص»: numbers of people, not years.
    let amount =
        before == Some("بين") && (counted(cx, next) || super::digits::currency(cx, next).is_some());
    if b <= a || amount {
        return None;
    }
    Some(Hit::new(
        FactKind::YearRange,
        first.start..cx.end(next - 1),
        format!("{}/{}", iso_year(a), iso_year(b)),
        next,
    ))
}

/// The year of the common era token `i` writes: four digits, or any with the era mark; and the token
/// after it (and its mark).
pub(super) fn year_at(cx: &Cx, i: usize) -> Option<(i64, usize)> {
    let num = cx.number(i)?;
    match era(cx, num.rest, i + 1) {
        Some((Era::Common, next)) => {
            Some((num.whole().filter(|y| (1..3000).contains(y))? as i64, next))
        }
        None if num.rest.is_empty() => Some((plain_year(&num.n)? as i64, i + 1)),
        _ => None,
    }
}

/// «خلال سنوات 1950 و1960»: the years of a decade, named by its first year after «سنوات».
pub(super) fn decade(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i).filter(|n| n.rest.is_empty())?;
    let y = plain_year(&num.n).filter(|y| y % 10 == 0)?;
    // «سنوات» right before, or before the decades of a list this one ends («سنوات 1960 و1970»).
    let mut p = i.checked_sub(1)?;
    while cx
        .number(p)
        .and_then(|n| plain_year(&n.n))
        .is_some_and(|y| y % 10 == 0)
    {
        p = p.checked_sub(1)?;
    }
    if !matches!(cx.folded(p), Some("سنوات" | "السنوات")) {
        return None;
    }
    Some(Hit::new(
        FactKind::Decade,
        num.start..cx.end(i),
        format!("{}/{}", iso_year(y.into()), iso_year((y + 9).into())),
        i + 1,
    ))
}
