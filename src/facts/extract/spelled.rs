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
//! - a cardinal of three or more before a noun: a count («ثلاث دول», «خمسة وعشرون عامًا»), the noun in
//!   the case the number asks for where the text writes vowels (see [`super::label`]), with a share of
//!   it after («ثلاثة وثلاثون دينارًا وثلث دينار»); before «من» and a definite noun, a count of those
//!   («عَشْرٌ مِنَ الإِبِلِ»); after a definite noun, the definite number counts it («الدول الثلاث»);
//!   a cardinal of ten or more in two words or more on its own, or one word with nominative tanween
//!   («أَرْبَعٌ مَنْ كُنَّ فِيهِ»), is a figure («ثلاثمائة وخمسون»; one word alone may be a name: «اللام
//!   ألف»);
//! - after «سنة» or «عام» and before «للهجرة»: a Hijri year («سنة خمس وخمسين للهجرة», «السنة الثالثة
//!   للهجرة»);
//! - a fraction of a fraction: a rate («ربع العشر» = 2.5 %); a share named alone with its vowels
//!   («السُّدُسَ»); a dual of time («كل سنتين», «قرنين ونصف»), not counted back («قبل عامين»).
//!
//! Not facts: numbers inside the names and titles in [`NAMES`] («ألف ليلة وليلة», «مجموعة
//! العشرين») or inside a short quotation, which is a title («رواية «مئة عام من العزلة»»), and «أحد»,
//! «واحد» used as pronouns (the reader does not read them alone).

use std::sync::OnceLock;

use super::digits::{currency, percent_words, ranking};
use super::label::{case_fits, counted, in_construct, noun_after, particle, tanween};
use super::{is_arabic_word, unprefixed, Cx, Hit};
use crate::facts::words::{self, fold, is_mark, Form};
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
    // «الثالث عشر», «وبضعة عشر»: a lone ten after a number word (or «بضع») is the end of it.
    let after_number = cx.before(i).filter(|&p| cx.joined(p)).is_some_and(|p| {
        words::read(&cx.run(p)[..1]).is_some()
            || matches!(cx.folded(p), Some("بضع" | "بضعه" | "وبضعه" | "وبضع"))
    });
    if n.used == 1 && n.value == 10.0 && after_number {
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
            if n.value < 2.0 {
                return None;
            }
            if n.definite {
                // «في السنة الثالثة للهجرة».
                let year_before = cx
                    .before(i)
                    .and_then(|p| cx.folded(p))
                    .is_some_and(|w| unprefixed(w).1 == "السنه" || unprefixed(w).1 == "العام");
                if year_before {
                    let p = cx.before(i)?;
                    let from = cx.start(p) + cx.written_prefix(p, unprefixed(cx.folded(p)?).0);
                    if let Some(hit) = hijri_year_in_words(cx, from, last, n.value) {
                        return Some(hit);
                    }
                }
                return ranked_by(cx, i, start, last, value);
            }
            // «رابع الخلفاء الراشدين», «عاشر السلاطين»: a rank among those the definite noun names.
            let among = cx
                .folded(last + 1)
                .is_some_and(|w| w.starts_with("ال") && !particle(w));
            if among && noun_after(cx, last + 1) {
                return hit(FactKind::Ordinal, last + 1);
            }
            let sup = cx.folded(last + 1)?;
            if !SUPERLATIVES.contains(&sup) || !cx.joined(last) {
                return None;
            }
            // What it ranks, and the adjective of relation after it: «رابع أكبر ترسانة نووية»;
            // without it («ثالث أو رابع أكبر من»), the rank is not stated whole.
            let mut end = last + 2;
            if !noun_after(cx, end) {
                return None;
            }
            if noun_after(cx, end + 1) && relation_adjective(cx.folded(end + 1).unwrap_or("")) {
                end += 1;
            }
            hit(FactKind::Ordinal, end)
        }
        // «ربع العشر»: a fraction of a fraction is a rate, 2.5 %.
        Form::Fraction if n.used == 2 && cx.folded(last).is_some_and(|w| w.starts_with("ال")) => {
            Some(Hit::new(
                FactKind::Percentage,
                start..cx.end(last),
                plain(n.value * 100.0),
                last + 1,
            ))
        }
        // A fraction with tanween or the article is not in construct: the word after it is not
        // what it divides («بعد كل سُبْعٍ ركعتين», «النصف طعامًا»).
        // «في أسبوع ونصف قطعه»: a half behind و is the share of the noun before it, not of what
        // follows.
        Form::Fraction
            if n.prefix > 0
                && cx.word(i).is_some_and(|w| w.starts_with('و'))
                && cx.before(i).is_some_and(|p| cx.joined(p))
                && currency(cx, last + 1).is_none() =>
        {
            None
        }
        // «نِصْفُ دِينَارٍ»: a share of a currency is an amount.
        Form::Fraction if !n.definite && currency(cx, last + 1).is_some() && cx.joined(last) => {
            hit(FactKind::Money, currency(cx, last + 1)?)
        }
        // «أَعْطَاهَا السُّدُسَ», «وَلِلزَّوْجَةِ الثُّمُنُ»: a share named alone, where the vowels say it is one
        // (not behind a prefix: «بِالنِّصْفِ», «وَالْعُشْرُ» point back at a share already named).
        Form::Fraction
            if n.definite
                && n.used == 1
                && n.prefix == 0
                && cx.word(i).is_some_and(|w| w.contains(is_mark)) =>
        {
            hit(FactKind::Fraction, last)
        }
        Form::Fraction => (noun_after(cx, last + 1) && !n.definite && !tanween(cx.word(last)))
            .then(|| hit(FactKind::Fraction, last + 1))
            .flatten(),
        Form::Cardinal => {
            if let Some(end) = percent_words(cx, last + 1) {
                return hit(FactKind::Percentage, end);
            }
            if let Some(end) = currency(cx, last + 1) {
                return Some(with_share(cx, start, n.value, end, FactKind::Money));
            }
            let whole = n.value.fract() == 0.0;
            if let Some(p) = cx.before(i) {
                let (_, w) = unprefixed(cx.folded(p)?);
                let year_noun = matches!(w.as_str(), "عام" | "سنه" | "العام" | "السنه");
                // «سَنَةَ خَمْسٍ وَخَمْسِينَ لِلْهِجْرَةِ»: a Hijri year in words.
                if year_noun && whole {
                    if let Some(hit) = hijri_year_in_words(cx, start, last, n.value) {
                        return Some(hit);
                    }
                }
                if year_noun && whole && (1000.0..3000.0).contains(&n.value) {
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
            // A number with tanween is not in construct: the word after it is not what it counts
            // («مِنْ كُلِّ خَمْسٍ شَاةٌ», in every five, a sheep).
            let plain_case = cx.word(last + 1).is_some_and(|w| case_fits(w, n.value));
            // «خَمْسٌ وَعِشْرُونَ بِنْتَ مَخَاضٍ»: a noun in construct is counted with its genitive.
            let construct = !plain_case && in_construct(cx, last + 1, n.value);
            if !n.definite
                && !tanween(cx.word(last))
                && (plain_case || construct)
                && counted(cx, last + 1)
            {
                if n.used == 1 && authored(cx, i, last + 1) {
                    return None;
                }
                let noun = last + 1 + usize::from(construct);
                return Some(with_share(cx, start, n.value, noun, FactKind::Count));
            }
            // «عَشْرٌ مِنَ الإِبِلِ», «خمسة من اللاعبين»: a number, «من» and what it counts, definite.
            if !n.definite && cx.folded(last + 1) == Some("من") && cx.joined(last) {
                let w = cx.folded(last + 2).unwrap_or("");
                if w.starts_with("ال") && !particle(w) && noun_after(cx, last + 2) {
                    return hit(FactKind::Count, last + 2);
                }
            }
            if n.definite && n.prefix == 0 {
                // «الدول الثلاث»: the noun before is what it counts (not behind و: «التوبة
                // والأربعة الحرم»); unless another word of its phrase comes before it, which may
                // be what is counted («قارات العالم السبع») or the noun an adjective describes
                // («العالم القديم الثلاثة»); a verb before it is not one («اجتمع الوزراء السبعة»).
                let p = cx.before(i).filter(|&p| cx.joined(p))?;
                let w = cx.folded(p)?;
                if !is_arabic_word(cx.word(p)?) || !w.starts_with("ال") || particle(w) {
                    return None;
                }
                if let Some(q) = cx.before(p).filter(|&q| cx.joined(q)) {
                    // A noun in construct (a plural in «ات»: «قارات») or a definite noun described.
                    let before = cx.folded(q).unwrap_or("");
                    let phrase = before.ends_with("ات") || before.starts_with("ال");
                    if is_arabic_word(cx.word(q).unwrap_or("")) && !particle(before) && phrase {
                        return None;
                    }
                }
                return Some(Hit::new(
                    FactKind::Count,
                    cx.start(p)..cx.end(last),
                    value,
                    last + 1,
                ));
            }
            // On its own, a number of two words or more («ثلاثمائة وخمسون»): one word alone may be
            // something else («اللام ألف»), unless its nominative tanween says it is a number whose
            // noun is left unsaid («أَرْبَعٌ مَنْ كُنَّ فِيهِ»): a figure to look at.
            let nominative = cx
                .word(last)
                .is_some_and(|w| super::label::vowelled_end(w).ends_with('\u{064C}'));
            ((n.value >= 10.0 && n.used > 1) || (n.used == 1 && nominative && !n.definite))
                .then(|| hit(FactKind::Number, last))
                .flatten()
        }
    }
}

/// Nouns of time in the dual, folded: a count of two («كل سنتين», «استمر يومين»).
const DUALS: [&str; 17] = [
    "سنتين",
    "سنتان",
    "عامين",
    "عامان",
    "شهرين",
    "شهران",
    "يومين",
    "يومان",
    "اسبوعين",
    "اسبوعان",
    "ساعتين",
    "ساعتان",
    "قرنين",
    "قرنان",
    "ليلتين",
    "ليلتان",
    "دقيقتين",
];

/// Nouns of time in the singular, folded: with «ونصف» after them, one and a half.
const ONE_OF_TIME: [&str; 8] = ["عام", "سنه", "شهر", "يوم", "اسبوع", "ساعه", "قرن", "دقيقه"];

/// «كل سنتين», «استمر يومين»: a dual of time counts two of it; «عام ونصف» one and a half.
pub(super) fn dual(cx: &Cx, i: usize) -> Option<Hit> {
    let folded = cx.folded(i)?;
    // «قبل عامين», «منذ عام ونصف»: a time counted back from when the text was written is no fact.
    if matches!(
        cx.before(i).and_then(|p| cx.folded(p)),
        Some("قبل" | "وقبل" | "منذ" | "بعد" | "وبعد")
    ) {
        return None;
    }
    // «نحو عام ونصف»: one and a half.
    if ONE_OF_TIME.contains(&folded) && cx.joined(i) && cx.folded(i + 1) == Some("ونصف") {
        return Some(Hit::new(
            FactKind::Count,
            cx.start(i)..cx.end(i + 1),
            "1.5".into(),
            i + 2,
        ));
    }
    // Indefinite («السنتين الماضيتين» names two years, it does not count them), perhaps behind one
    // letter: «بيومين», «ليومين».
    let prefix = dual_prefix(folded)?;
    let start = cx.start(i) + cx.written_prefix(i, prefix);
    // «قرنين ونصف»: two and a half.
    if cx.joined(i) && cx.folded(i + 1) == Some("ونصف") {
        return Some(Hit::new(
            FactKind::Count,
            start..cx.end(i + 1),
            "2.5".into(),
            i + 2,
        ));
    }
    Some(Hit::new(
        FactKind::Count,
        start..cx.end(i),
        "2".into(),
        i + 1,
    ))
}

/// A count or amount of `value` from byte `start` to its noun at token `noun`, with a share of that
/// noun after it: «ثَلاَثَةٌ وَثَلاَثُونَ دِينَارٍ وَثُلُثُ دِينَارٍ» is 33⅓ dinars, «ثَلاَثُ فَرَائِضَ وَثُلُثُ
/// فَرِيضَةٍ» 3⅓.
fn with_share(cx: &Cx, start: usize, value: f64, noun: usize, kind: FactKind) -> Hit {
    let share = cx
        .joined(noun)
        .then(|| words::read(&cx.run(noun + 1)[..cx.run(noun + 1).len().min(1)]))
        .flatten()
        .filter(|s| s.form == Form::Fraction && s.prefix > 0 && s.used == 1 && !s.definite);
    // «… دِينَارٍ وَثُلُثُ دِينَارٍ», or the share alone: «أربع ساعات وربع» (4¼ hours).
    let (value, end) = match share {
        Some(s) if counted(cx, noun + 2) && same_noun(cx, noun, noun + 2) => {
            (value + s.value, noun + 2)
        }
        // (Not «ثلاث دول ونصف السكان», «دينار ونصف درهم»: a share of a noun of its own.)
        Some(s) if !cx.joined(noun + 1) || !share_of_its_own(cx, noun + 2) => {
            (value + s.value, noun + 1)
        }
        _ => (value, noun),
    };
    Hit::new(kind, start..cx.end(end), plain(value), end + 1)
}

/// «القارة الثالثة من حيث عدد السكان», «الدولة التاسعة عشر كأكبر اقتصاد», «الثاني عربيًا»: a
/// definite ordinal ranks the noun before it by what follows («من حيث», «كأكبر», «عالميًا»); without
/// such words it only names («الفصل الثالث», «الأيام الأولى»).
fn ranked_by(cx: &Cx, i: usize, start: usize, last: usize, value: String) -> Option<Hit> {
    let next = cx.folded(last + 1)?;
    let by = match next {
        "من" => cx.folded(last + 2) == Some("حيث"),
        "عالميا" | "عربيا" | "اقليميا" | "افريقيا" | "اوروبيا" | "اسيويا" => {
            true
        }
        w => w.starts_with("كاكبر") || w.starts_with("كاكثر"),
    };
    if !by || !cx.joined(last) {
        return None;
    }
    let start = cx
        .before(i)
        .filter(|&p| cx.joined(p))
        .filter(|&p| {
            cx.folded(p)
                .is_some_and(|w| w.starts_with("ال") && !particle(w))
        })
        .map_or(start, |p| cx.start(p));
    Some(Hit::new(
        FactKind::Ordinal,
        start..cx.end(last),
        value,
        last + 1,
    ))
}

/// True when token `i`, after a share, is the noun that share is of: definite without a prefix
/// («ونصف السكان») or a noun it counts («ونصف درهم»); not a phrase of its own («وربع بالسيارة»).
fn share_of_its_own(cx: &Cx, i: usize) -> bool {
    noun_after(cx, i) && (cx.folded(i).is_some_and(|w| w.starts_with("ال")) || counted(cx, i))
}

/// True when tokens `a` and `b` are the same noun, perhaps in another number: their first two letters
/// agree («دينار … دينار», «فرائض … فريضة»; not «ساعات … بالسيارة»).
fn same_noun(cx: &Cx, a: usize, b: usize) -> bool {
    let start = |i: usize| -> String { cx.folded(i).unwrap_or("").chars().take(2).collect() };
    start(a).chars().count() == 2 && start(a) == start(b)
}

/// True when the folded word is a dual of time that counts two («يومين», «قرنين»).
pub(super) fn is_dual(folded: &str) -> bool {
    dual_prefix(folded).is_some()
}

/// When the folded word is a dual of time, perhaps behind one letter («بيومين»), the bytes of that
/// letter (0 without one).
fn dual_prefix(folded: &str) -> Option<usize> {
    if DUALS.contains(&folded) {
        return Some(0);
    }
    let word = folded
        .strip_prefix(['و', 'ب', 'ل', 'ف'])
        .filter(|w| DUALS.contains(w))?;
    Some(folded.len() - word.len())
}

/// A Hijri year a number in words names, from byte `start` to its era words after token `last`
/// («سَنَةَ خَمْسٍ وَخَمْسِينَ لِلْهِجْرَةِ», «السنة الثالثة للهجرة», «العام العاشر من الهجرة»).
fn hijri_year_in_words(cx: &Cx, start: usize, last: usize, value: f64) -> Option<Hit> {
    let end = match (cx.folded(last + 1), cx.folded(last + 2)) {
        (Some("للهجره" | "هجريه" | "هجري" | "ه"), _) => last + 1,
        (Some("من"), Some("الهجره")) => last + 2,
        _ => return None,
    };
    let y = value as i32;
    if !(1..=1500).contains(&y) || value.fract() != 0.0 {
        return None;
    }
    Some(Hit {
        hijri: Some(format!("{y:04}")),
        ..Hit::new(
            FactKind::HijriYear,
            start..cx.end(end),
            super::hijri::months_range(y, 1, y, 12)?,
            end + 1,
        )
    })
}
