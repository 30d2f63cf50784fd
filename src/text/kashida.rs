//! Where a word may be elongated with kashida (U+0640 ARABIC TATWEEL), and in what order of preference.
//!
//! The rules follow the W3C "Text Layout Requirements for the Arabic Script" (alreq, §Justification) and
//! the priority list of Microsoft's Arabic justification that alreq cites:
//!
//! 0. after a tatweel the author typed;
//! 1. after an initial or medial seen or sad (س ش ص ض);
//! 2. before a final teh marbuta, heh or dal (ة ه د ذ);
//! 3. before a final alef, tah, lam, kaf or gaf (ا ط ظ ل ك گ);
//! 4. before a medial beh-like letter that is followed by a final reh, yeh or alef maqsura;
//! 5. before a final waw, ain, qaf or feh (و ع ق ف);
//! 6. before the final form of any other letter.
//!
//! A place is only ever between two letters that join (the first joins forward, the second backward),
//! never between lam and alef (that would break the lam-alef ligature), never inside the name of God
//! (لله), and always after the marks of the first letter, so a letter is never separated from its
//! tashkeel. Each word gets at most one place: its best, and among equals the last one.
//!
//! The `kashida` crate implements similar rules, but it returns only positions (no priority levels, which
//! are needed to share elongation fairly between the words of a line) and brings in the ICU segmenter;
//! this module needs `unicode-joining-type` alone.

use std::ops::Range;

use unicode_joining_type::{
    get_joining_group, get_joining_type, JoiningGroup as G, JoiningType as J,
};

/// A place to insert tatweel in a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opportunity {
    /// The tatweel goes before this character (an index into the paragraph's character table).
    pub before: usize,
    /// 0 is the most preferred.
    pub priority: u8,
}

fn joins_forward(c: char) -> bool {
    matches!(get_joining_type(c), J::DualJoining | J::JoinCausing)
}

fn joins_backward(c: char) -> bool {
    matches!(
        get_joining_type(c),
        J::DualJoining | J::RightJoining | J::JoinCausing
    )
}

fn is_transparent(c: char) -> bool {
    get_joining_type(c) == J::Transparent
}

/// The best kashida place of the word made of `chars[word]` (characters of one Arabic item).
pub fn best(chars: &[(usize, char)], word: Range<usize>) -> Option<Opportunity> {
    // The word's letters, with their indices; marks are skipped (they travel with their letter).
    let bases: Vec<(usize, char)> = word
        .clone()
        .filter(|&i| !is_transparent(chars[i].1))
        .map(|i| (i, chars[i].1))
        .collect();
    if bases
        .windows(3)
        .any(|w| [w[0].1, w[1].1, w[2].1] == ['ل', 'ل', 'ه'])
    {
        return None;
    }
    let mut best: Option<Opportunity> = None;
    for k in 0..bases.len().saturating_sub(1) {
        let (_, c1) = bases[k];
        let (i2, c2) = bases[k + 1];
        if !joins_forward(c1) || !joins_backward(c2) {
            continue;
        }
        let (g1, g2) = (get_joining_group(c1), get_joining_group(c2));
        if g1 == G::Lam && g2 == G::Alef {
            continue;
        }
        let next = bases.get(k + 2).map(|&(_, c)| c);
        // c2 is in its final form when nothing after it joins to it.
        let c2_final = !joins_forward(c2) || next.is_none_or(|n| !joins_backward(n));
        let next_final = |n: char| {
            let after = bases.get(k + 3).map(|&(_, c)| c);
            !joins_forward(n) || after.is_none_or(|a| !joins_backward(a))
        };
        let priority = if c1 == '\u{0640}' {
            0
        } else if matches!(g1, G::Seen | G::Sad) {
            1
        } else if c2_final
            && matches!(
                g2,
                G::TehMarbuta | G::Heh | G::KnottedHeh | G::HehGoal | G::Dal
            )
        {
            2
        } else if c2_final
            && matches!(
                g2,
                G::Alef | G::Tah | G::Lam | G::Kaf | G::SwashKaf | G::Gaf
            )
        {
            3
        } else if !c2_final
            && matches!(g2, G::Beh | G::Noon | G::Yeh | G::FarsiYeh)
            && next.is_some_and(|n| {
                matches!(get_joining_group(n), G::Reh | G::Yeh | G::FarsiYeh) && next_final(n)
            })
        {
            4
        } else if c2_final
            && matches!(
                g2,
                G::Waw | G::Ain | G::Qaf | G::Feh | G::AfricanFeh | G::AfricanQaf
            )
        {
            5
        } else if c2_final {
            6
        } else {
            continue;
        };
        if best.is_none_or(|b| priority <= b.priority) {
            best = Some(Opportunity {
                before: i2,
                priority,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(word: &str) -> Option<(String, u8)> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        best(&chars, 0..chars.len()).map(|o| {
            let mut s: String = chars[..o.before].iter().map(|&(_, c)| c).collect();
            s.push('ـ');
            s.extend(chars[o.before..].iter().map(|&(_, c)| c));
            (s, o.priority)
        })
    }

    #[test]
    fn preferred_places() {
        assert_eq!(place("بسم"), Some(("بسـم".into(), 1)));
        assert_eq!(place("مدرسة"), Some(("مدرسـة".into(), 1)));
        assert_eq!(place("كتابة"), Some(("كتابـة".into(), 2)));
        assert_eq!(place("كتاب"), Some(("كتـاب".into(), 3)));
        assert_eq!(place("محمد"), Some(("محمـد".into(), 2)));
        assert_eq!(place("يعرف"), Some(("يعـرف".into(), 6)));
    }

    #[test]
    fn never_inside_lam_alef_or_after_a_non_joining_letter() {
        // لا: the only joining pair is lam-alef, which must stay a ligature.
        assert_eq!(place("لا"), None);
        // دار: dal and reh do not join forward.
        assert_eq!(place("دار"), None);
        // سلام: never between lam and alef; seen is preferred anyway.
        assert_eq!(place("سلام"), Some(("سـلام".into(), 1)));
        assert_eq!(place("الله"), None);
        assert_eq!(place("لله"), None);
    }

    #[test]
    fn marks_stay_with_their_letter() {
        // The tatweel goes after the fatha of seen, never between seen and its mark.
        let (s, _) = place("بَسَمَ").unwrap();
        assert_eq!(s, "بَسَـمَ");
    }

    #[test]
    fn an_existing_tatweel_wins() {
        assert_eq!(place("كـتاب").map(|(_, p)| p), Some(0));
    }
}
