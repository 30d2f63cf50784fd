//! Words and numbers the book prints that the author did not write: labels of the contents, the notes and
//! the landmarks, the accessibility summary, and numbers in the book's digits. Arabic books get Arabic
//! labels and Arabic-Indic digits; other languages get English labels and Western digits.

/// Labels in the book's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub contents: &'static str,
    pub cover: &'static str,
    /// Start of the cover image's description ("Cover of" + the title).
    pub cover_of: &'static str,
    pub notes: &'static str,
    pub landmarks: &'static str,
    pub title_page: &'static str,
    pub start_of_text: &'static str,
    pub back_to_text: &'static str,
    pub accessibility_summary: &'static str,
    pub images_have_alt: &'static str,
    /// Letters that tell apart several backlinks of one note.
    pub letters: &'static [&'static str],
    /// The appendix of facts: its default title, and the titles of its groups (the timeline, then
    /// percentages, fractions, money, ordinals, counts, other figures, facts without a figure).
    pub facts_appendix: &'static str,
    pub fact_groups: [&'static str; 8],
}

const ARABIC: Labels = Labels {
    contents: "المحتويات",
    cover: "الغلاف",
    cover_of: "غلاف كتاب",
    notes: "الحواشي",
    landmarks: "معالم الكتاب",
    title_page: "صفحة العنوان",
    start_of_text: "بداية النص",
    back_to_text: "العودة إلى موضع الحاشية في النص",
    accessibility_summary:
        "كتاب نصي قابل لإعادة التدفق وتكبير الخط، مكتوب من اليمين إلى اليسار بخط عربي مضمّن، \
له جدول محتويات وعناوين منظمة وترتيب قراءة منطقي، والحواشي مرتبطة بمواضعها في النص في الاتجاهين. \
لا يحتوي على وميض أو حركة أو صوت.",
    images_have_alt: "لكل صورة وصف نصي بديل.",
    letters: &["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي"],
    facts_appendix: "ملحق: حقائق وأرقام",
    fact_groups: [
        "التسلسل الزمني",
        "النسب المئوية",
        "الكسور",
        "المبالغ المالية",
        "الأرقام الترتيبية",
        "الأعداد",
        "أرقام أخرى",
        "حقائق أخرى",
    ],
};

const ENGLISH: Labels = Labels {
    contents: "Contents",
    cover: "Cover",
    cover_of: "Cover of",
    notes: "Notes",
    landmarks: "Landmarks",
    title_page: "Title page",
    start_of_text: "Start of text",
    back_to_text: "Back to the note's place in the text",
    accessibility_summary: "A reflowable text book with an embedded font, a table of contents, structured headings \
and a logical reading order; notes are linked to and from the text. It has no flashing, motion or sound.",
    images_have_alt: "Every image has a text alternative.",
    letters: &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
    facts_appendix: "Appendix: Facts and Figures",
    fact_groups: [
        "Timeline",
        "Percentages",
        "Fractions",
        "Amounts of money",
        "Ordinals",
        "Counts",
        "Other figures",
        "Other facts",
    ],
};

/// True when `language` (a BCP 47 tag) is Arabic.
pub fn is_arabic(language: &str) -> bool {
    language
        .split('-')
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("ar"))
}

/// The labels for a book in `language`.
pub fn labels(language: &str) -> &'static Labels {
    if is_arabic(language) {
        &ARABIC
    } else {
        &ENGLISH
    }
}

/// `n` written in the digits of `language`: Arabic-Indic (٠١٢…) for Arabic, Western otherwise.
pub fn number(n: usize, language: &str) -> String {
    let s = n.to_string();
    if is_arabic(language) {
        s.chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0x660).unwrap_or(c))
            .collect()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_book_digits() {
        assert_eq!(number(2022, "ar"), "٢٠٢٢");
        assert_eq!(number(15, "ar-EG"), "١٥");
        assert_eq!(number(15, "en"), "15");
    }

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(labels("ar").contents, "المحتويات");
        assert_eq!(labels("fr").contents, "Contents");
    }
}
