//! Numbers that state nothing about the world: they name or point at something. A fact is a statement
//! about the world; none of these is one, and no recogniser reads them:
//!
//! - the numbering of the parts of a text and of things in a list: a number after «رقم», «القسم»,
//!   «الفصل», «المادة», «الفقرة», «البند», «الآية», «الصفحة», «ص», «الجزء», «الباب», «الجدول»,
//!   «الشكل», «الحديث» … («المادة 12», «الصفحة 45 من الكتاب», «العلة رقم 12345», «قسم 1.5»), and the
//!   numbers that continue it («المواد 3 و4 و7», «الفقرات 2 إلى 5»);
//! - versions and identifiers: after «الإصدار» (and «النسخة» with a decimal: «النسخة 2.1»), after `#`
//!   or `№` («العملية #1»), after a Latin name («EPUB 3», «Windows 10», «version 2») or compared with one
//!   («react-native أقل من 0.59»);
//! - the values of a formula: the numbers of a sentence that writes one («إذا x = 3 …»);
//! - the marker of a list item («1) لبدء») and a number of one or two digits alone in parentheses
//!   («(3)»);
//! - a number quoted as a symbol («"1"», «'0'»);
//! - the made-up case a jurist rules on («في رجل كانت عنده ستون ومائة درهم …», «فلو مات رجل عن …»),
//!   up to the ruling;
//! - the number of a hadith in its collection («رواه مسلم (١٦١٥)»);
//! - the Quran: everything between «﴿» and «﴾» (the verses and their numbers «۝١»), and a reference
//!   in brackets or parentheses with a colon after it («[القلم: 1]», «(البقرة: 255)», «[النساء: 3-4]»),
//!   or of digits alone («[12]»).
//!
//! [`references`] marks the tokens of a paragraph that are such numbers, or inside such a citation.

use super::{split_number, Token};
use crate::facts::words::fold;

/// Nouns a number after them numbers or points at (folded, without prefixes).
const NOUNS: [&str; 67] = [
    "رقم",
    "الرقم",
    "ارقام",
    "الارقام",
    "برقم",
    "قسم",
    "القسم",
    "الاقسام",
    "فصل",
    "الفصل",
    "الفصول",
    "ماده",
    "الماده",
    "المواد",
    "فقره",
    "الفقره",
    "الفقرات",
    "بند",
    "البند",
    "البنود",
    "ايه",
    "الايه",
    "الايات",
    "صفحه",
    "الصفحه",
    "الصفحات",
    "ص",
    "صص",
    "جزء",
    "الجزء",
    "ج",
    "مجلد",
    "المجلد",
    "اصدار",
    "الاصدار",
    "الاصداره",
    "باب",
    "الباب",
    "جدول",
    "الجدول",
    "شكل",
    "الشكل",
    "السطر",
    "الملحق",
    "حديث",
    "الحديث",
    "مثال",
    "المثال",
    "خطوه",
    "الخطوه",
    "تمرين",
    "التمرين",
    "سؤال",
    "السؤال",
    "المنفذ",
    "منفذ",
    "سوره",
    "السوره",
    "الفرع",
    "الملف",
    "الرسم",
    "الاسطر",
    "صندوق",
    "البريد",
    "الهاتف",
    "هاتف",
    "الفاكس",
];

/// Nouns a number after them numbers only when it is a decimal («النسخة 2.1»; «النسخة 5» is an
/// edition).
const VERSION_NOUNS: [&str; 2] = ["النسخه", "نسخه"];

/// The collections of hadith and the words that cite them (folded): a number in parentheses after
/// them is the hadith's number.
const COLLECTIONS: [&str; 14] = [
    "رواه",
    "اخرجه",
    "البخاري",
    "مسلم",
    "الترمذي",
    "داود",
    "النسائي",
    "ماجه",
    "احمد",
    "مالك",
    "الدارمي",
    "صحيحه",
    "سننه",
    "مسنده",
];

/// Acts a number after «عدد» (or «رقم») numbers, folded.
const LAWS: [&str; 10] = [
    "القانون",
    "قانون",
    "المرسوم",
    "مرسوم",
    "القرار",
    "قرار",
    "الامر",
    "امر",
    "المنشور",
    "منشور",
];

/// Latin nouns a number after them names or points at, lowercase.
const LATIN_NOUNS: [&str; 9] = [
    "version", "v", "release", "chapter", "section", "page", "figure", "table", "article",
];

/// Words that continue a list or range of numbers («3 و4», «2 إلى 5», «1 أو 2»).
const CONTINUE: [&str; 5] = ["الي", "حتي", "و", "او", "-"];

/// The noun of `folded` that numbers what follows, if it is one: as written, or behind a conjunction
/// (و، ف) and a preposition (ب، ل، ك; ل and the article are written لل: «للمادة»).
fn noun(folded: &str) -> Option<String> {
    let known = |w: &str| NOUNS.contains(&w) || VERSION_NOUNS.contains(&w);
    let mut forms = vec![folded.to_string()];
    if let Some(w) = folded.strip_prefix(['و', 'ف']) {
        forms.push(w.to_string());
    }
    for w in forms.clone() {
        if let Some(r) = w.strip_prefix(['ب', 'ل', 'ك']) {
            forms.push(r.to_string());
        }
        if let Some(r) = w.strip_prefix("لل") {
            forms.push(format!("ال{r}"));
        }
    }
    forms.into_iter().find(|w| known(w))
}

/// The byte ranges of `text` between an opening and a closing character (either of each pair, in
/// either order: right-to-left texts write «﴿» and «﴾» both ways).
fn enclosed(text: &str, open: &[char], close: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(o) = text[from..].find(open) {
        let inside = from + o + text[from + o..].chars().next().map_or(1, char::len_utf8);
        let Some(c) = text[inside..].find(close) else {
            break;
        };
        out.push(inside..inside + c);
        from = inside + c + text[inside + c..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// True for a citation's inside: digits and dashes alone («12», «3-4»), perhaps after a name and a
/// colon («القلم: 1», «البقرة: 255»; not «ميلاد: 6 نوفمبر 1494»).
fn citation(inside: &str) -> bool {
    let numbers_only = |s: &str| {
        s.chars().any(|c| super::digit(c).is_some())
            && s.chars()
                .all(|c| super::digit(c).is_some() || " -–،,".contains(c))
    };
    match inside.rsplit_once([':', '：']) {
        Some((_, after)) => numbers_only(after),
        None => numbers_only(inside),
    }
}

/// The cases a jurist is asked about or puts («قَالَ مَالِكٌ فِي رَجُلٍ كَانَتْ عِنْدَهُ سِتُّونَ وَمِائَةُ
/// دِرْهَمٍ …», «سُئِلَ عَنْ رَجُلٍ اشْتَرَى سِلْعَةً بِعَشَرَةِ دَنَانِيرَ»): from «في رجل» or «عن رجل» (or
/// a woman, «امرأة») to the colon before the ruling or the next «قال». A case is made up; its
/// figures are not the world's, the ruling's after it are.
fn cases(text: &str, toks: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let person = |t: &Token| {
        matches!(
            fold(t.word).as_str(),
            "رجل" | "الرجل" | "امراه" | "المراه" | "رجلا" | "شخص" | "شخصا" | "ميت"
        )
    };
    for (k, pair) in toks.windows(2).enumerate() {
        // «في رجل …», «عن رجل …»; «فلو مات رجل عن …», «ولو ترك شخص …»: a supposed case.
        let asked = person(&pair[1]) && matches!(fold(pair[0].word).as_str(), "في" | "عن");
        let supposed = matches!(fold(pair[0].word).as_str(), "لو" | "فلو" | "ولو")
            && toks[k + 1..toks.len().min(k + 4)].iter().any(person);
        if !asked && !supposed {
            continue;
        }
        let start = pair[0].range.start;
        // The case runs until the ruling (after a colon) or the next saying; over several sentences
        // only in a text that writes its vowels (a jurist's), else to the end of its sentence
        // («بحثًا عن شخص ولد عام 1950.» ends there).
        let vowelled = pair[1].word.contains(crate::facts::words::is_mark);
        let stops: &[char] = if vowelled {
            &[':', '：']
        } else {
            &[':', '：', '.', '؟', '?', '!']
        };
        let colon = text[start..].find(stops).map_or(text.len(), |e| start + e);
        // («قال لرجل», said to a man, is the case's own.)
        let saying = (k + 2..toks.len())
            .find(|&j| {
                matches!(fold(toks[j].word).as_str(), "قال" | "وقال")
                    && !toks
                        .get(j + 1)
                        .is_some_and(|n| fold(n.word).starts_with('ل'))
            })
            .map_or(text.len(), |j| toks[j].range.start);
        out.push(start..colon.min(saying));
    }
    out
}

/// Comparatives a version is compared with (folded): «أقل من 0.59».
const COMPARATIVES: [&str; 4] = ["اقل", "اعلي", "احدث", "اقدم"];

/// The sentences of `text` that hold a formula: a Latin letter, then «=» («x = 3», «y = 2x»). Their
/// numbers are the formula's values («إذا x = 3, y لن تكون 9 أو 2.5»).
/// An equals sign inside `code` is the code's, not the sentence's.
fn formula_sentences(text: &str, code: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let ends = |c: char| matches!(c, '.' | '؟' | '?' | '!' | '؛' | ':');
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '.')))
    {
        if !ends(c) {
            continue;
        }
        let sentence = &text[start..i];
        let has_formula = sentence.match_indices('=').any(|(e, _)| {
            !code.iter().any(|r| r.contains(&(start + e)))
                && sentence[..e]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        });
        if has_formula {
            out.push(start..i);
        }
        start = i + c.len_utf8().min(text.len() - i);
    }
    out
}

/// For each token of `text`, whether it is a number that names or points at something, or part of
/// a Quran citation (see the module documentation).
pub(super) fn references(text: &str, toks: &[Token], code: &[std::ops::Range<usize>]) -> Vec<bool> {
    let mut skip: Vec<std::ops::Range<usize>> = enclosed(text, &['﴿', '﴾'], &['﴾', '﴿']);
    skip.extend(
        enclosed(text, &['['], &[']'])
            .into_iter()
            .filter(|r| citation(&text[r.clone()])),
    );
    skip.extend(enclosed(text, &['('], &[')']).into_iter().filter(|r| {
        let inside = text[r.clone()].trim();
        // «رواه مسلم (١٦١٥)», «البخاري (٦٧٣٢)»: the number of a hadith in its collection.
        let collection = text[..r.start.saturating_sub(1)]
            .split_whitespace()
            .rev()
            .take(3)
            .any(|w| {
                COLLECTIONS.contains(&fold(w.trim_matches(|c: char| !c.is_alphabetic())).as_str())
            });
        citation(inside)
            && (inside.contains([':', '：'])
                || collection
                || inside
                    .chars()
                    .filter(|c| super::digit(*c).is_some())
                    .count()
                    <= 2)
    }));
    let is_number = |t: &Token| split_number(t.word).is_some();
    let formulas = formula_sentences(text, code);
    skip.extend(cases(text, toks));
    let mut out: Vec<bool> = toks
        .iter()
        .map(|t| {
            skip.iter()
                .any(|r| r.start <= t.range.start && t.range.end <= r.end)
                || t.word.contains('۝')
        })
        .collect();
    for (i, t) in toks.iter().enumerate() {
        if out[i] || !is_number(t) {
            continue;
        }
        let before = text[..t.range.start].trim_end();
        let after = &text[t.range.end..];
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let between = prev.map_or("", |p| text[p.range.end..t.range.start].trim());
        // «#4521», «№ 3», a dialling code «(216+)» or «+216».
        let hash = before.ends_with(['#', '№', '+']) || after.starts_with('+');
        // «"1"», «'0'», ««3»».
        let quoted = text[..t.range.start].ends_with(['"', '“', '«', '\'', '‘'])
            && after.starts_with(['"', '”', '»', '\'', '’']);
        // «1) لبدء»: a list item's marker (no parenthesis open before it).
        let marker = after.starts_with(')')
            && text[..t.range.start].matches('(').count()
                <= text[..t.range.start].matches(')').count();
        // «EPUB 3», «Windows 10».
        // («a number 42» in English is a figure: a lowercase word is not a name.)
        let latin = prev.is_some_and(|p| {
            // «لReact 19», «وReact 19»: behind an Arabic prefix.
            let word = p.word.trim_start_matches(['و', 'ل', 'ب', 'ف', 'ك']);
            let name = word.starts_with(|c: char| c.is_ascii_uppercase())
                || LATIN_NOUNS.contains(&word.to_ascii_lowercase().as_str());
            name && text[p.range.end..t.range.start].trim().is_empty()
        });
        let pointed = prev.is_some_and(|p| {
            let Some((prefix, n, _)) = split_number(t.word) else {
                return false;
            };
            let decimal = n.contains('.');
            // «الرقم و27 دولة»: a number behind و starts an item of its own; «ورقم 3.14» (and the
            // number 3.14): a decimal after «رقم» is a value, not an id.
            let pointing = |n: &str| {
                if VERSION_NOUNS.contains(&n) {
                    decimal
                } else {
                    !(decimal && n.ends_with("رقم"))
                }
            };
            prefix == 0
                && noun(&fold(p.word)).is_some_and(|n| pointing(&n))
                && matches!(between, "" | ":" | "(" | "#" | "-" | "ـ")
        });
        // «x = 3», «"+3"», «score + 1»: a number in a formula, or in a sentence that has one.
        let formula = before.ends_with(['=', '+', '*', '<', '>', '^', '×'])
            || formulas.iter().any(|r| r.contains(&t.range.start));
        // «react-native أقل من 0.59», «النسخة أحدث من 2.1»: a version compared.
        let compared = i >= 3
            && fold(toks[i - 1].word) == "من"
            && COMPARATIVES.contains(&fold(toks[i - 2].word).as_str())
            && (toks[i - 3].word.chars().any(|c| c.is_ascii_alphabetic())
                || noun(&fold(toks[i - 3].word)).is_some());
        // «الأسطر من 1 إلى 5».
        let from = between.is_empty()
            && prev.is_some_and(|p| fold(p.word) == "من")
            && i.checked_sub(2)
                .is_some_and(|q| noun(&fold(toks[q].word)).is_some());
        // «القانون عدد 11»: «عدد» numbers a law, a decree or a decision.
        let law_number = i >= 2
            && fold(toks[i - 1].word) == "عدد"
            && LAWS.contains(&fold(toks[i - 2].word).trim_start_matches('و'));
        if hash || quoted || marker || latin || pointed || formula || compared || from || law_number
        {
            out[i] = true;
            // The numbers that continue the list or range.
            let mut j = i;
            loop {
                let gap = toks
                    .get(j + 1)
                    .map(|n| text[toks[j].range.end..n.range.start].trim());
                match (toks.get(j + 1), gap) {
                    // (Parentheses and «+» only in a telephone number: «(216+) 74 000 000»;
                    // «المادة 12 (2014)» keeps its year.)
                    (Some(n), Some(g))
                        if is_number(n) && matches!(g, "" | "،" | "," | "-" | "–")
                            || (hash && is_number(n) && g.chars().all(|c| "()+ ".contains(c))) =>
                    {
                        out[j + 1] = true;
                        j += 1;
                    }
                    (Some(w), Some("")) if CONTINUE.contains(&fold(w.word).as_str()) => {
                        match toks.get(j + 2) {
                            Some(n) if is_number(n) => {
                                out[j + 1] = true;
                                out[j + 2] = true;
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
        }
    }
    out
}
