//! Facts stated in one paragraph of Arabic (or Latin) text.
//!
//! The paragraph is cut into tokens at white space and punctuation that separates words. The tokens
//! that state nothing about the world are set aside first ([`refs`]: identifiers and numbered parts,
//! versions, formulas, the Quran and its references, hadith numbers, a jurist's made-up cases). At
//! each remaining token the recognisers are tried in order, one per kind of statement; the first that
//! reads a fact there takes its tokens, and reading goes on after them:
//!
//! 1. [`hijri`]: the Persian solar year, read and left out ([`Hit::none`]); Hijri days (in digits or
//!    words: `١٥ شعبان ١٤٤٣ هـ`, `الثاني من رجب سنة 725هـ`, `غرة محرم`), months and years, put on the
//!    timeline at their Western days (Julian before 1582);
//! 2. [`dates`]: Gregorian days and months (`2 يوليو 1992`, `12/5/2024`, `الثالث من مايو، 2023`);
//! 3. [`years`]: years and spans of years, where the sentence makes a number a year (`عام 1990`,
//!    `بين عامي 1908 و1914`, `532 - 589 هـ`, `سنوات 1950`);
//! 4. [`periods`]: centuries and decades (`القرن التاسع عشر الميلادي`, `الثمانينيات من القرن
//!    الماضي`), as ranges of years;
//! 5. [`digits`]: the other figures in digits (Western or Arabic-Indic): percentages, money, ranges
//!    sharing a noun, ordinals (`الدورة 75`), counts and measures (`27 دولة`, `850 كم²`);
//! 6. [`spelled`]: numbers written in words ([`crate::facts::words`] reads them): percentages, money,
//!    years, ordinals, counts, fractions and shares, duals of time.
//!
//! What a count counts, and whether an entry is one to look at (`review`), is [`label`]'s. Numbers
//! inside Latin words (`COVID-19`), inside code and strings of digits that start with a zero
//! (`0123456789`) are names or symbols, not figures. Each fact keeps the words that state it as
//! written, a normalised form for sorting (an ISO date, a range `start/end`, a number) and the sentence
//! around it, cut to about 25 words at word boundaries.

mod dates;
mod digits;
mod hijri;
mod label;
mod periods;
mod refs;
mod spelled;
mod years;

use std::cell::Cell;
use std::ops::Range;

use serde::Serialize;

use crate::facts::words::{byte_offset, fold, is_mark};
use crate::model::FactKind;
pub use dates::month_name;
pub use hijri::{hijri_to_historical, hijri_to_iso, HIJRI_MONTHS};

/// A fact found in a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    pub kind: FactKind,
    /// The words that state it, as written.
    pub value: String,
    /// For sorting: an ISO date (`1992-07-02`, `--08-29` without a year, `1991-12` for a month), a year
    /// (`2015`, `-0499` for 500 BC) or a range of them (`2015/2016`, `1901/2000`,
    /// `1961-02-17/1961-03-17`), or a number (`0.5`, `325`); empty for a Hijri day without a year.
    pub normalized: String,
    /// For a fact of the Hijri calendar, its date there: `1443-08-15`, `1443-08`, `1443`, `0401/0500`,
    /// or `--07-27` for a day without a year.
    pub hijri: Option<String>,
    /// For a date converted from another calendar (Hijri), the calendar `normalized` gives it in:
    /// `julian` before 15 October 1582, `gregorian` after.
    pub calendar: Option<&'static str>,
    /// The sentence that states it, cut to about 25 words.
    pub context: String,
    /// Byte range of `value` in the paragraph text.
    #[serde(skip)]
    pub at: Range<usize>,
    /// Whether a human should look at it: a figure nothing labels, or a count whose label the
    /// reading is unsure of ([`label::unsure`]).
    pub review: bool,
}

/// The paragraph as the recognisers read it.
pub(super) struct Cx<'t> {
    /// The paragraph's text.
    pub text: &'t str,
    pub toks: Vec<Token<'t>>,
    /// Each token in the form words are compared in ([`fold`]: no marks, one alef).
    pub folded: Vec<compact_str::CompactString>,
    /// The number in digits each token writes, if any ([`Cx::number`]).
    numbers: Vec<Option<Num<'t>>>,
    /// Each token as written, for the reader of numbers in words.
    words: Vec<&'t str>,
    /// For each token, the first token after it that punctuation (or the end) separates from it:
    /// a number in words does not run across a comma.
    run_end: Vec<usize>,
    /// Tokens inside a short quotation («…» of at most six words): a title.
    title: Vec<bool>,
    /// The first token no fact has taken: recognisers that look back stop there.
    floor: Cell<usize>,
}

impl<'t> Cx<'t> {
    fn new(text: &'t str, skip: &[Range<usize>]) -> Self {
        let all = tokens(text);
        let pointers = refs::references(text, &all, skip);
        let toks: Vec<Token> = all
            .into_iter()
            .zip(pointers)
            .filter(|(t, pointer)| {
                !pointer
                    && !skip
                        .iter()
                        .any(|r| r.start < t.range.end && t.range.start < r.end)
            })
            .map(|(t, _)| t)
            .collect();
        let folded = toks.iter().map(|t| fold(t.word)).collect();
        let words = toks.iter().map(|t| t.word).collect();
        let numbers = toks.iter().map(Cx::read_number).collect();
        let mut run_end = vec![toks.len(); toks.len()];
        for i in (0..toks.len().saturating_sub(1)).rev() {
            let between = &text[toks[i].range.end..toks[i + 1].range.start];
            run_end[i] = if between.chars().all(char::is_whitespace) {
                run_end[i + 1]
            } else {
                i + 1
            };
        }
        let quotes = short_quotes(text);
        let title = toks
            .iter()
            .map(|t| {
                quotes
                    .iter()
                    .any(|q| q.start <= t.range.start && t.range.end <= q.end)
            })
            .collect();
        Cx {
            text,
            toks,
            folded,
            numbers,
            words,
            run_end,
            title,
            floor: Cell::new(0),
        }
    }

    /// The words from token `i` to the end of its run (at most twelve): what a number in words may
    /// take.
    pub fn run(&self, i: usize) -> &[&'t str] {
        match self.run_end.get(i) {
            Some(&end) => &self.words[i..end.min(i + 12)],
            None => &[],
        }
    }

    /// True when only white space separates token `i` from the next.
    pub fn joined(&self, i: usize) -> bool {
        self.run_end.get(i).is_some_and(|&e| e > i + 1)
    }

    /// True when token `i` is inside a short quotation (a title).
    pub fn in_title(&self, i: usize) -> bool {
        self.title.get(i).copied().unwrap_or(false)
    }

    /// Bytes of the prefix of token `i` as written, given the length in bytes of its folded prefix
    /// (folding drops marks, so a written prefix may be longer); see [`Cx::keep_lam`].
    pub fn written_prefix(&self, i: usize, folded_prefix: usize) -> usize {
        let word = self.word(i).unwrap_or("");
        let letters = self.folded(i).unwrap_or("")[..folded_prefix]
            .chars()
            .count();
        // After the prefix's letters and the marks on them («وَالقرن» → «القرن»).
        self.keep_lam(i, byte_offset(word, letters))
    }

    /// `prefix` (bytes of token `i`), unless it ends between the two lams of «لل» (ل and the article
    /// whose alef it drops): then the words as written start at the first lam («للقرن الثامن», not
    /// «لقرن الثامن»).
    pub fn keep_lam(&self, i: usize, prefix: usize) -> usize {
        let word = self.word(i).unwrap_or("");
        let Some((before, after)) = word.split_at_checked(prefix) else {
            return prefix;
        };
        let lam = before.trim_end_matches(is_mark);
        match (lam.strip_suffix('ل'), after.starts_with('ل')) {
            (Some(rest), true) => rest.len(),
            _ => prefix,
        }
    }

    /// Token `i` as written.
    pub fn word(&self, i: usize) -> Option<&'t str> {
        self.toks.get(i).map(|t| t.word)
    }

    /// Token `i` folded.
    pub fn folded(&self, i: usize) -> Option<&str> {
        self.folded.get(i).map(|f| f.as_str())
    }

    /// The token before `i`, unless a fact took it.
    pub fn before(&self, i: usize) -> Option<usize> {
        i.checked_sub(1).filter(|&p| p >= self.floor.get())
    }

    /// The number in digits token `i` writes (behind a one-letter prefix), unless it is part of a name.
    pub fn number(&self, i: usize) -> Option<&Num<'t>> {
        self.numbers.get(i)?.as_ref()
    }

    /// [`Cx::number`] read from the token (once, when the paragraph is cut).
    fn read_number(token: &Token<'t>) -> Option<Num<'t>> {
        let word = token.word;
        let (prefix, n, rest) = split_number(word)?;
        // A number inside a Latin name (COVID-19, G20) is not a figure, nor a string of digits that
        // starts with a zero.
        if word.chars().any(|c| c.is_ascii_alphabetic())
            || (n.len() > 1 && n.starts_with('0') && !n.starts_with("0."))
        {
            return None;
        }
        Some(Num {
            start: token.range.start + prefix,
            n,
            rest,
        })
    }

    /// The text between token `i` and the next, trimmed («/» of «مارس/آذار», «$» of «46,330 $»).
    pub fn gap(&self, i: usize) -> &'t str {
        let end = self
            .toks
            .get(i + 1)
            .map_or(self.text.len(), |t| t.range.start);
        self.toks
            .get(i)
            .map_or("", |t| self.text[t.range.end..end].trim())
    }

    /// Byte offset where token `i` ends.
    pub fn end(&self, i: usize) -> usize {
        self.toks[i].range.end
    }

    /// Byte offset where token `i` starts.
    pub fn start(&self, i: usize) -> usize {
        self.toks[i].range.start
    }
}

/// The insides of the quotations («…», “…» or "…") of `text` of at most six words: titles.
fn short_quotes(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (open, close) in [('«', '»'), ('“', '”'), ('"', '"')] {
        let mut from = 0;
        while let Some(o) = text[from..].find(open) {
            let inside = from + o + open.len_utf8();
            let Some(c) = text[inside..].find(close) else {
                break;
            };
            if text[inside..inside + c].split_whitespace().count() <= 6 {
                out.push(inside..inside + c);
            }
            from = inside + c + close.len_utf8();
        }
    }
    out
}

/// The folded word without its prefixes: و or ف, then ب ل or ك before the article (ل + ال is
/// written لل), so that the article stays: «وبالقرن» → «القرن», «للقرن» → «القرن». With the length in
/// bytes of the folded prefix.
pub(super) fn unprefixed(folded: &str) -> (usize, String) {
    let mut rest = folded;
    if let Some(r) = rest.strip_prefix(['و', 'ف']) {
        rest = r;
    }
    if let Some(r) = rest.strip_prefix("لل") {
        return (folded.len() - r.len() - "ل".len(), format!("ال{r}"));
    }
    if let Some(r) = rest
        .strip_prefix(['ب', 'ل', 'ك'])
        .filter(|r| r.starts_with("ال"))
    {
        rest = r;
    }
    (folded.len() - rest.len(), rest.to_string())
}

/// A number in digits at a token.
pub(super) struct Num<'t> {
    /// Byte offset of its first digit (after a prefix letter).
    pub start: usize,
    /// The number as a plain ASCII decimal.
    pub n: String,
    /// What follows it in the token (`٪`, `-2016`, `هـ`).
    pub rest: &'t str,
}

impl Num<'_> {
    /// Its value as a whole number, when it is one.
    pub fn whole(&self) -> Option<u64> {
        (!self.n.contains('.'))
            .then(|| self.n.parse().ok())
            .flatten()
    }
}

/// What a recogniser read: the fact and the first token after it.
pub(super) struct Hit {
    pub kind: FactKind,
    pub at: Range<usize>,
    pub normalized: String,
    pub hijri: Option<String>,
    pub next: usize,
}

impl Hit {
    /// Words read and left out: no fact, and reading goes on at `next`.
    pub fn none(next: usize) -> Self {
        Hit {
            kind: FactKind::Statement,
            at: 0..0,
            normalized: String::new(),
            hijri: None,
            next,
        }
    }

    pub fn new(kind: FactKind, at: Range<usize>, normalized: String, next: usize) -> Self {
        Hit {
            kind,
            at,
            normalized,
            hijri: None,
            next,
        }
    }
}

/// A recogniser: the fact that starts at (or, looking back, ends at) token `i`, if any.
type Recogniser = fn(&Cx, usize) -> Option<Hit>;

/// The recognisers, in the order they are tried.
const RECOGNISERS: [Recogniser; 23] = [
    hijri::solar,
    dates::numeric_date,
    dates::day_in_words,
    hijri::day_in_words,
    hijri::date,
    hijri::month,
    years::span,
    hijri::year,
    periods::century,
    periods::decade,
    years::year_range,
    years::decade,
    digits::percentage,
    dates::date,
    dates::month,
    digits::scaled,
    digits::range,
    years::year,
    digits::ordinal,
    digits::count,
    spelled::number,
    spelled::dual,
    digits::figure,
];

/// Every fact of `text`, in order; nothing is read inside the `skip` ranges (code).
pub fn facts(text: &str, skip: &[Range<usize>]) -> Vec<Found> {
    let cx = Cx::new(text, skip);
    let mut out = Vec::new();
    let mut i = 0;
    while i < cx.toks.len() {
        match RECOGNISERS.iter().find_map(|r| r(&cx, i)) {
            Some(hit) => {
                if !hit.at.is_empty() {
                    let calendar = hit
                        .hijri
                        .as_ref()
                        .filter(|_| !hit.normalized.is_empty())
                        .map(|_| hijri::calendar_of(&hit.normalized));
                    let review = label::unsure(&cx, &hit);
                    out.push(Found {
                        review,
                        kind: hit.kind,
                        value: text[hit.at.clone()].to_string(),
                        normalized: hit.normalized,
                        hijri: hit.hijri,
                        calendar,
                        context: context(text, &hit.at, 25),
                        at: hit.at,
                    });
                }
                i = hit.next.max(i + 1);
                cx.floor.set(i);
            }
            None => i += 1,
        }
    }
    out
}

/// A token of the paragraph: its byte range and its text without surrounding punctuation.
#[derive(Debug, Clone)]
pub(super) struct Token<'t> {
    pub range: std::ops::Range<usize>,
    pub word: &'t str,
}

fn is_punct(c: char) -> bool {
    !(c.is_alphanumeric() || is_mark(c) || matches!(c, '٪' | '%' | '-' | '–'))
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
        let ends = c.is_whitespace()
            || (separator(c) && !grouping_comma(text, i, c))
            || (c == '/' && !between_digits(text, i));
        match (ends, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let raw = &text[s..i];
                let trimmed = raw.trim_matches(is_punct);
                if !trimmed.is_empty() {
                    // `trimmed` is a slice of `raw`: its offset there, without searching.
                    let off = s + (trimmed.as_ptr() as usize - raw.as_ptr() as usize);
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

/// True when the character at byte `i` of `text` has a digit on each side («12/5/2024»): a slash
/// elsewhere separates words («533 هـ/1138م»).
fn between_digits(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back().and_then(digit);
    let after = text[i..].chars().nth(1).and_then(digit);
    before.is_some() && after.is_some()
}

/// True when `c` at byte `i` is an Arabic comma that groups thousands: a digit before it and exactly
/// three after it («1،648،195 كم2»).
fn grouping_comma(text: &str, i: usize, c: char) -> bool {
    if c != '،' || text[..i].chars().next_back().and_then(digit).is_none() {
        return false;
    }
    let after: Vec<char> = text[i + c.len_utf8()..].chars().take(4).collect();
    after.len() >= 3
        && after[..3].iter().all(|&d| digit(d).is_some())
        && after.get(3).is_none_or(|&d| digit(d).is_none())
}

/// The digit's value, Western or Arabic-Indic (Arabic or Persian).
pub(super) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// A number written with digits (and a decimal point), as a plain ASCII decimal.
pub(super) fn number(s: &str) -> Option<String> {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    // «1,000», «1،648،195», «1.002.000»: a comma (or points, more than one) before groups of three
    // digits groups thousands.
    let groups = |sep: char| {
        chars.iter().filter(|&&c| c == sep).count() >= if sep == '.' { 2 } else { 1 }
            && chars.split(|&c| c == sep).skip(1).all(|g| g.len() == 3)
            && chars.iter().all(|&c| c == sep || digit(c).is_some())
    };
    let grouping = [',', '،', '.'].into_iter().find(|&sep| groups(sep));
    for &c in &chars {
        match (digit(c), c) {
            (Some(d), _) => out.push(char::from_digit(d, 10)?),
            (None, c) if Some(c) == grouping => {}
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
pub(super) fn split_number(word: &str) -> Option<(usize, String, &str)> {
    let body = match word.chars().next()? {
        'و' | 'ب' | 'ل' | 'ف' | 'ك' => &word['و'.len_utf8()..],
        _ => word,
    };
    // «بـ104», «الـ19»: a tatweel may join the prefix to the digits.
    let body = body.trim_start_matches('ـ');
    let prefix = word.len() - body.len();
    let end = body
        .char_indices()
        .find(|&(_, c)| digit(c).is_none() && !matches!(c, '.' | '٫' | ',' | '٬' | '،'))
        .map_or(body.len(), |(i, _)| i);
    let n = number(&body[..end])?;
    Some((prefix, n, &body[end..]))
}

pub(super) fn is_arabic_word(w: &str) -> bool {
    w.chars().next().is_some_and(|c| {
        ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
    }) && w.chars().all(|c| !c.is_ascii_digit() && digit(c).is_none())
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
mod tests;
