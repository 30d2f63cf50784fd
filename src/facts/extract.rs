//! Facts stated in one paragraph of Arabic (or Latin) text.
//!
//! The paragraph is cut into tokens at white space; a token that holds digits (Western or Arabic-Indic,
//! behind at most a one-letter prefix such as و or ب) is read with its neighbours:
//!
//! - day + month name (+ year): a date (`2 يوليو 1992`, `8 أيلول 2006`, `29 أغسطس`); month name + year
//!   (`ديسمبر 1991`) a month;
//! - two years joined by a dash (`2015-2016`): a year range;
//! - a number with `٪`, `%` or «في المائة»: a percentage;
//! - a number with a scale word (مليار, مليون, ألف…) and a currency (دولار, يورو, تنغي…): money;
//! - a number after a definite noun (`الدورة 75`): an ordinal;
//! - a year (1000-2999) on its own: a year;
//! - a whole number before a word (`27 دولة`): a count of that thing;
//! - any other number: a figure.
//!
//! Numbers inside Latin words (`COVID-19`), inside code and strings of digits that start with a zero
//! (`0123456789`) are names or symbols, not figures. Each fact keeps the words that state
//! it as written, a normalised form for sorting (ISO date, number) and the sentence around it, cut to
//! about 25 words at word boundaries.

use serde::Serialize;

use crate::model::FactKind;

/// A fact found in a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub kind: FactKind,
    /// The words that state it, as written.
    pub value: String,
    /// For sorting: an ISO date (`1992-07-02`, `--08-29` without a year, `1991-12` for a month), a year
    /// or range (`2015`, `2015/2016`), or a number.
    pub normalized: String,
    /// The sentence that states it, cut to about 25 words.
    pub context: String,
    /// Byte range of `value` in the paragraph text.
    #[serde(skip)]
    pub at: std::ops::Range<usize>,
}

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

/// Nouns a number after them counts the rank of (`الدورة 75`: the 75th session).
const ORDINAL_NOUNS: [&str; 16] = [
    "الدورة",
    "الذكرى",
    "المؤتمر",
    "القمة",
    "الجلسة",
    "المادة",
    "الفقرة",
    "البند",
    "الفصل",
    "المرتبة",
    "الاجتماع",
    "النسخة",
    "الطبعة",
    "المركز",
    "الجولة",
    "المنتدى",
];

const SCALES: [&str; 10] = [
    "مليار",
    "مليارات",
    "مليون",
    "ملايين",
    "ألف",
    "آلاف",
    "تريليون",
    "billion",
    "million",
    "thousand",
];

const CURRENCIES: [&str; 14] = [
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

/// A token of the paragraph: its byte range and its text without surrounding punctuation.
#[derive(Debug, Clone)]
struct Token<'t> {
    range: std::ops::Range<usize>,
    word: &'t str,
}

fn is_punct(c: char) -> bool {
    !(c.is_alphanumeric() || is_mark(c) || matches!(c, '٪' | '%' | '-' | '–'))
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Punctuation that ends a token even without a space after it («2015-2016،وإطلاق»).
fn separator(c: char) -> bool {
    matches!(
        c,
        '،' | '؛' | '؟' | '(' | ')' | '«' | '»' | '"' | '“' | '”' | '[' | ']'
    )
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace() || separator(c), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let raw = &text[s..i];
                let trimmed = raw.trim_matches(is_punct);
                if !trimmed.is_empty() {
                    let off = s + raw.find(trimmed).unwrap_or(0);
                    out.push(Token {
                        range: off..off + trimmed.len(),
                        word: trimmed,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The digit's value, Western or Arabic-Indic (Arabic or Persian).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// A number written with digits (and a decimal point), as a plain ASCII decimal.
fn number(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        match (digit(c), c) {
            (Some(d), _) => out.push(char::from_digit(d, 10)?),
            (None, '.' | '٫' | ',') if !out.is_empty() && !out.contains('.') => out.push('.'),
            (None, '٬') => {}
            _ => return None,
        }
    }
    let out = out.trim_end_matches('.').to_string();
    (!out.is_empty()).then_some(out)
}

/// The token's number behind an optional one-letter prefix (و، ب، ل، ف، ك), and what follows it in the
/// token (`٪`, `-2016`).
fn split_number(word: &str) -> Option<(usize, String, &str)> {
    let body = match word.chars().next()? {
        'و' | 'ب' | 'ل' | 'ف' | 'ك' => &word['و'.len_utf8()..],
        _ => word,
    };
    let prefix = word.len() - body.len();
    let end = body
        .char_indices()
        .find(|&(_, c)| digit(c).is_none() && !matches!(c, '.' | '٫' | ',' | '٬'))
        .map_or(body.len(), |(i, _)| i);
    let n = number(&body[..end])?;
    Some((prefix, n, &body[end..]))
}

fn month(word: &str) -> Option<u32> {
    let w = word
        .strip_prefix('و')
        .filter(|w| month(w).is_some())
        .unwrap_or(word);
    MONTHS.iter().find(|(m, _)| *m == w).map(|&(_, n)| n)
}

/// The month a token (and for تشرين / كانون, the next one) names, and how many tokens it takes.
fn month_at(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let w = tokens.get(i)?.word;
    let next = tokens.get(i + 1).map(|t| t.word);
    match (w, next) {
        ("تشرين", Some("الأول")) => Some((10, 2)),
        ("تشرين", Some("الثاني")) => Some((11, 2)),
        ("كانون", Some("الأول")) => Some((12, 2)),
        ("كانون", Some("الثاني")) => Some((1, 2)),
        _ => month(w).filter(|&m| m > 0).map(|m| (m, 1)),
    }
}

/// The Arabic name of month `m` (1-12) in the form the extraction lists first (`يوليو`).
pub fn month_name(m: u32) -> Option<&'static str> {
    MONTHS.iter().find(|&&(_, n)| n == m).map(|&(name, _)| name)
}

fn year(n: &str) -> Option<u32> {
    let y: u32 = n.parse().ok()?;
    (n.len() == 4 && (1000..3000).contains(&y)).then_some(y)
}

/// Every fact of `text`, in order; nothing is read inside the `skip` ranges (code).
pub fn facts(text: &str, skip: &[std::ops::Range<usize>]) -> Vec<Found> {
    let toks: Vec<Token> = tokens(text)
        .into_iter()
        .filter(|t| {
            !skip
                .iter()
                .any(|r| r.start < t.range.end && t.range.start < r.end)
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let Some((prefix, n, rest)) = split_number(t.word) else {
            i += 1;
            continue;
        };
        // A number inside a Latin name (COVID-19, G20) is not a figure, nor a string of digits that
        // starts with a zero.
        if t.word.chars().any(|c| c.is_ascii_alphabetic())
            || (n.len() > 1 && n.starts_with('0') && !n.starts_with("0."))
        {
            i += 1;
            continue;
        }
        let start = t.range.start + prefix;
        let mut end = t.range.end;
        let next = toks.get(i + 1);
        let prev = i.checked_sub(1).map(|p| toks[p].word);
        let mut used = 1;
        let (kind, normalized) = if let Some(second) = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('–'))
            .and_then(number)
            .and_then(|m| Some((year(&n)?, year(&m)?)))
        {
            (FactKind::YearRange, format!("{}/{}", second.0, second.1))
        } else if matches!(rest, "٪" | "%")
            || next.is_some_and(|t| matches!(t.word, "٪" | "%"))
            || (next.is_some_and(|t| t.word == "في")
                && toks
                    .get(i + 2)
                    .is_some_and(|t| t.word == "المائة" || t.word == "المئة"))
        {
            if rest.is_empty() {
                used += if next.is_some_and(|t| t.word == "في") {
                    2
                } else {
                    1
                };
                end = toks[i + used - 1].range.end;
            }
            (FactKind::Percentage, n.clone())
        } else if let (Some((m, mlen)), true) = (month_at(&toks, i + 1), rest.is_empty()) {
            let day: u32 = n.parse().unwrap_or(0);
            if !(1..=31).contains(&day) || n.contains('.') {
                i += 1;
                continue;
            }
            used += mlen;
            let after = toks.get(i + used).and_then(|t| split_number(t.word));
            match after.and_then(|(_, y, r)| year(&y).filter(|_| r.is_empty())) {
                Some(y) => {
                    used += 1;
                    end = toks[i + used - 1].range.end;
                    (FactKind::Date, format!("{y:04}-{m:02}-{day:02}"))
                }
                None => {
                    end = toks[i + used - 1].range.end;
                    (FactKind::Date, format!("--{m:02}-{day:02}"))
                }
            }
        } else if let (Some(y), Some(m)) = (
            year(&n).filter(|_| rest.is_empty()),
            i.checked_sub(1)
                .and_then(|p| month_at(&toks, p))
                .filter(|&(_, l)| l == 1)
                .map(|(m, _)| m),
        ) {
            // «ديسمبر 1991» (a day before the month was read with the day).
            let s = toks[i - 1].range.start;
            out.push(found(
                text,
                FactKind::Month,
                s..end,
                format!("{y:04}-{m:02}"),
            ));
            i += 1;
            continue;
        } else if next.is_some_and(|t| SCALES.contains(&t.word)) && rest.is_empty() {
            used += 1;
            let currency = toks.get(i + 2).is_some_and(|t| {
                CURRENCIES
                    .iter()
                    .any(|c| t.word.trim_start_matches('ب') == *c)
            });
            let scale = match next.map(|t| t.word) {
                Some("مليار" | "مليارات" | "billion") => 1e9,
                Some("مليون" | "ملايين" | "million") => 1e6,
                Some("تريليون") => 1e12,
                _ => 1e3,
            };
            let value = n.parse::<f64>().unwrap_or(0.0) * scale;
            if currency {
                used += 1;
                // The currency's adjective (دولار أمريكي).
                if toks.get(i + 3).is_some_and(|t| {
                    matches!(t.word, "أمريكي" | "أميركي" | "أوروبي" | "كازاخستاني")
                }) {
                    used += 1;
                }
            } else if toks.get(i + 2).is_some_and(|t| is_arabic_word(t.word)) {
                used += 1;
            }
            end = toks[i + used - 1].range.end;
            let kind = if currency {
                FactKind::Money
            } else {
                FactKind::Count
            };
            (kind, format!("{value}"))
        } else if let Some(y) = year(&n).filter(|_| rest.is_empty()) {
            (FactKind::Year, format!("{y}"))
        } else if prev.is_some_and(|p| definite(p).is_some()) && rest.is_empty() && !n.contains('.')
        {
            let p = toks[i - 1].word;
            let s = toks[i - 1].range.start + (p.len() - definite(p).unwrap_or(p).len());
            out.push(found(text, FactKind::Ordinal, s..end, n.clone()));
            i += 1;
            continue;
        } else if rest.is_empty()
            && !n.contains('.')
            && next.is_some_and(|t| is_arabic_word(t.word))
        {
            used += 1;
            end = toks[i + 1].range.end;
            (FactKind::Count, n.clone())
        } else {
            (FactKind::Number, n.clone())
        };
        out.push(found(text, kind, start..end, normalized));
        i += used;
    }
    out
}

/// A noun that ranks the number after it (`الدورة`, also behind و or ف: `والدورة`), without its prefix.
fn definite(w: &str) -> Option<&str> {
    let w = w
        .strip_prefix(['و', 'ف'])
        .filter(|r| ORDINAL_NOUNS.contains(r))
        .unwrap_or(w);
    ORDINAL_NOUNS.contains(&w).then_some(w)
}

fn is_arabic_word(w: &str) -> bool {
    w.chars().next().is_some_and(|c| {
        ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
    }) && w.chars().all(|c| !c.is_ascii_digit() && digit(c).is_none())
}

fn found(text: &str, kind: FactKind, at: std::ops::Range<usize>, normalized: String) -> Found {
    Found {
        kind,
        value: text[at.clone()].to_string(),
        normalized,
        context: context(text, &at, 25),
        at,
    }
}

/// The sentence of `text` around `at`, cut to about `max` words at word boundaries («…» where cut).
pub fn context(text: &str, at: &std::ops::Range<usize>, max: usize) -> String {
    // Sentence bounds: a full stop, question or exclamation mark or semicolon followed by a space.
    let enders = |c: char| matches!(c, '.' | '!' | '?' | '؟' | '؛' | ';');
    let mut start = 0;
    for (i, c) in text[..at.start].char_indices() {
        let after = i + c.len_utf8();
        if enders(c) && text[after..].starts_with(char::is_whitespace) {
            start = after;
        }
    }
    let mut end = text.len();
    for (i, c) in text[at.end..].char_indices() {
        let after = at.end + i + c.len_utf8();
        if enders(c) && (after == text.len() || text[after..].starts_with(char::is_whitespace)) {
            end = after;
            break;
        }
    }
    let words: Vec<(usize, &str)> = text[start..end]
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    if words.len() <= max {
        return words.iter().map(|w| w.1).collect::<Vec<_>>().join(" ");
    }
    // Centre the window on the fact.
    let first = words
        .iter()
        .position(|(o, w)| o + w.len() > at.start)
        .unwrap_or(0);
    let last = words
        .iter()
        .rposition(|(o, _)| *o < at.end)
        .unwrap_or(first);
    let span = last - first + 1;
    let before = max.saturating_sub(span) / 2;
    let from = first.saturating_sub(before);
    let to = (from + max.max(span)).min(words.len());
    let from = to.saturating_sub(max.max(span));
    let mut s = words[from..to]
        .iter()
        .map(|w| w.1)
        .collect::<Vec<_>>()
        .join(" ");
    if from > 0 {
        s = format!("… {s}");
    }
    if to < words.len() {
        s.push_str(" …");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(FactKind, String, String)> {
        facts(text, &[])
            .into_iter()
            .map(|f| (f.kind, f.value, f.normalized))
            .collect()
    }

    #[test]
    fn dates_in_both_month_forms_and_both_digit_sets() {
        assert_eq!(
            kinds("أعلن في 2 يوليو 1992، ثم في ٨ أيلول ٢٠٠٦ وفي 16 كانون الأول 1991."),
            [
                (FactKind::Date, "2 يوليو 1992".into(), "1992-07-02".into()),
                (FactKind::Date, "٨ أيلول ٢٠٠٦".into(), "2006-09-08".into()),
                (
                    FactKind::Date,
                    "16 كانون الأول 1991".into(),
                    "1991-12-16".into()
                ),
            ]
        );
        assert_eq!(
            kinds("يوم 29 أغسطس – تاريخ، وفي ديسمبر 1991"),
            [
                (FactKind::Date, "29 أغسطس".into(), "--08-29".into()),
                (FactKind::Month, "ديسمبر 1991".into(), "1991-12".into()),
            ]
        );
    }

    #[test]
    fn years_ranges_percentages_money_ordinals_and_counts() {
        assert_eq!(
            kinds("في 2015-2016، وإلى 15٪ بحلول عام 2030 و١٢٫٥ % والدورة 75 و380 مليار دولار أمريكي و27 دولة و8 دول."),
            [
                (FactKind::YearRange, "2015-2016".into(), "2015/2016".into()),
                (FactKind::Percentage, "15٪".into(), "15".into()),
                (FactKind::Year, "2030".into(), "2030".into()),
                (FactKind::Percentage, "١٢٫٥ %".into(), "12.5".into()),
                (FactKind::Ordinal, "الدورة 75".into(), "75".into()),
                (FactKind::Money, "380 مليار دولار أمريكي".into(), "380000000000".into()),
                (FactKind::Count, "27 دولة".into(), "27".into()),
                (FactKind::Count, "8 دول".into(), "8".into()),
            ]
        );
    }

    #[test]
    fn numbers_in_names_are_not_facts() {
        assert!(kinds("جائحة COVID-19 ومجموعة G20 ونموذج GPT-4 والأرقام 0123456789").is_empty());
        let text = "وكود let x = 1; داخل السطر ورقم 3.14 هنا";
        let code = text.find("let").unwrap()..text.find(';').unwrap();
        let found: Vec<_> = facts(text, &[code])
            .into_iter()
            .map(|f| (f.kind, f.value))
            .collect();
        assert_eq!(found, [(FactKind::Number, "3.14".to_string())]);
    }

    #[test]
    fn context_is_the_sentence_cut_at_word_boundaries() {
        let text = "جملة أولى. هذه جملة طويلة جدا فيها كلمات كثيرة قبل الرقم و27 دولة ثم كلمات كثيرة بعده حتى تنتهي. جملة ثالثة.";
        let f = &facts(text, &[])[0];
        assert_eq!(
            f.context,
            "هذه جملة طويلة جدا فيها كلمات كثيرة قبل الرقم و27 دولة ثم كلمات كثيرة بعده حتى تنتهي."
        );
        let short = context(text, &f.at, 6);
        assert_eq!(short, "… قبل الرقم و27 دولة ثم كلمات …");
    }
}
