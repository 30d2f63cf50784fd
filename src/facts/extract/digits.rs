//! Figures written in digits (Western or Arabic-Indic): percentages («15٪», «٪١٥», «من 75% إلى
//! 80%»), money and counts with a scale word (`380 مليار دولار`), ranges sharing a noun («29 أو 30
//! يومًا»), ordinals after a ranking noun (`الدورة 75`), counts and measures (`27 دولة`, `850 كم²`)
//! and other figures.

use super::label::{case_fits, counted};
use super::{unprefixed, Cx, Hit};
use crate::facts::words::fold;
use crate::model::FactKind;

/// Nouns a number after them counts the rank of (`الدورة 75`: the 75th session). The parts of a text
/// (الفصل، الفقرة، البند) are not among them: «الفصل الثالث» refers to a chapter, it states no fact.
const ORDINAL_NOUNS: [&str; 17] = [
    "الدقيقة",
    "الدورة",
    "الذكرى",
    "المؤتمر",
    "القمة",
    "الجلسة",
    "المرتبة",
    "الاجتماع",
    "النسخة",
    "الطبعة",
    "المركز",
    "الجولة",
    "المنتدى",
    "العيد",
    "الولاية",
    "الحلقة",
    "الموسم",
];

pub(super) const CURRENCIES: [&str; 24] = [
    "دولار",
    "دولارات",
    "دنانير",
    "دراهم",
    "ريالات",
    "جنيهات",
    "روبلات",
    "ليره",
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
    "قرش",
    "قروش",
    "يوروهات",
    "فرنك",
];

/// Adjectives of a currency that belong to the amount (`دولار أمريكي`).
const CURRENCY_ADJECTIVES: [&str; 4] = ["أمريكي", "أميركي", "أوروبي", "كازاخستاني"];

/// «15٪», «١٢٫٥ %», «20 في المائة», «25 بالمئة», and the sign before the number: «٪١٥», «% 15».
pub(super) fn percentage(cx: &Cx, i: usize) -> Option<Hit> {
    if let Some(sign) = cx.word(i).filter(|w| w.starts_with(['٪', '%'])) {
        let body = &sign['%'.len_utf8().max(sign.chars().next()?.len_utf8())..];
        let (n, last) = match super::number(body) {
            Some(n) => (n, i),
            None if body.is_empty() && cx.joined(i) => {
                let next = cx.number(i + 1).filter(|n| n.rest.is_empty())?;
                (next.n.clone(), i + 1)
            }
            None => return None,
        };
        return Some(Hit::new(
            FactKind::Percentage,
            cx.start(i)..cx.end(last),
            n,
            last + 1,
        ));
    }
    let num = cx.number(i)?;
    // «5%-10%»: a range in one token.
    if let Some(upper) = num
        .rest
        .strip_prefix(['٪', '%'])
        .and_then(|r| r.strip_prefix(['-', '–']))
        .and_then(|r| r.strip_suffix(['٪', '%']))
        .and_then(super::number)
    {
        return Some(Hit::new(
            FactKind::Percentage,
            num.start..cx.end(i),
            format!("{}/{upper}", num.n),
            i + 1,
        ));
    }
    // «1.8%-»: a dash the text leaves after the sign is not part of it.
    let dash = num.rest.len() - num.rest.trim_end_matches(['-', '–']).len();
    let (last, end) = if matches!(num.rest.trim_end_matches(['-', '–']), "٪" | "%") {
        (i, cx.end(i) - dash)
    } else if !num.rest.is_empty() {
        return None;
    } else {
        let last = percent_words(cx, i + 1)?;
        (last, cx.end(last))
    };
    // «من 75% إلى 80%», «بين 11٪ و14٪»: a range; not «ارتفع من 22٪ إلى 45٪», a change.
    let between = cx.before(i).and_then(|p| cx.folded(p)) == Some("بين");
    let (upper_at, connector) = match cx.folded(last + 1) {
        Some("الي" | "حتي" | "-" | "–") => (last + 2, true),
        Some("و") if between => (last + 2, true),
        Some(w) if between && w.starts_with('و') => (last + 1, true),
        _ => (last, false),
    };
    if connector && cx.joined(last) && !changes(cx, i) {
        let sign = |n: &super::Num| matches!(n.rest, "٪" | "%");
        if let Some(upper) = cx.number(upper_at).filter(|n| sign(n)) {
            return Some(Hit::new(
                FactKind::Percentage,
                num.start..cx.end(upper_at),
                format!("{}/{}", num.n, upper.n),
                upper_at + 1,
            ));
        }
    }
    Some(Hit::new(
        FactKind::Percentage,
        num.start..end,
        num.n.clone(),
        last + 1,
    ))
}

/// True when «من» before token `i` follows a verb of change, within eight words («ارتفع من 22٪ إلى
/// 45٪», «ورفع نسبة مشاركة النساء من 22٪»: two figures, a before and an after, not a range).
fn changes(cx: &Cx, i: usize) -> bool {
    const STEMS: [&str; 19] = [
        "ارتفع",
        "انخفض",
        "رفع",
        "زاد",
        "تراجع",
        "هبط",
        "قفز",
        "خفض",
        "يرتفع",
        "ترتفع",
        "ينخفض",
        "تنخفض",
        "يتراجع",
        "يزيد",
        "تزيد",
        "يرفع",
        "ترفع",
        "يهبط",
        "تهبط",
    ];
    let Some(p) = cx.before(i).filter(|&p| cx.folded(p) == Some("من")) else {
        return false;
    };
    // The verb and what changes: «ورفع نسبة مشاركة النساء في سوق الشغل من 22٪ إلى 45٪».
    (p.saturating_sub(8)..p).any(|v| {
        let verb = cx.folded(v).unwrap_or("");
        let verb = verb.strip_prefix(['و', 'ف']).unwrap_or(verb);
        STEMS.iter().any(|s| verb.starts_with(s))
    })
}

/// The last token of a percent sign or «في المائة», «بالمئة» at token `i`.
pub(super) fn percent_words(cx: &Cx, i: usize) -> Option<usize> {
    match cx.folded(i)? {
        "٪" | "%" | "بالمائه" | "بالمئه" => Some(i),
        "في" if matches!(cx.folded(i + 1), Some("المائه" | "المئه")) => Some(i + 1),
        _ => None,
    }
}

/// «ما بين 50 و 100 مليون حالة», «29 أو 30 يومًا», «5 إلى 10٪»: two numbers sharing the scale, unit
/// or noun after the second, as a range (`normalized` `50000000/100000000`).
pub(super) fn range(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i).filter(|n| n.rest.is_empty())?;
    // «في 1990 و1995 حدث»: years, read as years; «الدورة 75 و380 مليار»: a rank.
    let ranked = cx.before(i).is_some_and(|p| ranking(cx, p).is_some());
    if ranked || super::years::plain_year(&num.n).is_some() && super::years::year_cue(cx, i) {
        return None;
    }
    let second = match cx.folded(i + 1)? {
        "او" | "الي" | "حتي" | "-" | "–" | "و" if cx.joined(i) && cx.joined(i + 1) => {
            i + 2
        }
        w if w.starts_with('و') && cx.joined(i) && cx.number(i + 1).is_some() => i + 1,
        _ => return None,
    };
    let b = cx.number(second)?;
    let hit = [percentage, scaled, count]
        .iter()
        .find_map(|r| r(cx, second))?;
    let (a, b): (f64, f64) = (num.n.parse().ok()?, b.n.parse().ok()?);
    let scale = hit.normalized.parse::<f64>().ok()? / b;
    if a >= b || !scale.is_finite() {
        return None;
    }
    // The scale is a power of ten (or 1): rounded, «2.1 أو 2.3 مليون» is 2100000/2300000.
    let lower = (a * scale * 1e6).round() / 1e6;
    Some(Hit::new(
        hit.kind,
        num.start..hit.at.end,
        format!("{lower}/{}", hit.normalized),
        hit.next,
    ))
}

/// «380 مليار دولار أمريكي», «3 ملايين نسمة»: a number with a scale word, then a currency (money) or
/// the thing counted.
pub(super) fn scaled(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i)?;
    // («قرابة 156 ألفًا»: in any case.)
    let scale = match cx.folded(i + 1)? {
        "مليار" | "مليارا" | "مليارات" | "billion" => 1e9,
        "مليون" | "مليونا" | "ملايين" | "million" => 1e6,
        "تريليون" | "تريليونا" => 1e12,
        "الف" | "الفا" | "الاف" | "thousand" => 1e3,
        _ => return None,
    };
    if !num.rest.is_empty() {
        return None;
    }
    // «44,579 مليون»: before a million or more, a comma is the decimal point (44.579 million).
    let written = cx.word(i)?;
    let n = match written.matches(',').count() {
        1 if scale >= 1e6 => super::number(&written[num.start - cx.start(i)..].replace(',', "."))?,
        _ => num.n.clone(),
    };
    let value = n.parse::<f64>().ok()? * scale;
    let (kind, last) = match currency(cx, i + 2) {
        Some(last) => (FactKind::Money, last),
        None if counted(cx, i + 2) => (FactKind::Count, square(cx, i + 2)),
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

/// Where the noun at token `i` starts, when it ranks the number after it (`الدورة`; behind a prefix,
/// `والدورة`, `بالذكرى`, `للذكرى`, as [`unprefixed`] reads them).
pub(super) fn ranking(cx: &Cx, i: usize) -> Option<usize> {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let nouns = FOLDED.get_or_init(|| ORDINAL_NOUNS.iter().map(|n| fold(n).into()).collect());
    let (prefix, word) = unprefixed(cx.folded(i)?);
    // «دورته السابعة والعشرين»: the noun with its pronoun ranks too.
    let owned = ["ها", "هم", "ه"]
        .iter()
        .find_map(|p| word.strip_suffix(p))
        .map(|w| {
            format!(
                "ال{}",
                w.strip_suffix('ت')
                    .map_or(w.to_string(), |s| format!("{s}ه"))
            )
        });
    (nouns.contains(&word) || owned.is_some_and(|w| nouns.contains(&w)))
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

/// «27 دولة», «500 دولار», «365.25 يومًا», «78990 كم2»: a number before a word: a count (or measure)
/// of that thing (money when it is a currency).
pub(super) fn count(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i).filter(|n| n.rest.is_empty())?;
    // «46,330 $»: dollars by their sign.
    if cx.gap(i).starts_with('$') {
        let sign = cx.text[cx.end(i)..].find('$')? + cx.end(i) + 1;
        return Some(Hit::new(
            FactKind::Money,
            num.start..sign,
            num.n.clone(),
            i + 1,
        ));
    }
    // A fraction of a unit («3.14 ونهاية»): what a decimal measures is not behind a conjunction.
    let measured = num.whole().is_some() || !cx.folded(i + 1).is_some_and(|w| w.starts_with('و'));
    let (kind, last) = match currency(cx, i + 1) {
        Some(last) => (FactKind::Money, last),
        None if (measured && counted(cx, i + 1) && fits(cx, i + 1)) || unit(cx, i + 1) => {
            (FactKind::Count, square(cx, i + 1))
        }
        None => return None,
    };
    // «9 قيم null»: a noun followed by a name of code describes the code.
    let next = if cx.joined(last) {
        cx.word(last + 1).unwrap_or("")
    } else {
        cx.gap(last)
    };
    if next.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(Hit::new(
        kind,
        num.start..cx.end(last),
        num.n.clone(),
        last + 1,
    ))
}

/// The last token of a unit at token `i`: «مربع» or «مكعب» after it belong to it («كيلومتر مربع»).
fn square(cx: &Cx, i: usize) -> usize {
    match cx.folded(i + 1) {
        Some("مربع" | "مربعا" | "مكعب" | "مكعبا") if cx.joined(i) => i + 1,
        _ => i,
    }
}

/// Whether the word at token `i` can be what a number in digits before it counts: the digits do not
/// say which case the noun takes, so only a nominative or a dual is ruled out ([`case_fits`]).
fn fits(cx: &Cx, i: usize) -> bool {
    cx.word(i)
        .is_some_and(|w| case_fits(w, 1.0) || case_fits(w, 11.0))
}

/// True when token `i`, joined to the number before it, is a unit of area or volume written with its
/// power («كم2», «م²»).
fn unit(cx: &Cx, i: usize) -> bool {
    let Some(w) = cx.word(i).filter(|_| i > 0 && cx.joined(i - 1)) else {
        return false;
    };
    let letters = w.trim_end_matches(['2', '3', '²', '³', '٢', '٣']);
    letters.len() < w.len() && matches!(letters, "كم" | "م" | "سم" | "مم" | "كلم")
}

/// Any other number in digits, standing alone in its token (not «25/21», «354+376», «12ربیع»); a
/// whole number below ten that counts nothing («القسمة على 2») is not a fact.
pub(super) fn figure(cx: &Cx, i: usize) -> Option<Hit> {
    let num = cx.number(i).filter(|n| n.rest.is_empty())?;
    if num.whole().is_some_and(|n| n < 10) {
        return None;
    }
    Some(Hit::new(
        FactKind::Number,
        num.start..cx.end(i),
        num.n.clone(),
        i + 1,
    ))
}
