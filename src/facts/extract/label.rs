//! What a number counts: the word after it, when that word can be its counted noun, in the case the
//! number asks for ([`case_fits`], [`in_construct`]); and which entries a human should look at before
//! printing ([`unsure`]).
//!
//! In Arabic the noun a number counts (its تمييز) follows it, indefinite and joined to it by a space
//! alone: «27 دولة», «ثلاث دول», «خمسة وعشرون عامًا». So the word after a number is not what it
//! counts when punctuation comes between («255 (التي»), when it carries the article («الصفحة 45
//! الماضية»), when it is a particle, a preposition with its pronoun («4522 بعدها», «منها»), an
//! adverb («فقط», «تقريبًا»), or a number itself. What is left may still be a verb; the recognisers
//! that call [`counted`] add what they know.

use super::{is_arabic_word, Cx, Hit};
use crate::facts::words;
use crate::facts::words::is_mark;
use crate::model::FactKind;

/// Words after a number that are not what it counts (folded).
const PARTICLES: [&str; 79] = [
    "في",
    "من",
    "علي",
    "الي",
    "عن",
    "او",
    "ثم",
    "مع",
    "حتي",
    "منذ",
    "قد",
    "لا",
    "لم",
    "لن",
    "ما",
    "ان",
    "هو",
    "هي",
    "بين",
    "الذي",
    "التي",
    "كما",
    "و",
    "بعد",
    "قبل",
    "عند",
    "لدي",
    "دون",
    "ضد",
    "خلال",
    "حول",
    "عبر",
    "وفق",
    "نحو",
    "حوالي",
    "فقط",
    "تقريبا",
    "ايضا",
    "اي",
    "كل",
    "بل",
    "لكن",
    "حيث",
    "اذ",
    "اذا",
    "عندما",
    "غير",
    "سوي",
    "الا",
    "لقد",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "فاكثر",
    "فما",
    "هنا",
    "هناك",
    "فيما",
    "بينما",
    "لان",
    "اما",
    "حين",
    "كي",
    "بسبب",
    "بضع",
    "بضعه",
    "اخر",
    "اخرون",
    "اخرين",
    "اخري",
    "اخريات",
    "الذين",
    "اللاتي",
    "اللذين",
    "بعض",
    "جميع",
    "معظم",
    "اغلب",
];

/// Pronouns joined to the end of a preposition («بعدها», «منه», «عليهم»), longest first.
const PRONOUNS: [&str; 9] = ["هما", "هم", "هن", "كم", "ها", "نا", "ه", "ك", "ي"];

/// Prepositions and adverbs that take a joined pronoun.
const TAKES_PRONOUN: [&str; 19] = [
    "بعد", "قبل", "من", "في", "علي", "الي", "عن", "مع", "ل", "ب", "بين", "عند", "لدي", "دون",
    "خلال", "حول", "ضد", "فوق", "تحت",
];

/// True when the folded word is a particle, or a preposition with its pronoun.
pub(super) fn particle(folded: &str) -> bool {
    if PARTICLES.contains(&folded) {
        return true;
    }
    PRONOUNS.iter().any(|p| {
        folded.strip_suffix(p).is_some_and(|stem| {
            // «عليه», «إليها», «لديه»: the stem's final ى is written ي before a pronoun.
            TAKES_PRONOUN.contains(&stem)
        })
    })
}

/// True when token `i` can be what the number just before it counts (see the module documentation).
pub(super) fn counted(cx: &Cx, i: usize) -> bool {
    // Definite, also behind a preposition («بالسيارة»): not what a number counts.
    noun_after(cx, i)
        && !cx
            .folded(i)
            .is_some_and(|f| super::unprefixed(f).1.starts_with("ال"))
}

/// True when token `i` is a noun joined to the word before it, definite or not: what a fraction takes
/// («نصف السكان») or an ordinal ranks («رابع أكبر ترسانة»).
pub(super) fn noun_after(cx: &Cx, i: usize) -> bool {
    let Some(folded) = cx.folded(i) else {
        return false;
    };
    let written = cx.word(i).unwrap_or("");
    // «وَكَبَّرَ», «وَفِي», «وهو», «واللتان»: a word behind a conjunction starts a clause of its own
    // (a و with a fatha: ف is too often the word's own first letter, «فَرَائِضَ»).
    let behind = folded.strip_prefix(['و', 'ف']).unwrap_or("");
    let conjunction = particle(behind)
        || behind.starts_with("ال")
        || (written.starts_with('و')
            && written[2..].starts_with('\u{064E}')
            && !tanween_at_end(written));
    // «30 جمادى»: a month is a date's, not a thing counted; «751 و756 هـ»: an era mark.
    let month = super::dates::month_at(cx, i).is_some() || super::hijri::month_at(cx, i).is_some();
    i > 0
        && is_arabic_word(written)
        && !particle(folded)
        && !month
        && !matches!(folded, "ه" | "هجريه" | "هجري")
        && !conjunction
        && cx.joined(i - 1)
        && words::read(&cx.run(i)[..1]).is_none()
}

/// True when the word ends with a tanween («عامًا», «دولةٍ», «اً»).
pub(super) fn tanween_at_end(word: &str) -> bool {
    vowelled_end(word).ends_with(['\u{064B}', '\u{064C}', '\u{064D}'])
}

/// The word without what may follow its last vowel: the alef of a tanween («عامًا») and a shadda
/// typed after the vowel («سِتًّا», «سِتٌّ»: NFC puts the shadda last).
pub(super) fn vowelled_end(word: &str) -> &str {
    word.trim_end_matches(['ا', '\u{0651}'])
}

/// Whether the case the vowels of `word` show (when the text writes them) suits what `value` counts:
/// after 11 to 99 (and their hundreds and thousands: 125, 1011) the accusative with tanween
/// («خَمْسَةَ عَشَرَ صَاعًا»), after the rest the genitive (kasra, or fatha for a noun that takes no
/// tanween: «ثَمَانِيَةُ دَرَاهِمَ»). A nominative («خَمْسٍ وَثَلاَثِينَ ابْنَةُ لَبُونٍ»), a dual
/// («مِائَتَيْنِ شَاتَانِ») or a verb («سَبْعٌ وَتِسْعُونَ اتَّخَذْتَ») is not what the number counts. A word
/// without vowels fits.
pub(super) fn case_fits(word: &str, value: f64) -> bool {
    const FATHA: char = '\u{064E}';
    const KASRA: char = '\u{0650}';
    let last = vowelled_end(word)
        .chars()
        .next_back()
        .filter(|c| ('\u{064B}'..='\u{0650}').contains(c));
    let Some(last) = last else {
        return true;
    };
    if word.ends_with("انِ") {
        return false;
    }
    let accusative = (11.0..100.0).contains(&(value % 100.0));
    if accusative {
        last == '\u{064B}'
    } else {
        matches!(last, KASRA | '\u{064D}' | FATHA)
    }
}

/// True when word `w` carries a tanween anywhere («خَمْسٍ», «سُبْعٍ»): a number or fraction with one
/// is not in construct with the word after it.
pub(super) fn tanween(w: Option<&str>) -> bool {
    w.is_some_and(|w| w.contains(['\u{064B}', '\u{064C}', '\u{064D}']))
}

/// True when the word at token `i` is the counted noun of a number from 11 to 99 in construct:
/// accusative, so with a fatha and no tanween, before a genitive («خَمْسٌ وَعِشْرُونَ بِنْتَ مَخَاضٍ»).
pub(super) fn in_construct(cx: &Cx, i: usize, value: f64) -> bool {
    let (Some(word), Some(next)) = (cx.word(i), cx.word(i + 1)) else {
        return false;
    };
    let genitive = vowelled_end(next).ends_with(['\u{0650}', '\u{064D}'])
        && !particle(cx.folded(i + 1).unwrap_or(""));
    (11.0..100.0).contains(&(value % 100.0))
        // (A fatha on the last letter, not before an alef: «ابْنَتَا لَبُونٍ» is a dual, two of them.)
        && word.trim_end_matches('\u{0651}').ends_with('\u{064E}')
        && cx.joined(i)
        && genitive
}

/// Nouns a number often counts that begin like a verb in the present tense (ي، ت، ن), folded.
const COUNTED_LIKE_VERBS: [&str; 12] = [
    "يوم",
    "يوما",
    "نسمه",
    "نائب",
    "نائبا",
    "طن",
    "طنا",
    "تلميذ",
    "تلاميذ",
    "نقطه",
    "نقاط",
    "ناخب",
];

/// Whether a human should look at the fact `hit` reads: a figure nothing labels (`number`); a count
/// whose noun comes before its number («الوزراء السبعة»: an adjective may stand there); a count whose
/// label may be a verb, beginning as the present tense does (ي، ت، ن) with no vowels written to tell
/// («1000 تنتظر»).
pub(super) fn unsure(cx: &Cx, hit: &Hit) -> bool {
    match hit.kind {
        FactKind::Number => true,
        FactKind::Count => {
            let taken: Vec<usize> = (0..cx.toks.len())
                .filter(|&k| cx.end(k) > hit.at.start && cx.start(k) < hit.at.end)
                .collect();
            let (Some(&first), Some(&last)) = (taken.first(), taken.last()) else {
                return false;
            };
            // (A dual, «يومين», is a count in one word.)
            let noun_first = first != last
                && !super::spelled::is_dual(cx.folded(first).unwrap_or(""))
                && cx.number(first).is_none()
                && crate::facts::words::read(cx.run(first)).is_none();
            let label = cx.word(last).unwrap_or("");
            let folded = cx.folded(last).unwrap_or("");
            let like_verb = folded.starts_with(['ي', 'ت', 'ن'])
                && !super::spelled::is_dual(folded)
                && !label.contains(is_mark)
                && !folded.ends_with("ات")
                && !folded.ends_with('ه')
                && !COUNTED_LIKE_VERBS.contains(&folded);
            noun_first || like_verb
        }
        _ => false,
    }
}
