//! Numbers written in Arabic words: this module owns reading one, starting at the first of a list of
//! words (a paragraph's tokens, cut at white space and stripped of surrounding punctuation). It only
//! reads numbers; what counts as a fact is the caller's decision.
//!
//! Words are compared in their [`fold`]ed form (no diacritics or tatweel, أ إ آ ٱ → ا, final ى → ي,
//! ة → ه). What [`read`] reads:
//!
//! - units 1–10 in every gender, case and construct form (واحد، اثنتان، اثني، ثلاث، ثمانٍ، عشرة …);
//! - 11–19 in two words (أحد عشر، إحدى عشرة، اثنا عشر، ثلاث عشرة …);
//! - tens 20–90 in -ون and -ين (عشرون، تسعين);
//! - hundreds: مائة/مئة، مائتان/مئتين/مائتي، ثلاثمائة … تسعمئة in one word or two (ثلاث مائة);
//! - scales ألف، مليون، مليار، بليون، تريليون: singular (also ألفًا), dual (ألفين) and plural after
//!   a number (ثلاثة آلاف); a number before a scale multiplies it (مائتي ألف);
//! - compounds joined with و in Arabic order — a unit before its ten, hundreds before the rest,
//!   larger scales before smaller (ألف وتسعمائة وخمسة وتسعون = 1995); a و that does not continue the
//!   number by that order is left (خمسة وستة reads 5);
//! - fractions: نصف، ثلث، ربع، ثلثا/ثلثي (Form::Fraction alone), a unit before أرباع/أخماس/أعشار
//!   (ثلاثة أرباع = 0.75); before a scale a fraction gives a cardinal (نصف مليون), and a fraction
//!   joined after a scale adds its share of it (مليون ونصف = 1500000);
//! - ordinals أول/أولى، ثان/ثاني/ثانية … عاشر/عاشرة, with or without ال; 11th–19th (الحادي عشر،
//!   الخامسة عشرة) and 21st–99th (الخامس والعشرين); a definite ten, hundred or lone scale standing
//!   for itself (الثلاثين، المائة والخمسين، الألف) is an ordinal, a definite unit a cardinal (الثلاث);
//! - prefixes on the first word: و or ف, then ب ل or ك, then the article ال (ل + ال is written لل).
//!
//! Not numbers: a lone أحد/إحدى/واحد/واحدة/الواحد (a pronoun or «one of»), a lone الاثنين (Monday),
//! a plural scale with no number before it (آلاف الأشخاص), and every word that only shares a root
//! with a number (ثلاثاء، خمسينيات، عشرات، مئوية، ثلاثي، ثانيا، الأولوية …): they are not in the table.

/// What a number in words is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Cardinal,
    Ordinal,
    Fraction,
}

/// A number read from words.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Its value: 325.0 for «ثلاثمائة وخمسة وعشرون», 0.5 for «نصف», 0.75 for «ثلاثة أرباع», 30.0 for
    /// «الثلاثين» (ordinal).
    pub value: f64,
    pub form: Form,
    /// How many words it takes (from `words[0]`).
    pub used: usize,
    /// Bytes at the start of `words[0]` that are a prefix and not part of the number (with any
    /// diacritics they carry): «و» of «وخمسة» (2), «ب» of «بالثلاثين» (2), «وب» of «وبالعشرين» (4).
    /// The article ال is part of the number: «الثلاثين» has prefix 0.
    pub prefix: usize,
    /// Whether the first number word carries the article ال (الخامسة، بالثلاثين، للخمسين).
    pub definite: bool,
}

/// How many of a scale a scale word says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Count {
    Single,
    Dual,
    Plural,
}

/// What one (folded) number word is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A cardinal 1–10, any form.
    Unit(u32),
    /// أحد/إحدى: 1 only as the first part of 11, 21, 31 …
    One,
    /// 20–90.
    Ten(u32),
    /// 100–900.
    Hundred(u32),
    /// ألف, مليون …: its value and how many of it the word says.
    Scale(f64, Count),
    /// نصف, ثلث, ربع, ثلثا.
    Fraction(f64),
    /// أرباع, أخماس, أعشار: the denominator of parts counted by a unit before.
    Parts(u32),
    /// An ordinal 1–10, any form.
    Ordinal(u32),
    /// حادي/حادية: first, only in 11th, 21st …
    OrdinalOne,
}

use Count::*;
use Kind::*;

/// The number words, folded.
#[rustfmt::skip]
const WORDS: &[(&str, Kind)] = &[
    ("واحد", Unit(1)), ("واحده", Unit(1)), ("احد", One), ("احدي", One),
    ("اثنان", Unit(2)), ("اثنين", Unit(2)), ("اثنتان", Unit(2)), ("اثنتين", Unit(2)),
    ("اثنا", Unit(2)), ("اثني", Unit(2)), ("اثنتا", Unit(2)), ("اثنتي", Unit(2)),
    ("ثلاث", Unit(3)), ("ثلاثه", Unit(3)), ("اربع", Unit(4)), ("اربعه", Unit(4)),
    ("خمس", Unit(5)), ("خمسه", Unit(5)), ("ست", Unit(6)), ("سته", Unit(6)),
    ("سبع", Unit(7)), ("سبعه", Unit(7)),
    // The accusative with its tanween's alef: «خَمْسًا وَعِشْرِينَ», «سِتًّا».
    ("ثلاثا", Unit(3)), ("اربعا", Unit(4)), ("خمسا", Unit(5)), ("ستا", Unit(6)), ("سبعا", Unit(7)),
    ("ثمانيا", Unit(8)), ("تسعا", Unit(9)), ("عشرا", Unit(10)),
    ("ثمان", Unit(8)), ("ثماني", Unit(8)), ("ثمانيه", Unit(8)),
    ("تسع", Unit(9)), ("تسعه", Unit(9)), ("عشر", Unit(10)), ("عشره", Unit(10)),
    ("عشرون", Ten(20)), ("عشرين", Ten(20)), ("ثلاثون", Ten(30)), ("ثلاثين", Ten(30)),
    ("اربعون", Ten(40)), ("اربعين", Ten(40)), ("خمسون", Ten(50)), ("خمسين", Ten(50)),
    ("ستون", Ten(60)), ("ستين", Ten(60)), ("سبعون", Ten(70)), ("سبعين", Ten(70)),
    ("ثمانون", Ten(80)), ("ثمانين", Ten(80)), ("تسعون", Ten(90)), ("تسعين", Ten(90)),
    ("مائه", Hundred(100)), ("مئه", Hundred(100)),
    ("مائتان", Hundred(200)), ("مائتين", Hundred(200)), ("مائتا", Hundred(200)), ("مائتي", Hundred(200)),
    ("مئتان", Hundred(200)), ("مئتين", Hundred(200)), ("مئتا", Hundred(200)), ("مئتي", Hundred(200)),
    ("ثلثمائه", Hundred(300)), ("ثلثمئه", Hundred(300)),
    ("الف", Scale(1e3, Single)), ("الفا", Scale(1e3, Single)),
    ("الفان", Scale(1e3, Dual)), ("الفين", Scale(1e3, Dual)), ("الفي", Scale(1e3, Dual)),
    ("الاف", Scale(1e3, Plural)), ("الوف", Scale(1e3, Plural)),
    ("مليون", Scale(1e6, Single)), ("مليونا", Scale(1e6, Single)),
    ("مليونان", Scale(1e6, Dual)), ("مليونين", Scale(1e6, Dual)), ("مليوني", Scale(1e6, Dual)), ("ملايين", Scale(1e6, Plural)),
    ("مليار", Scale(1e9, Single)), ("مليارا", Scale(1e9, Single)),
    ("ملياران", Scale(1e9, Dual)), ("مليارين", Scale(1e9, Dual)), ("ملياري", Scale(1e9, Dual)), ("مليارات", Scale(1e9, Plural)),
    ("بليون", Scale(1e9, Single)), ("بليونا", Scale(1e9, Single)),
    ("بليونان", Scale(1e9, Dual)), ("بليونين", Scale(1e9, Dual)), ("بلايين", Scale(1e9, Plural)),
    ("تريليون", Scale(1e12, Single)), ("تريليونا", Scale(1e12, Single)), ("ترليون", Scale(1e12, Single)),
    ("تريليونان", Scale(1e12, Dual)), ("تريليونين", Scale(1e12, Dual)),
    ("تريليونات", Scale(1e12, Plural)), ("ترليونات", Scale(1e12, Plural)),
    ("نصف", Fraction(0.5)), ("ثلث", Fraction(1.0 / 3.0)), ("ربع", Fraction(0.25)),
    ("ثلثا", Fraction(2.0 / 3.0)), ("ثلثي", Fraction(2.0 / 3.0)), ("سدس", Fraction(1.0 / 6.0)),
    ("ثلثان", Fraction(2.0 / 3.0)), ("ثلثين", Fraction(2.0 / 3.0)),
    ("ارباع", Parts(4)), ("اخماس", Parts(5)), ("اعشار", Parts(10)),
    ("اول", Ordinal(1)), ("اولي", Ordinal(1)), ("حادي", OrdinalOne), ("حاديه", OrdinalOne),
    ("ثان", Ordinal(2)), ("ثاني", Ordinal(2)), ("ثانيه", Ordinal(2)),
    ("ثالث", Ordinal(3)), ("ثالثه", Ordinal(3)), ("رابع", Ordinal(4)), ("رابعه", Ordinal(4)),
    ("خامس", Ordinal(5)), ("خامسه", Ordinal(5)), ("سادس", Ordinal(6)), ("سادسه", Ordinal(6)),
    ("سابع", Ordinal(7)), ("سابعه", Ordinal(7)), ("ثامن", Ordinal(8)), ("ثامنه", Ordinal(8)),
    ("تاسع", Ordinal(9)), ("تاسعه", Ordinal(9)), ("عاشر", Ordinal(10)), ("عاشره", Ordinal(10)),
];

/// One-word hundreds are a unit stem and one of these (ثلاثمائة، تسعمئة).
const HUNDRED_ENDINGS: [&str; 2] = ["مائه", "مئه"];

/// Prefixes of the first word, in this order: a conjunction, a preposition, then the article (which
/// after ل is written ل alone: لل).
const CONJUNCTIONS: [&str; 3] = ["", "و", "ف"];
const PREPOSITIONS: [&str; 4] = ["", "ب", "ل", "ك"];

/// Common words that a prefix would otherwise turn into a number (ل + ست, ب + أول), compared with
/// diacritics removed but hamza kept, so «بأول» still reads.
const NOT_NUMBERS: [&str; 3] = ["لست", "باول", "فاول"];

/// The definite forms of two that, standing alone, are Monday.
const MONDAY: [&str; 2] = ["اثنين", "اثنان"];

/// Arabic diacritics (U+064B..=U+065F, U+0670) and tatweel (U+0640).
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// The word with its Arabic diacritics (U+064B..=U+065F, U+0670) and tatweel (U+0640) removed, alef
/// forms أ إ آ ٱ folded to ا, a final ى to ي and ة to ه, Persian ی and ک to ي and ك: the form number
/// words are compared in.
/// Every kept letter gives one letter, so the folded word's letters match the word's letters.
pub fn fold(word: &str) -> compact_str::CompactString {
    // A folded word is nearly always short enough to be kept inline (24 bytes: twelve Arabic letters).
    let mut folded: compact_str::CompactString = word
        .chars()
        .filter(|&c| !is_mark(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            // Persian yeh and keheh, as some Arabic texts type them («ربیع»).
            'ی' => 'ي',
            'ک' => 'ك',
            c => c,
        })
        .collect();
    if folded.ends_with('ى') {
        folded.pop();
        folded.push('ي');
    }
    folded
}

/// What a folded word is, if it is a number word: a word of the table, or a unit from three to nine
/// joined to a hundred ending (ثلاثمائه).
fn kind(folded: &str) -> Option<Kind> {
    // Every token of a paragraph is tried, with each of its prefixes: one lookup in a map that holds
    // the joined hundreds too (the table's own words first), not a scan of the table or of endings.
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<String, Kind>> =
        std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map: rustc_hash::FxHashMap<String, Kind> =
            WORDS.iter().map(|&(w, k)| (w.to_string(), k)).collect();
        for end in HUNDRED_ENDINGS {
            for &(word, k) in WORDS.iter() {
                if let Unit(u @ 3..=9) = k {
                    map.entry(format!("{word}{end}"))
                        .or_insert(Hundred(u * 100));
                }
            }
        }
        map
    });
    map.get(folded).copied()
}

/// The byte offset in `word` after its first `letters` letters and the marks that follow them.
pub(crate) fn byte_offset(word: &str, letters: usize) -> usize {
    let mut kept = word.char_indices().filter(|&(_, c)| !is_mark(c));
    match letters {
        0 => 0,
        n => kept.nth(n).map_or(word.len(), |(i, _)| i),
    }
}

/// What [`first_word`] reads of a word.
type FirstWord = Option<(Kind, String, usize, bool)>;

/// The first word of a number: its kind, its folded number part (after the article), its prefix in
/// bytes, and whether it carries the article. The reading that strips the fewest letters wins.
///
/// Every token of every paragraph is read as a possible first word, and a book repeats its words: each
/// thread keeps the readings of the words it has read (up to 65,536, then starts again).
fn first_word(word: &str) -> FirstWord {
    use std::cell::RefCell;
    thread_local! {
        static READ: RefCell<rustc_hash::FxHashMap<Box<str>, FirstWord>> = RefCell::default();
    }
    if let Some(read) = READ.with_borrow(|m| m.get(word).cloned()) {
        return read;
    }
    let read = read_first_word(word);
    READ.with_borrow_mut(|m| {
        if m.len() >= 1 << 16 {
            m.clear();
        }
        m.insert(word.into(), read.clone());
    });
    read
}

/// [`first_word`], read.
fn read_first_word(word: &str) -> FirstWord {
    let bare: String = word.chars().filter(|&c| !is_mark(c)).collect();
    if NOT_NUMBERS.contains(&bare.as_str()) {
        return None;
    }
    let folded = fold(word);
    for conjunction in CONJUNCTIONS {
        let Some(after_conjunction) = folded.strip_prefix(conjunction) else {
            continue;
        };
        for preposition in PREPOSITIONS {
            let Some(rest) = after_conjunction.strip_prefix(preposition) else {
                continue;
            };
            let article = if preposition == "ل" { "ل" } else { "ال" };
            let readings = [(false, Some(rest)), (true, rest.strip_prefix(article))];
            for (definite, part) in readings.into_iter().filter_map(|(d, p)| Some((d, p?))) {
                let letters = conjunction.chars().count() + preposition.chars().count();
                let article_letters = if definite { article.chars().count() } else { 0 };
                // The number word as written, after its prefixes and article, for its vowels.
                let written = &word[byte_offset(word, letters + article_letters)..];
                let k = match (eighth(part, written), kind(part)) {
                    (Some(k), _) => k,
                    (None, Some(k)) => vocalized(k, written)?,
                    (None, None) => continue,
                };
                return Some((k, part.to_string(), byte_offset(word, letters), definite));
            }
        }
    }
    None
}

/// What the vowels of a number word, where the text writes them, say it is (`written`: the word after
/// its prefixes and article):
///
/// - a unit from five to ten (seven aside: «سُبْع» is also a round of seven) with a damma on its
///   first letter is a fraction: «عُشْر» is a tenth (not «عَشْر», ten), «خُمْس» a fifth;
/// - a ten with a fatha before its ending «ين» is the dual of a fraction: «سُبْعَيْنِ» is two sevenths,
///   not seventy («سَبْعِينَ»); it is not read.
fn vocalized(k: Kind, written: &str) -> Option<Kind> {
    // The vowel on the first letter (a shadda may come before it).
    let first_mark = written.chars().skip(1).find(|&c| c != '\u{0651}');
    match k {
        // (Not seven: «سُبْع» is also a round of seven, the circuits of the tawaf.)
        Unit(n @ (5 | 6 | 8 | 9 | 10)) if first_mark == Some('\u{064F}') => {
            Some(Fraction(1.0 / f64::from(n)))
        }
        Ten(_) if written.contains("\u{064E}ي") => None,
        k => Some(k),
    }
}

/// «ثُمُن» (an eighth), told from «ثَمَن» (a price) by the damma of its first letter; `written` is the
/// word after its prefixes and article.
fn eighth(folded: &str, written: &str) -> Option<Kind> {
    let first_mark = written.chars().skip(1).find(|&c| c != '\u{0651}');
    (folded == "ثمن" && first_mark == Some('\u{064F}')).then_some(Fraction(0.125))
}

/// One term of a cardinal: a group below 1000 (or a fraction) times the scale word after it, or a
/// scale word alone.
struct Term {
    value: f64,
    /// The scale it is counted in: 1 for a group without a scale word.
    scale: f64,
    /// The index of the word after it.
    next: usize,
    /// Whether a group or fraction was multiplied by a scale word.
    scaled: bool,
}

/// The words being read, and whether the number is definite (its joined words may then take ال too).
struct Reader<'a> {
    words: &'a [&'a str],
    definite: bool,
}

impl Reader<'_> {
    /// The kind of word `i` as it stands, without prefixes.
    fn bare(&self, i: usize) -> Option<Kind> {
        kind(&fold(self.words.get(i)?))
    }

    /// The kind of word `i` after its conjunction و (and the article, when the number is definite):
    /// the word continues the number.
    fn joined(&self, i: usize) -> Option<Kind> {
        let folded = fold(self.words.get(i)?);
        let rest = folded.strip_prefix('و')?;
        kind(rest).or_else(|| {
            let definite = rest.strip_prefix("ال").filter(|_| self.definite)?;
            kind(definite)
        })
    }

    /// 1–99 from word `i` of kind `k`: a unit, a teen (unit + عشر), a ten, or unit و ten. Returns the
    /// value and the next index; أحد/إحدى alone is none.
    fn tens(&self, i: usize, k: Kind) -> Option<(f64, usize)> {
        let unit = match k {
            Unit(u) => u,
            One => 1,
            Ten(t) => return Some((f64::from(t), i + 1)),
            _ => return None,
        };
        if (unit >= 2 || k == One) && unit < 10 && self.bare(i + 1) == Some(Unit(10)) {
            return Some((f64::from(10 + unit), i + 2));
        }
        if let (true, Some(Ten(t))) = (unit < 10, self.joined(i + 1)) {
            return Some((f64::from(unit + t), i + 2));
        }
        (k != One).then_some((f64::from(unit), i + 1))
    }

    /// A group below 1000 from word `i` of kind `k`: hundreds (one word, or a unit + مائة), then
    /// optionally و and 1–99; or 1–99 alone.
    fn group(&self, i: usize, k: Kind) -> Option<(f64, usize)> {
        let (hundreds, next) = match k {
            Hundred(h) => (h, i + 1),
            Unit(u) if (3..=9).contains(&u) && self.bare(i + 1) == Some(Hundred(100)) => {
                (u * 100, i + 2)
            }
            _ => return self.tens(i, k),
        };
        let hundreds = f64::from(hundreds);
        match self.joined(next).and_then(|k| self.tens(next, k)) {
            Some((rest, after)) => Some((hundreds + rest, after)),
            None => Some((hundreds, next)),
        }
    }

    /// The term that starts at word `i` of kind `k`.
    fn term(&self, i: usize, k: Kind) -> Option<Term> {
        let term = |value, scale, next, scaled| {
            Some(Term {
                value,
                scale,
                next,
                scaled,
            })
        };
        match k {
            Scale(s, Single) => term(s, s, i + 1, false),
            Scale(s, Dual) => term(2.0 * s, s, i + 1, false),
            Fraction(f) => match self.bare(i + 1)? {
                Scale(s, Single) => term(f * s, s, i + 2, true),
                _ => None,
            },
            Unit(_) | One | Ten(_) | Hundred(_) => {
                let (value, next) = self.group(i, k)?;
                match self.bare(next) {
                    Some(Scale(s, Single)) => term(value * s, s, next + 1, true),
                    Some(Scale(s, Plural)) if value >= 3.0 => term(value * s, s, next + 1, true),
                    _ => term(value, 1.0, next, false),
                }
            }
            _ => None,
        }
    }

    /// A cardinal from word 0 of kind `k`: terms joined with و, each in a smaller scale than the one
    /// before, and at the end perhaps a fraction of the last scale (مليون ونصف). Returns the value,
    /// the words used, and whether the first term was multiplied by a scale.
    fn cardinal(&self, k: Kind) -> Option<(f64, usize, bool)> {
        let first = self.term(0, k)?;
        let (mut total, mut scale, mut next) = (first.value, first.scale, first.next);
        loop {
            match self.joined(next) {
                Some(Fraction(f)) if scale >= 1e3 => {
                    total += f * scale;
                    next += 1;
                    // «مليار ونصف المليار»: the same scale named again after its share.
                    // (With or without the article: «الف» itself starts like it.)
                    let again = self.words.get(next).map(|w| fold(w)).unwrap_or_default();
                    let same = |w: &str| kind(w) == Some(Scale(scale, Single));
                    if same(&again) || again.strip_prefix("ال").is_some_and(same) {
                        next += 1;
                    }
                    break;
                }
                // Classical order, units and tens before the hundreds and the thousands they add
                // to: «عشرين ومائة» (120), «خمس وعشرين ومائتين» (225), «مائة وألف» (1100).
                Some(Hundred(h)) if first.scale == 1.0 && total < 100.0 && !self.scaled(next) => {
                    total += f64::from(h);
                    next += 1;
                }
                Some(Scale(s, count @ (Single | Dual)))
                    if s == 1e3 && first.scale == 1.0 && total < 1e3 && !self.scaled(next) =>
                {
                    total += if count == Dual { 2e3 } else { 1e3 };
                    next += 1;
                    break;
                }
                Some(k) => match self.term(next, k) {
                    Some(term) if term.scale < scale => {
                        (total, scale, next) = (total + term.value, term.scale, term.next);
                    }
                    // A scale after the whole compound before it: «ثلاثة آلاف وخمسمائة مليون»
                    // is 3,500 million.
                    Some(term) if term.scaled && term.scale > total => {
                        total = (total + term.value / term.scale) * term.scale;
                        (scale, next) = (term.scale, term.next);
                    }
                    _ => break,
                },
                None => break,
            }
        }
        Some((total, next, first.scaled))
    }

    /// True when the word after word `i` is a scale word: word `i` is multiplied by it and starts a
    /// term of its own.
    fn scaled(&self, i: usize) -> bool {
        matches!(self.bare(i + 1), Some(Scale(..)))
    }

    /// An ordinal from word 0 of kind `k`: 1st–10th, 11th–19th (+ عشر/عشرة), 21st–99th (و + a ten).
    fn ordinal(&self, k: Kind) -> Option<(f64, usize)> {
        let unit = match k {
            Ordinal(u) => u,
            _ => 1,
        };
        let compound = k == OrdinalOne || (2..=9).contains(&unit);
        if compound && self.bare(1) == Some(Unit(10)) {
            return Some((f64::from(10 + unit), 2));
        }
        if let (true, Some(Ten(t))) = (compound, self.joined(1)) {
            return Some((f64::from(unit + t), 2));
        }
        (k != OrdinalOne).then_some((f64::from(unit), 1))
    }

    /// A unit `u` counting parts (ثلاثة أرباع), perhaps of a scale after them (ثلاثة أرباع مليون).
    fn parts(&self, u: u32, denominator: u32) -> (f64, Form, usize) {
        let value = f64::from(u) / f64::from(denominator);
        match self.bare(2) {
            Some(Scale(s, Single)) => (value * s, Form::Cardinal, 3),
            _ => (value, Form::Fraction, 2),
        }
    }
}

/// Reads the number in words that starts at `words[0]`, if any: the longest reading that follows
/// Arabic number order, stopping before the first word that does not continue it. See the module
/// documentation for what is read.
pub fn read(words: &[&str]) -> Option<Number> {
    let (k, part, prefix, definite) = first_word(words.first()?)?;
    let reader = Reader { words, definite };
    let (value, form, used) = match k {
        Ordinal(_) | OrdinalOne => {
            let (value, used) = reader.ordinal(k)?;
            (value, Form::Ordinal, used)
        }
        // «ربع العشر»: a fraction of a fraction (2.5 %); «نِصْفُ عُشْرِ ديته» (a twentieth).
        Fraction(f) if of_fraction(words.get(1)).is_some() => {
            (f * of_fraction(words.get(1))?, Form::Fraction, 2)
        }
        Fraction(f) if fraction_word(words.get(1)).is_some() => {
            (f * fraction_word(words.get(1))?, Form::Fraction, 2)
        }
        Fraction(f) => match reader.cardinal(k) {
            Some((value, used, _)) => (value, Form::Cardinal, used),
            None => (f, Form::Fraction, 1),
        },
        Unit(u) if (3..=10).contains(&u) => match reader.bare(1) {
            Some(Parts(d)) => reader.parts(u, d),
            _ => cardinal(&reader, k)?,
        },
        _ => cardinal(&reader, k)?,
    };
    let lone_one = k == Unit(1) && used == 1;
    let monday = definite && used == 1 && MONDAY.contains(&part.as_str());
    if lone_one || monday {
        return None;
    }
    Some(Number {
        value,
        form,
        used,
        prefix,
        definite,
    })
}

/// The share an indefinite fraction word names, without prefixes («عُشْر» with its damma: a tenth).
fn fraction_word(word: Option<&&str>) -> Option<f64> {
    match first_word(word?)? {
        (Fraction(g), _, 0, false) => Some(g),
        _ => None,
    }
}

/// The share a definite fraction word names («العشر»: 0.1, «الخمس»: 0.2), after another fraction
/// («ربع العشر»).
fn of_fraction(word: Option<&&str>) -> Option<f64> {
    let denominator = match fold(word?).as_str() {
        "النصف" => 2.0,
        "الثلث" => 3.0,
        "الربع" => 4.0,
        "الخمس" => 5.0,
        "السدس" => 6.0,
        "السبع" => 7.0,
        "الثمن" => 8.0,
        "التسع" => 9.0,
        "العشر" => 10.0,
        _ => return None,
    };
    Some(1.0 / denominator)
}

/// A cardinal read from word 0 of kind `k`, which is an ordinal when it is definite, begins with a
/// ten, a hundred or a single scale, and that first word is not multiplied (الثلاثين، المائة، الألف).
fn cardinal(reader: &Reader, k: Kind) -> Option<(f64, Form, usize)> {
    let (value, used, scaled) = reader.cardinal(k)?;
    let stands_for_itself = matches!(k, Ten(_) | Hundred(_) | Scale(_, Single)) && !scaled;
    let form = if reader.definite && stands_for_itself {
        Form::Ordinal
    } else {
        Form::Cardinal
    };
    Some((value, form, used))
}

#[cfg(test)]
mod tests;
