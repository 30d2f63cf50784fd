//! The recognisers on real sentences, every one with digits in both digit sets: the digits here,
//! numbers in words in [`spelled`], the Hijri calendar, decades and centuries in [`calendar`].

mod calendar;
mod precision;
mod spelled;

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
    let text = "وكود let x = 1; داخل السطر وقيمة 3.14 هنا";
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

/// (kind, value, normalized) of every fact of `text`, with the text's Arabic-Indic digits read back as
/// Western ones in the value (so that one table serves both digit sets).
pub(super) fn read(text: &str) -> Vec<(String, String, String)> {
    facts(text, &[])
        .into_iter()
        .map(|f| (f.kind.name().to_string(), western(&f.value), f.normalized))
        .collect()
}

pub(super) fn western(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap(),
            c => c,
        })
        .collect()
}

pub(super) fn indic(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0x0660).unwrap(),
            c => c,
        })
        .collect()
}

/// A sentence and the (kind, value, normalized) of each fact it states.
pub(super) type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);

/// Each sentence gives exactly the facts listed (kind, value, normalized), and, written with
/// Arabic-Indic digits, the same facts.
pub(super) fn check(cases: &[Case]) {
    for (sentence, want) in cases {
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(k, v, n)| (k.to_string(), v.to_string(), n.to_string()))
            .collect();
        assert_eq!(read(sentence), want, "{sentence}");
        if sentence.chars().any(|c| c.is_ascii_digit()) {
            assert_eq!(read(&indic(sentence)), want, "{}", indic(sentence));
        }
    }
}

#[test]
fn numbers_in_names_titles_and_pronouns_are_not_facts() {
    check(&[
        ("قرأ «ألف ليلة وليلة» في صباه.", &[]),
        ("قرأت ألف ليلة وليلة مرتين.", &[]),
        ("اجتمع قادة مجموعة العشرين في روما.", &[]),
        ("وعقدت قمة مجموعة السبع في اليابان.", &[]),
        ("جاء أحد الوزراء متأخرا.", &[]),
        ("وهي واحدة من أجمل المدن.", &[]),
        ("وهذا في المقام الأول مسألة ثقة.", &[]),
        ("منذ الأيام الأولى لرئاسته.", &[]),
        ("وهي أول منطقة من هذا القبيل في نصف الكرة الشمالي.", &[]),
        ("نشر رواية «مئة عام من العزلة» مترجمة.", &[]),
        ("اندلعت الحرب العالمية الثانية.", &[]),
        ("وصلت آلاف الأسر ومئات الشاحنات.", &[]),
        ("يوم الاثنين والثلاثاء عطلة.", &[]),
        ("أولا، نحتاج إلى الأولوية.", &[]),
    ]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Any mix of number words, month names, era marks, digits of both sets, prefixes, diacritics and
    /// punctuation: reading never panics, and the facts come in the text's order, do not overlap, and
    /// each begins and ends with a letter or digit (never a mark, a space or punctuation).
    #[test]
    fn any_mix_of_the_words_facts_are_made_of_reads_without_panic(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "ثلاثة", "وعشرون", "مائة", "ألف", "آلاف", "مليون", "ونصف", "الخامسة", "عشرة", "الثلاثين",
                "رابع", "أكبر", "نصف", "أرباع", "بالمئة", "في", "المائة", "دولار", "القرن", "التاسع",
                "عشر", "الهجري", "الميلادي", "قبل", "الميلاد", "التسعينيات", "من", "الماضي", "شعبان",
                "رمضان", "ربيع", "الأول", "جمادى", "ذو", "الحجة", "هـ", "ه", "م", "ق.م", "يوليو", "كانون",
                "عام", "سنة", "الذكرى", "الدورة", "الدول", "1443", "١٤٤٣", "15", "١٥", "2015-2016",
                "0", "99999999999999999999", "1400هـ", "٪", "%", "،", ".", "«", "»", "ـ", "\u{064B}",
                "وال", "لل", "ب", "و", "الـ19", " ", "\n",
            ]),
            0..24,
        ),
        glue in proptest::collection::vec(proptest::sample::select(vec![" ", "", "، ", "."]), 24),
    ) {
        let mut text = String::new();
        for (p, g) in parts.iter().zip(&glue) {
            text.push_str(p);
            text.push_str(g);
        }
        let found = facts(&text, &[]);
        for pair in found.windows(2) {
            proptest::prop_assert!(pair[0].at.end <= pair[1].at.start, "{:?}", pair);
        }
        for f in &found {
            let first = f.value.chars().next();
            let last = f.value.chars().next_back();
            let solid = |c: Option<char>| {
                c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '٪' | '%'))
            };
            proptest::prop_assert!(solid(first) && solid(last), "{:?} in {:?}", f.value, text);
        }
    }
}
