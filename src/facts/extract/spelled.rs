//! Numbers written in words ([`crate::facts::words`] reads them), and which of them state a fact:
//!
//! - with «بالمئة», «في المائة» or a percent sign: a percentage («خمسة وعشرون بالمئة»);
//! - with a currency: money («ثلاثة ملايين دولار», «مليار يورو»);
//! - after «عام» or «سنة», a whole number from 1000 to 2999: a year («عام ألف وتسعمائة وواحد
//!   وتسعين»);
//! - an ordinal after a ranking noun («الذكرى الخامسة عشرة», «بالذكرى الثلاثين», «الدورة الأولى») or
//!   before a superlative («رابع أكبر ترسانة»): an ordinal; «الأول» anywhere else is not a fact («في
//!   المقام الأول», «الأيام الأولى»), nor any other ordinal without such a word;
//! - a fraction before a noun: a fraction («نصف السكان», «ثلاثة أرباع الأراضي»);
//! - a cardinal of three or more before a noun: a count («ثلاث دول», «خمسة وعشرون عامًا»); after a
//!   definite noun, the definite number counts it («الدول الثلاث»); a cardinal of ten or more in two
//!   words or more on its own is a figure («ثلاثمائة وخمسون»; one word alone may be a name: «اللام
//!   ألف»).
//!
//! Not facts: numbers inside the names and titles in [`NAMES`] («ألف ليلة وليلة», «مجموعة
//! العشرين») or inside a short quotation, which is a title («رواية «مئة عام من العزلة»»), and «أحد»,
//! «واحد» used as pronouns (the reader does not read them alone).

use std::sync::OnceLock;

use super::digits::{currency, percent_words, ranking};
use super::{is_arabic_word, unprefixed, Cx, Hit};
use crate::facts::words::{self, fold, Form};
use crate::model::FactKind;

/// Names and titles with a number in them: the number is part of the name, not a fact.
pub const NAMES: [&str; 14] = [
    "ألف ليلة وليلة",
    "مجموعة العشرين",
    "مجموعة السبع",
    "مجموعة الثماني",
    "مجموعة الثمانية",
    "مجموعة الخمس",
    "مجموعة الـ77",
    "الحرب العالمية الأولى",
    "الحرب العالمية الثانية",
    "الخلفاء الراشدين الأربعة",
    "نصف الكرة",
    "الأئمة الأربعة",
    "العشر الأواخر",
    "الخطة الخمسية",
];

/// Superlatives an ordinal ranks («رابع أكبر»), folded.
const SUPERLATIVES: [&str; 20] = [
    "اكبر", "اكثر", "اهم", "اطول", "اعلي", "اقوي", "اغني", "اسرع", "اقدم", "احدث", "اضخم", "اصغر",
    "اقل", "ادني", "افضل", "اعمق", "اوسع", "اغلي", "ابرز", "اعظم",
];

/// Words after a number that are not what it counts.
const PARTICLES: [&str; 24] = [
    "في", "من", "علي", "الي", "عن", "او", "ثم", "مع", "حتي", "منذ", "قد", "لا", "لم", "لن", "ما",
    "ان", "هو", "هي", "بين", "الذي", "التي", "كما", "و", "بعد",
];

/// The names folded word by word.
fn names() -> &'static [Vec<String>] {
    static FOLDED: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    FOLDED.get_or_init(|| {
        NAMES
            .iter()
            .map(|n| n.split(' ').map(|w| fold(w).into()).collect())
            .collect()
    })
}

/// True when one of [`NAMES`] covers token `i`.
fn in_name(cx: &Cx, i: usize) -> bool {
    names().iter().any(|name| {
        (0..name.len()).any(|k| {
            i >= k
                && name.iter().enumerate().all(|(j, w)| {
                    let Some(t) = cx.folded(i - k + j) else {
                        return false;
                    };
                    t == w || (j == 0 && unprefixed(t).1 == *w)
                })
        })
    })
}

/// A value as `normalized` gives it: `325`, `0.5`, `0.333333`.
fn plain(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value}")
    } else {
        let s = format!("{value:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A word a number can count: an Arabic word that is not a particle nor a number.
fn counted(cx: &Cx, i: usize) -> bool {
    cx.word(i).is_some_and(is_arabic_word)
        && !PARTICLES.contains(&cx.folded(i).unwrap_or(""))
        && cx.joined(i - 1)
        && words::read(&cx.run(i)[..1]).is_none()
}

/// «ألف» is also the verb «ألّف» (he wrote): «ألف ابن خلدون المقدمة», «ألف كتابا». A thousand counts
/// a noun in the genitive; before a name or a noun in the accusative («كتابًا») it is the verb.
fn authored(cx: &Cx, i: usize, noun: usize) -> bool {
    let (Some("الف"), Some(next)) = (cx.folded(i), cx.folded(noun)) else {
        return false;
    };
    let written = cx.word(noun).unwrap_or("");
    matches!(next, "ابن" | "ابو" | "بن" | "الشيخ" | "الامام" | "العلامه")
        || written.ends_with('\u{064B}')
        || written.ends_with("ًا")
        || next.ends_with('ا')
}

/// An adjective of relation (nisba: نووية، اقتصادي), folded.
fn relation_adjective(folded: &str) -> bool {
    folded.chars().count() >= 4 && (folded.ends_with("يه") || folded.ends_with('ي'))
}

/// The number in words at token `i`, when it states a fact.
pub(super) fn number(cx: &Cx, i: usize) -> Option<Hit> {
    if cx.in_title(i) {
        return None;
    }
    let n = words::read(cx.run(i))?;
    if in_name(cx, i) {
        return None;
    }
    let last = i + n.used - 1;
    let start = cx.start(i) + cx.keep_lam(i, n.prefix);
    let value = plain(n.value);
    let hit = |kind, end: usize| Some(Hit::new(kind, start..cx.end(end), value.clone(), end + 1));
    match n.form {
        Form::Ordinal => {
            if let Some(p) = cx.before(i).filter(|&p| cx.joined(p)) {
                if let Some(s) = ranking(cx, p) {
                    return Some(Hit::new(
                        FactKind::Ordinal,
                        s..cx.end(last),
                        value,
                        last + 1,
                    ));
                }
            }
            if n.definite || n.value < 2.0 {
                return None;
            }
            let sup = cx.folded(last + 1)?;
            if !SUPERLATIVES.contains(&sup) || !cx.joined(last) {
                return None;
            }
            // What it ranks, and the adjective of relation after it: «رابع أكبر ترسانة نووية».
            let mut end = last + 1;
            if counted(cx, end + 1) {
                end += 1;
                if counted(cx, end + 1) && relation_adjective(cx.folded(end + 1).unwrap_or("")) {
                    end += 1;
                }
            }
            hit(FactKind::Ordinal, end)
        }
        Form::Fraction => counted(cx, last + 1)
            .then(|| hit(FactKind::Fraction, last + 1))
            .flatten(),
        Form::Cardinal => {
            if let Some(end) = percent_words(cx, last + 1) {
                return hit(FactKind::Percentage, end);
            }
            if let Some(end) = currency(cx, last + 1) {
                return hit(FactKind::Money, end);
            }
            let whole = n.value.fract() == 0.0;
            if let Some(p) = cx.before(i) {
                let (_, w) = unprefixed(cx.folded(p)?);
                if matches!(w.as_str(), "عام" | "سنه" | "العام" | "السنه")
                    && whole
                    && (1000.0..3000.0).contains(&n.value)
                {
                    return Some(Hit::new(
                        FactKind::Year,
                        start..cx.end(last),
                        format!("{:04}", n.value as i64),
                        last + 1,
                    ));
                }
            }
            if n.value < 3.0 {
                return None;
            }
            if !n.definite && counted(cx, last + 1) {
                if n.used == 1 && authored(cx, i, last + 1) {
                    return None;
                }
                return hit(FactKind::Count, last + 1);
            }
            if n.definite {
                // «الدول الثلاث»: the noun before is what it counts.
                let p = cx.before(i).filter(|&p| cx.joined(p))?;
                let w = cx.folded(p)?;
                if !is_arabic_word(cx.word(p)?) || !w.starts_with("ال") || PARTICLES.contains(&w)
                {
                    return None;
                }
                return Some(Hit::new(
                    FactKind::Count,
                    cx.start(p)..cx.end(last),
                    value,
                    last + 1,
                ));
            }
            // On its own, a number of two words or more («ثلاثمائة وخمسون»): one word alone may be
            // something else («اللام ألف»).
            (n.value >= 10.0 && n.used > 1)
                .then(|| hit(FactKind::Number, last))
                .flatten()
        }
    }
}
