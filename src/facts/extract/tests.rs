//! The recognisers on real sentences, in both digit sets.

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

/// (kind, value, normalized) of every fact of `text`, with the text's Arabic-Indic digits read back as
/// Western ones in the value (so that one table serves both digit sets).
fn read(text: &str) -> Vec<(String, String, String)> {
    facts(text, &[])
        .into_iter()
        .map(|f| (f.kind.name().to_string(), western(&f.value), f.normalized))
        .collect()
}

fn western(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap(),
            c => c,
        })
        .collect()
}

fn indic(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0x0660).unwrap(),
            c => c,
        })
        .collect()
}

/// Each sentence gives exactly the facts listed (kind, value, normalized), and, written with
/// Arabic-Indic digits, the same facts.
/// A sentence and the (kind, value, normalized) of each fact it states.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);

fn check(cases: &[Case]) {
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
fn cardinals_in_words_count_what_follows_them() {
    check(&[
        ("انضمت ثلاث دول إلى الاتفاقية.", &[("count", "ثلاث دول", "3")]),
        (
            "يعمل في المصنع سبعة مهندسين.",
            &[("count", "سبعة مهندسين", "7")],
        ),
        (
            "استمرت الحرب ثماني سنوات.",
            &[("count", "ثماني سنوات", "8")],
        ),
        (
            "فاز الفريق بأحد عشر لقبا.",
            &[("count", "أحد عشر لقبا", "11")],
        ),
        (
            "شارك في السباق خمس عشرة سيارة.",
            &[("count", "خمس عشرة سيارة", "15")],
        ),
        (
            "يضم البرلمان ثلاثمائة وخمسة وعشرين نائبا.",
            &[("count", "ثلاثمائة وخمسة وعشرين نائبا", "325")],
        ),
        (
            "وصل ثلاثمائة وخمسة وعشرون طالبا.",
            &[("count", "ثلاثمائة وخمسة وعشرون طالبا", "325")],
        ),
        (
            "بنت البلدية مئتين وخمسين مسكنا.",
            &[("count", "مئتين وخمسين مسكنا", "250")],
        ),
        ("يقطن القرية مائتا شخص.", &[("count", "مائتا شخص", "200")]),
        (
            "أنتج المصنع ألفين وخمسمائة سيارة.",
            &[("count", "ألفين وخمسمائة سيارة", "2500")],
        ),
        (
            "زار المعرض مليونان وثلاثمائة ألف زائر.",
            &[("count", "مليونان وثلاثمائة ألف زائر", "2300000")],
        ),
        (
            "بلغ عدد السكان مليونين ونصف نسمة.",
            &[("count", "مليونين ونصف نسمة", "2500000")],
        ),
        (
            "وزعت الجمعية ثلاثة آلاف وجبة.",
            &[("count", "ثلاثة آلاف وجبة", "3000")],
        ),
        (
            "غرس المتطوعون عشرة آلاف شجرة.",
            &[("count", "عشرة آلاف شجرة", "10000")],
        ),
        (
            "يستخدم التطبيق أربعة ملايين مشترك.",
            &[("count", "أربعة ملايين مشترك", "4000000")],
        ),
        (
            "تملك الشركة مئة ألف سهم.",
            &[("count", "مئة ألف سهم", "100000")],
        ),
        (
            "سجلت الوزارة أربعة عشر ألفا وخمسمائة طلب.",
            &[("count", "أربعة عشر ألفا وخمسمائة طلب", "14500")],
        ),
        (
            "وصل إلى المطار ثلاثون ألف مسافر.",
            &[("count", "ثلاثون ألف مسافر", "30000")],
        ),
        (
            "يعيش في الإقليم خمسة مليارات نملة.",
            &[("count", "خمسة مليارات نملة", "5000000000")],
        ),
        // Prefixes and case endings.
        (
            "وثلاثون عاما مضت على التأسيس.",
            &[("count", "ثلاثون عاما", "30")],
        ),
        (
            "احتفلت المدينة بخمسين عاما على تأسيسها.",
            &[("count", "خمسين عاما", "50")],
        ),
        (
            "مرت عشرون سنةً على الحادثة.",
            &[("count", "عشرون سنةً", "20")],
        ),
        ("أقيم الحفل لتسعين ضيفا.", &[("count", "تسعين ضيفا", "90")]),
        (
            "أعدت اللجنة تقريرا للذكرى الخمسين.",
            &[("ordinal", "للذكرى الخمسين", "50")],
        ),
        (
            "فسبعة أعضاء صوتوا ضد القرار.",
            &[("count", "سبعة أعضاء", "7")],
        ),
        (
            "وكانت الخسائر كثلاثة أضعاف المتوقع.",
            &[("count", "ثلاثة أضعاف", "3")],
        ),
        // After a definite noun, the definite number counts it.
        (
            "وقعت الدول الثلاث على البيان.",
            &[("count", "الدول الثلاث", "3")],
        ),
        (
            "اجتمع الوزراء السبعة في الرياض.",
            &[("count", "الوزراء السبعة", "7")],
        ),
        // A number in words on its own is a figure from ten up.
        (
            "كان عددهم ثلاثمائة وخمسين.",
            &[("number", "ثلاثمائة وخمسين", "350")],
        ),
        ("كان عددهم ثلاثمائة.", &[]),
        ("أشكال اللام ألف: لا، لأ.", &[]),
        // «ألف» the verb (he wrote), and the number.
        ("ألف ابن خلدون المقدمة في قلعة ابن سلامة.", &[]),
        ("ألف كتابا في التاريخ.", &[]),
        ("حضر الافتتاح ألف شخص.", &[("count", "ألف شخص", "1000")]),
        ("وكان عددهم ثلاثة.", &[]),
        // «خمسة وستة» is two numbers, not eleven.
        (
            "اشترى خمسة كتب وستة أقلام.",
            &[("count", "خمسة كتب", "5"), ("count", "ستة أقلام", "6")],
        ),
        // A comma ends a number.
        (
            "كان العدد خمسة، وعشرون آخرون غابوا.",
            &[("count", "عشرون آخرون", "20")],
        ),
    ]);
}

#[test]
fn percentages_money_and_fractions_in_words() {
    check(&[
        (
            "ارتفعت الأسعار خمسة وعشرين بالمئة.",
            &[("percentage", "خمسة وعشرين بالمئة", "25")],
        ),
        (
            "شارك خمسة وعشرون بالمائة من الناخبين.",
            &[("percentage", "خمسة وعشرون بالمائة", "25")],
        ),
        (
            "تراجعت البطالة عشرة في المئة.",
            &[("percentage", "عشرة في المئة", "10")],
        ),
        (
            "نما الاقتصاد ثلاثة في المائة.",
            &[("percentage", "ثلاثة في المائة", "3")],
        ),
        (
            "زادت الصادرات 25 بالمئة.",
            &[("percentage", "25 بالمئة", "25")],
        ),
        (
            "بلغت الميزانية ثلاثة ملايين دولار.",
            &[("money", "ثلاثة ملايين دولار", "3000000")],
        ),
        (
            "خصصت الحكومة مليار يورو للطرق.",
            &[("money", "مليار يورو", "1000000000")],
        ),
        (
            "تبرع بمئة ألف ريال للمستشفى.",
            &[("money", "مئة ألف ريال", "100000")],
        ),
        (
            "دفع خمسين دينارا غرامة.",
            &[("money", "خمسين دينارا", "50")],
        ),
        (
            "كلف المشروع مليارا ونصف المليار دولار.",
            &[("money", "مليارا ونصف المليار دولار", "1500000000")],
        ),
        (
            "وبلغ الدين مليونا ونصف مليون يورو.",
            &[("money", "مليونا ونصف مليون يورو", "1500000")],
        ),
        (
            "وبيع ألف ونصف الألف نسخة.",
            &[("count", "ألف ونصف الألف نسخة", "1500")],
        ),
        ("بلغت الصفقة 500 دولار.", &[("money", "500 دولار", "500")]),
        (
            "يعيش نصف السكان في المدن.",
            &[("fraction", "نصف السكان", "0.5")],
        ),
        (
            "تغطي الغابات ثلث المساحة.",
            &[("fraction", "ثلث المساحة", "0.333333")],
        ),
        (
            "يذهب ربع الدخل إلى الإيجار.",
            &[("fraction", "ربع الدخل", "0.25")],
        ),
        (
            "تقع ثلاثة أرباع الأراضي في الصحراء.",
            &[("fraction", "ثلاثة أرباع الأراضي", "0.75")],
        ),
        (
            "عاش فيها نصف مليون لاجئ.",
            &[("count", "نصف مليون لاجئ", "500000")],
        ),
    ]);
}

#[test]
fn ordinals_in_words_rank_what_a_noun_or_a_superlative_names() {
    check(&[
        (
            "احتفلنا بالذكرى الثلاثين لهذا الحدث.",
            &[("ordinal", "الذكرى الثلاثين", "30")],
        ),
        (
            "صدر البيان في الذكرى الخامسة عشرة لتأسيسها.",
            &[("ordinal", "الذكرى الخامسة عشرة", "15")],
        ),
        (
            "تخلت عن رابع أكبر ترسانة نووية.",
            &[("ordinal", "رابع أكبر ترسانة نووية", "4")],
        ),
        (
            "أصبحت ثاني أكبر اقتصاد في المنطقة.",
            &[("ordinal", "ثاني أكبر اقتصاد", "2")],
        ),
        (
            "افتتحت الدورة الأولى للمهرجان.",
            &[("ordinal", "الدورة الأولى", "1")],
        ),
        (
            "عقد المؤتمر الحادي عشر في القاهرة.",
            &[("ordinal", "المؤتمر الحادي عشر", "11")],
        ),
        (
            "وفي الدورة الخامسة والعشرين فاز الفريق.",
            &[("ordinal", "الدورة الخامسة والعشرين", "25")],
        ),
        (
            "أحيت الجامعة العيد الخمسين لتأسيسها.",
            &[("ordinal", "العيد الخمسين", "50")],
        ),
        (
            "حلت البلاد في المرتبة العاشرة عالميا.",
            &[("ordinal", "المرتبة العاشرة", "10")],
        ),
        ("وللمرة الثانية يفوز الفريق.", &[]),
        ("كما ورد في الفصل الثالث والبند الرابع.", &[]),
    ]);
}

#[test]
fn years_in_words_and_with_era_marks() {
    check(&[
        (
            "في عام ألف وتسعمائة وواحد وتسعين استقلت البلاد.",
            &[("year", "ألف وتسعمائة وواحد وتسعين", "1991")],
        ),
        (
            "وفي عام ألفين انتقل إلى العاصمة.",
            &[("year", "ألفين", "2000")],
        ),
        ("هاجر عام 622 م إلى المدينة.", &[("year", "622 م", "0622")]),
        ("تأسست الشركة سنة 1990م.", &[("year", "1990م", "1990")]),
        (
            "بنيت القلعة عام 1250 ميلادية.",
            &[("year", "1250 ميلادية", "1250")],
        ),
        (
            "ولد سقراط نحو 470 ق.م في أثينا.",
            &[("year", "470 ق.م", "-0469")],
        ),
        (
            "سقطت المدينة عام 146 قبل الميلاد.",
            &[("year", "146 قبل الميلاد", "-0145")],
        ),
        (
            "وقع الاتفاق في 2 يوليو 1992م.",
            &[("date", "2 يوليو 1992م", "1992-07-02")],
        ),
    ]);
}

#[test]
fn hijri_dates_months_and_years_go_on_the_timeline_at_their_gregorian_days() {
    let hijri = |text: &str| -> Vec<(String, String, String, String)> {
        facts(text, &[])
            .into_iter()
            .map(|f| {
                (
                    f.kind.name().to_string(),
                    western(&f.value),
                    f.normalized,
                    f.hijri.unwrap_or_default(),
                )
            })
            .collect()
    };
    // The Gregorian days of 1420 AH on agree with an independent Umm al-Qura table (the `hijridate`
    // PyPI package); before 1420 AH published tables differ by a day (that one starts Ramadan 1380 on
    // 16 February 1961, ICU4X on the 17th): those cases hold ICU4X's reading.
    type Hijri<'a> = (&'a str, (&'a str, &'a str, &'a str, &'a str));
    let cases: &[Hijri] = &[
        (
            "وُلد في 15 شعبان 1443 هـ في المدينة.",
            ("hijri-date", "15 شعبان 1443 هـ", "2022-03-18", "1443-08-15"),
        ),
        (
            "يبدأ العام في 1 محرم 1445هـ عادة.",
            ("hijri-date", "1 محرم 1445هـ", "2023-07-19", "1445-01-01"),
        ),
        (
            "توفي في 12 ربيع الأول 11 هـ بالمدينة.",
            (
                "hijri-date",
                "12 ربيع الأول 11 هـ",
                "0632-06-10",
                "0011-03-12",
            ),
        ),
        (
            "صدر القرار في 3 ربيع الآخر 1440 ه وأعلن.",
            (
                "hijri-date",
                "3 ربيع الآخر 1440 ه",
                "2018-12-10",
                "1440-04-03",
            ),
        ),
        (
            "عقد الاجتماع في 10 ربيع الثاني 1445هـ بالرياض.",
            (
                "hijri-date",
                "10 ربيع الثاني 1445هـ",
                "2023-10-25",
                "1445-04-10",
            ),
        ),
        (
            "وفي 2 جمادى الثانية 1444 هـ صدر النظام.",
            (
                "hijri-date",
                "2 جمادى الثانية 1444 هـ",
                "2022-12-26",
                "1444-06-02",
            ),
        ),
        (
            "بدأ الموسم في 1 ذو القعدة 1446 ه.",
            (
                "hijri-date",
                "1 ذو القعدة 1446 ه",
                "2025-04-29",
                "1446-11-01",
            ),
        ),
        (
            "افتتح في 10 جمادى الأولى 1420 هـ.",
            (
                "hijri-date",
                "10 جمادى الأولى 1420 هـ",
                "1999-08-21",
                "1420-05-10",
            ),
        ),
        (
            "انعقد في 5 جمادى الآخرة 1430 هـ.",
            (
                "hijri-date",
                "5 جمادى الآخرة 1430 هـ",
                "2009-05-29",
                "1430-06-05",
            ),
        ),
        (
            "أعلن في 27 رجب 1441 هـ.",
            ("hijri-date", "27 رجب 1441 هـ", "2020-03-22", "1441-07-27"),
        ),
        (
            "في 1 شوال 1444 هـ كان العيد.",
            ("hijri-date", "1 شوال 1444 هـ", "2023-04-21", "1444-10-01"),
        ),
        (
            "وقف بعرفة في 9 ذو الحجة 1443 هجري.",
            (
                "hijri-date",
                "9 ذو الحجة 1443 هجري",
                "2022-07-08",
                "1443-12-09",
            ),
        ),
        (
            "سافر في 20 ذي القعدة 1435 هـ.",
            (
                "hijri-date",
                "20 ذي القعدة 1435 هـ",
                "2014-09-15",
                "1435-11-20",
            ),
        ),
        (
            "افتتحت في رمضان 1380 هـ.",
            (
                "hijri-month",
                "رمضان 1380 هـ",
                "1961-02-17/1961-03-17",
                "1380-09",
            ),
        ),
        (
            "وصل في صفر 1400 للهجرة.",
            (
                "hijri-month",
                "صفر 1400 للهجرة",
                "1979-12-21/1980-01-18",
                "1400-02",
            ),
        ),
        (
            "تأسست المدرسة عام 1400هـ.",
            ("hijri-year", "1400هـ", "1979-11-21/1980-11-08", "1400"),
        ),
        (
            "بني المسجد سنة 1380 هجرية.",
            ("hijri-year", "1380 هجرية", "1960-06-26/1961-06-14", "1380"),
        ),
    ];
    for (sentence, want) in cases {
        let want = vec![(
            want.0.to_string(),
            want.1.to_string(),
            want.2.to_string(),
            want.3.to_string(),
        )];
        assert_eq!(hijri(sentence), want, "{sentence}");
        assert_eq!(hijri(&indic(sentence)), want, "{}", indic(sentence));
    }
    // A Hijri year is not read as a Gregorian one, nor «1400هـ» as a plain number; a Hijri month
    // before a year past 1500 is a Gregorian reference («رمضان 2020»).
    assert_eq!(
        read("في عام ١٤٤٣ هـ"),
        [(
            "hijri-year".into(),
            "1443 هـ".into(),
            "2021-08-09/2022-07-29".into()
        )]
    );
    assert_eq!(
        read("في رمضان 2020 صام الناس"),
        [("year".into(), "2020".into(), "2020".into())]
    );
    // A day and month without a year: a date with no place in time.
    assert_eq!(
        hijri("يحتفلون في ٢٧ رجب من كل عام"),
        [(
            "hijri-date".into(),
            "27 رجب".into(),
            String::new(),
            "--07-27".into()
        )]
    );
}

#[test]
fn the_hijri_calendar_follows_umm_al_qura_and_the_arithmetic_calendar_before_it() {
    // Umm al-Qura (KACST tables, 1356 AH on): 1 Ramadan 1444 began on 23 March 2023.
    assert_eq!(hijri_to_iso(1444, 9, 1), Some((2023, 3, 23)));
    // Before the tables, the arithmetic calendar: 1 Muharram 1 AH is 16 July 622 (Julian), 19 July
    // proleptic Gregorian (the Friday epoch).
    assert_eq!(hijri_to_iso(1, 1, 1), Some((622, 7, 19)));
    assert_eq!(hijri_to_iso(1443, 8, 31), None);
}

#[test]
fn decades_and_centuries_are_ranges_of_years() {
    check(&[
        (
            "ازدهرت التجارة في التسعينيات.",
            &[("decade", "التسعينيات", "1990/1999")],
        ),
        (
            "في الثمانينيات من القرن الماضي تغير كل شيء.",
            &[("decade", "الثمانينيات من القرن الماضي", "1980/1989")],
        ),
        (
            "وفي السبعينات هاجر كثيرون.",
            &[("decade", "السبعينات", "1970/1979")],
        ),
        (
            "في ستينيات القرن التاسع عشر بدأ البناء.",
            &[("decade", "ستينيات القرن التاسع عشر", "1860/1869")],
        ),
        (
            "منذ العشرينيات من القرن الحالي يتزايد الطلب.",
            &[("decade", "العشرينيات من القرن الحالي", "2020/2029")],
        ),
        (
            "شهد القرن العشرين حربين.",
            &[("century", "القرن العشرين", "1901/2000")],
        ),
        (
            "تعود المخطوطة للقرن الثامن الهجري، وبالقرن السابع عشر رُممت.",
            &[
                ("century", "للقرن الثامن الهجري", "1301-09-14/1398-09-20"),
                ("century", "القرن السابع عشر", "1601/1700"),
            ],
        ),
        (
            "عاش في القرن التاسع عشر الميلادي.",
            &[("century", "القرن التاسع عشر الميلادي", "1801/1900")],
        ),
        (
            "ونحن في القرن الحادي والعشرين.",
            &[("century", "القرن الحادي والعشرين", "2001/2100")],
        ),
        (
            "بُني في القرن 19 على التل.",
            &[("century", "القرن 19", "1801/1900")],
        ),
        (
            "كتب في القرن الخامس الهجري.",
            &[("century", "القرن الخامس الهجري", "1010-08-21/1107-08-28")],
        ),
        (
            "ازدهرت أثينا في القرن الخامس قبل الميلاد.",
            &[("century", "القرن الخامس قبل الميلاد", "-0499/-0400")],
        ),
        ("تغير العالم في القرن الماضي.", &[]),
    ]);
    // A decade of a Hijri century: its years there, and their Gregorian days.
    let f = &facts("في ستينيات القرن الرابع عشر الهجري نشأت المدرسة.", &[])[0];
    assert_eq!(
        (f.kind, f.value.as_str(), f.hijri.as_deref()),
        (
            FactKind::Decade,
            "ستينيات القرن الرابع عشر الهجري",
            Some("1360/1369")
        )
    );
    assert!(
        f.normalized.starts_with("1941-") && f.normalized.contains("/1950-"),
        "{f:?}"
    );
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
    /// punctuation: reading never panics, and every fact's value is the text at its place.
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
        for f in facts(&text, &[]) {
            proptest::prop_assert_eq!(&text[f.at.clone()], f.value.as_str());
            proptest::prop_assert!(!f.value.is_empty());
        }
    }
}
