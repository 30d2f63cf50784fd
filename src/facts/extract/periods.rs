//! Centuries and decades, as ranges of years on the timeline.
//!
//! - A century: «القرن» (with a prefix: «والقرن», «في القرن») and its ordinal in words or digits
//!   («القرن العشرين», «القرن التاسع عشر», «القرن الحادي والعشرين», «القرن 19», «القرن الـ١٩»), with
//!   its era when the text gives one: «الميلادي» (1901/2000 for the twentieth), «الهجري» or
//!   «للهجرة» (Hijri years 401–500 for the fifth, on the timeline at their Gregorian days), «قبل
//!   الميلاد» or «ق.م» (the fifth is 500–401 BC: `-0499/-0400`). «القرن الماضي» alone is not read:
//!   which century it means depends on when the text was written.
//! - A decade: «التسعينيات», «السبعينات», «ثمانينيات» (with a prefix: «وفي الستينيات»), of the century
//!   the words after it name («من القرن الماضي» and «من القرن العشرين» are the twentieth, «من القرن
//!   الحالي» the twenty-first, «القرن التاسع عشر» the nineteenth), else of the twentieth.

use super::hijri::months_range;
use super::years::{iso_year, Era};
use super::{unprefixed, Cx, Hit};
use crate::facts::words::{self, Form};
use crate::model::FactKind;

/// A century: its number and era.
struct Century {
    n: i64,
    era: CenturyEra,
    /// The first token after its words.
    next: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum CenturyEra {
    Gregorian(Era),
    Hijri,
}

/// The century named by the tokens from `i` («القرن التاسع عشر الميلادي»), and where «القرن» starts
/// in its token (after a prefix). `relative` also reads «القرن الماضي» and «القرن الحالي».
fn century_at(cx: &Cx, i: usize, relative: bool) -> Option<(Century, usize)> {
    let folded = cx.folded(i).filter(|w| w.ends_with("قرن"))?;
    let (prefix, word) = unprefixed(folded);
    if word != "القرن" {
        return None;
    }
    let start = cx.start(i) + cx.written_prefix(i, prefix);
    let at = i + 1;
    let (n, mut next) = match cx.folded(at)? {
        "الماضي" | "المنصرم" if relative => (20, at + 1),
        "الحالي" | "الجاري" | "الحاضر" if relative => (21, at + 1),
        w => match ordinal_digits(w) {
            Some(n) => (n, at + 1),
            None => {
                let run = cx.run(at);
                let n = words::read(run)?;
                if n.form != Form::Ordinal || n.prefix != 0 || n.value.fract() != 0.0 {
                    return None;
                }
                (n.value as i64, at + n.used)
            }
        },
    };
    if !(1..=21).contains(&n) {
        return None;
    }
    let era = match cx.folded(next) {
        Some("الميلادي" | "للميلاد" | "الميلاديه") => {
            next += 1;
            CenturyEra::Gregorian(Era::Common)
        }
        Some("الهجري" | "للهجره" | "الهجريه") => {
            next += 1;
            CenturyEra::Hijri
        }
        Some("ق.م") => {
            next += 1;
            CenturyEra::Gregorian(Era::BeforeCommon)
        }
        Some("قبل") if cx.folded(next + 1) == Some("الميلاد") => {
            next += 2;
            CenturyEra::Gregorian(Era::BeforeCommon)
        }
        _ => CenturyEra::Gregorian(Era::Common),
    };
    Some((Century { n, era, next }, start))
}

/// «19», «١٩», «الـ19» (folded «ال19»): a century's number in digits.
fn ordinal_digits(w: &str) -> Option<i64> {
    let w = w.strip_prefix("ال").unwrap_or(w);
    let n = super::number(w)?;
    n.parse().ok()
}

/// The years (as ISO range ends) of the `n`th century of `era`, and its years in the Hijri calendar.
fn century_range(n: i64, era: CenturyEra) -> Option<(String, Option<String>)> {
    let (first, last) = ((n - 1) * 100 + 1, n * 100);
    Some(match era {
        CenturyEra::Gregorian(Era::Common) => {
            (format!("{}/{}", iso_year(first), iso_year(last)), None)
        }
        CenturyEra::Gregorian(Era::BeforeCommon) => (
            format!("{}/{}", iso_year(1 - last), iso_year(1 - first)),
            None,
        ),
        CenturyEra::Hijri => (
            months_range(first as i32, 1, last as i32, 12)?,
            Some(format!("{first:04}/{last:04}")),
        ),
    })
}

/// «القرن التاسع عشر الميلادي», «القرن الخامس الهجري»: a century.
pub(super) fn century(cx: &Cx, i: usize) -> Option<Hit> {
    let (c, start) = century_at(cx, i, false)?;
    let (normalized, hijri) = century_range(c.n, c.era)?;
    Some(Hit {
        hijri,
        ..Hit::new(
            FactKind::Century,
            start..cx.end(c.next - 1),
            normalized,
            c.next,
        )
    })
}

/// The tens of a decade word («التسعينيات» → 90), and the bytes of its prefix as written.
fn decade_word(cx: &Cx, i: usize) -> Option<(i64, usize)> {
    let folded = cx.folded(i).filter(|w| w.ends_with("ات"))?;
    let (prefix, word) = unprefixed(folded);
    let word = word.strip_prefix("ال").unwrap_or(&word);
    let stem = word
        .strip_suffix("يات")
        .or_else(|| word.strip_suffix("ات"))?;
    let tens = match stem {
        "عشرين" => 20,
        "ثلاثين" => 30,
        "اربعين" => 40,
        "خمسين" => 50,
        "ستين" => 60,
        "سبعين" => 70,
        "ثمانين" => 80,
        "تسعين" => 90,
        _ => return None,
    };
    Some((tens, cx.written_prefix(i, prefix)))
}

/// «التسعينيات», «الثمانينيات من القرن الماضي», «ستينيات القرن التاسع عشر»: a decade.
pub(super) fn decade(cx: &Cx, i: usize) -> Option<Hit> {
    let (tens, prefix) = decade_word(cx, i)?;
    let start = cx.start(i) + prefix;
    // The century: after «من», or in construct right after the decade.
    let of = match cx.folded(i + 1) {
        Some("من") => century_at(cx, i + 2, true),
        _ => century_at(cx, i + 1, true),
    }
    .map(|(c, _)| c);
    let (n, era, next) = match &of {
        Some(c) => (c.n, c.era, c.next),
        None => (20, CenturyEra::Gregorian(Era::Common), i + 1),
    };
    let base = (n - 1) * 100 + tens;
    let (normalized, hijri) = match era {
        CenturyEra::Gregorian(Era::Common) => {
            (format!("{}/{}", iso_year(base), iso_year(base + 9)), None)
        }
        CenturyEra::Gregorian(Era::BeforeCommon) => return None,
        CenturyEra::Hijri => (
            months_range(base as i32, 1, base as i32 + 9, 12)?,
            Some(format!("{base:04}/{:04}", base + 9)),
        ),
    };
    Some(Hit {
        hijri,
        ..Hit::new(FactKind::Decade, start..cx.end(next - 1), normalized, next)
    })
}
