//! Shaping: characters to positioned glyphs with `rustybuzz`, the way HarfBuzz does it.
//!
//! A shaping request is a sequence of characters, each with the cluster value it should report (the text
//! engine uses indices into its own character table, so that inserted tatweels can be told apart from the
//! author's text), a face, a direction and a script. Cluster level "monotone characters" keeps combining
//! marks in clusters of their own, so every glyph maps back to the characters it draws. All of the
//! font's default features apply (for Amiri: joining forms, `rlig` lam-alef, `calt`, `liga`, `kern`,
//! `curs`, `mark`, `mkmk`).

use rustybuzz::{BufferClusterLevel, Direction, Language, UnicodeBuffer};

use super::fonts::{FaceId, Fonts};

/// A shaped glyph in font units, in visual order (left to right) as the shaper returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    pub id: u16,
    /// The cluster value of the first character this glyph draws.
    pub cluster: u32,
    pub x_advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    /// Breaking the text at the start of this glyph's cluster changes the shaping of both sides.
    pub unsafe_to_break: bool,
}

/// The script of a run, as shaping needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunScript {
    Arabic,
    Latin,
    /// Any other script: the shaper guesses it from the text.
    Other,
}

impl RunScript {
    /// The OpenType script tag (`arab`, `latn`), or `None` for [`RunScript::Other`].
    pub fn tag(self) -> Option<&'static str> {
        match self {
            RunScript::Arabic => Some("arab"),
            RunScript::Latin => Some("latn"),
            RunScript::Other => None,
        }
    }
}

/// What to shape: the face, direction, script and language of a run, and the text around it that
/// joining may depend on (non-empty only when a line ends inside a word).
#[derive(Debug, Clone, Copy)]
pub struct ShapeSpec<'s> {
    pub face: FaceId,
    pub rtl: bool,
    pub script: RunScript,
    pub language: &'s str,
    pub before: &'s str,
    pub after: &'s str,
}

#[cfg(test)]
thread_local! {
    /// Characters given to the shaper on this thread, context included (tests measure work with it).
    pub(crate) static SHAPED_CHARS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Shapes `chars` (character, cluster value).
pub fn shape(
    fonts: &Fonts,
    spec: &ShapeSpec,
    chars: impl IntoIterator<Item = (char, u32)>,
) -> Vec<ShapedGlyph> {
    let ShapeSpec {
        face,
        rtl,
        script,
        language,
        before,
        after,
    } = *spec;
    let mut buffer = UnicodeBuffer::new();
    if !before.is_empty() {
        buffer.set_pre_context(before);
    }
    for (c, cluster) in chars {
        buffer.add(c, cluster);
    }
    #[cfg(test)]
    SHAPED_CHARS
        .with(|n| n.set(n.get() + buffer.len() + before.chars().count() + after.chars().count()));
    // After the characters: adding one clears the post-context, as in HarfBuzz.
    if !after.is_empty() {
        buffer.set_post_context(after);
    }
    buffer.set_cluster_level(BufferClusterLevel::MonotoneCharacters);
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    match script {
        RunScript::Arabic => buffer.set_script(rustybuzz::script::ARABIC),
        RunScript::Latin => buffer.set_script(rustybuzz::script::LATIN),
        RunScript::Other => {
            buffer.guess_segment_properties();
            buffer.set_direction(if rtl {
                Direction::RightToLeft
            } else {
                Direction::LeftToRight
            });
        }
    }
    if let Ok(lang) = language.parse::<Language>() {
        buffer.set_language(lang);
    }
    let plan = fonts.plan(face, rtl, Some(buffer.script()), buffer.language().as_ref());
    let out = rustybuzz::shape_with_plan(&fonts.face(face).shaper, &plan, buffer);
    out.glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| ShapedGlyph {
            id: info.glyph_id as u16,
            cluster: info.cluster,
            x_advance: pos.x_advance,
            x_offset: pos.x_offset,
            y_offset: pos.y_offset,
            unsafe_to_break: info.unsafe_to_break(),
        })
        .collect()
}

/// Shapes `chars` like [`shape`], once for every distinct request of the build: the result is kept in
/// `fonts` and handed out again. Words set again and again with a tatweel, or at the end of a line, are
/// shaped once. `chars` carry cluster values from `base` up (`base` may be one less than the first
/// character's, for a tatweel put before it); the result is the same as [`shape`]'s.
///
/// Requests are told apart by everything shaping reads: face, direction, script, language, the
/// characters with their cluster values relative to `base`, and of the context only what can change
/// the result (HarfBuzz reads the context only for Arabic joining, up to the first character that is
/// not transparent, and to know whether there is any: [`significant_context`]).
pub fn shape_shared(
    fonts: &Fonts,
    spec: &ShapeSpec,
    chars: &[(char, u32)],
    base: u32,
) -> std::sync::Arc<Vec<ShapedGlyph>> {
    kept(fonts, spec, chars, base, base)
}

/// Like [`shape_shared`] with `base` the first character's cluster value, but the glyphs' cluster values
/// are left relative to it (the kept shaping itself, not a copy).
pub fn shape_kept(
    fonts: &Fonts,
    spec: &ShapeSpec,
    chars: &[(char, u32)],
) -> std::sync::Arc<Vec<ShapedGlyph>> {
    kept(fonts, spec, chars, chars.first().map_or(0, |c| c.1), 0)
}

/// The kept shaping of `chars` relative to `base`, its cluster values moved up by `up`.
fn kept(
    fonts: &Fonts,
    spec: &ShapeSpec,
    chars: &[(char, u32)],
    base: u32,
    up: u32,
) -> std::sync::Arc<Vec<ShapedGlyph>> {
    // The key: face, direction and script; the language; the contexts' significant characters (each
    // with its length first); the characters with their cluster values relative to `base`.
    let mut key: Vec<u32> = Vec::with_capacity(16 + 2 * chars.len());
    key.push(spec.face.index() as u32 | u32::from(spec.rtl) << 8 | (spec.script as u32) << 9);
    key.push(spec.language.len() as u32);
    key.extend(spec.language.bytes().map(u32::from));
    let before = significant_context(spec.before.chars().rev());
    key.push(before.len() as u32);
    key.extend(before.map(u32::from));
    let after = significant_context(spec.after.chars());
    key.push(after.len() as u32);
    key.extend(after.map(u32::from));
    key.extend(chars.iter().flat_map(|&(c, v)| [u32::from(c), v - base]));
    fonts.shared_shape(
        key,
        || {
            let mut glyphs = shape(fonts, spec, chars.iter().copied());
            for g in &mut glyphs {
                g.cluster -= base;
            }
            glyphs
        },
        up,
    )
}

/// The characters of a context (nearest first) that shaping can read: up to the first that is not a
/// mark or a format character (no other can be transparent to Arabic joining), at most HarfBuzz's
/// five; nearest first.
pub fn significant_context(
    nearest_first: impl Iterator<Item = char>,
) -> impl ExactSizeIterator<Item = char> {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    let mut out = [' '; 5];
    let mut n = 0;
    for c in nearest_first.take(5) {
        out[n] = c;
        n += 1;
        if !matches!(
            c.general_category(),
            G::NonspacingMark | G::EnclosingMark | G::Format
        ) {
            break;
        }
    }
    out.into_iter().take(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(s: &str) -> Vec<(char, u32)> {
        s.chars().enumerate().map(|(i, c)| (c, i as u32)).collect()
    }

    #[test]
    fn lam_alef_takes_its_special_forms_and_rtl_output_is_visual() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let spec = ShapeSpec {
            face: FaceId::REGULAR,
            rtl: true,
            script: RunScript::Arabic,
            language: "ar",
            before: "",
            after: "",
        };
        // Amiri draws lam-alef with two glyphs of its own, unlike an isolated lam and alef.
        let ids = |s: &str| {
            shape(&fonts, &spec, indexed(s))
                .iter()
                .map(|g| g.id)
                .collect::<Vec<_>>()
        };
        let lam_alef = ids("لا");
        assert_eq!(lam_alef.len(), 2);
        assert!(
            !lam_alef.contains(&ids("ل")[0]) && !lam_alef.contains(&ids("ا")[0]),
            "{lam_alef:?}"
        );
        let g = shape(&fonts, &spec, indexed("بسم"));
        let clusters: Vec<u32> = g.iter().map(|g| g.cluster).collect();
        assert_eq!(
            clusters,
            [2, 1, 0],
            "right-to-left runs come out in visual order"
        );
    }

    /// What the shared shaping keeps of a context is all that shaping reads of it: contexts that agree
    /// up to their first character that is not a mark give the same glyphs, and the kept shaping is
    /// what shaping again gives.
    #[test]
    fn shared_shaping_reads_the_context_as_the_shaper_does() {
        let set = crate::fonts::bundled();
        let fonts = Fonts::new(&set).unwrap();
        let word: Vec<(char, u32)> = "بسم"
            .chars()
            .enumerate()
            .map(|(i, c)| (c, 7 + i as u32))
            .collect();
        fn with<'s>(before: &'s str, after: &'s str) -> ShapeSpec<'s> {
            ShapeSpec {
                face: FaceId::REGULAR,
                rtl: true,
                script: RunScript::Arabic,
                language: "ar",
                before,
                after,
            }
        }
        let context = |s: &str| significant_context(s.chars().rev()).collect::<Vec<_>>();
        assert_eq!(context("كتابَ"), vec!['َ', 'ب']);
        assert_eq!(context("كتاب "), vec![' ']);
        assert!(context("").is_empty());
        for (a, b) in [("ب", "كتاب"), ("بَ", "كتابَ"), (" ", "كتاب "), ("ـ", "مـ")]
        {
            let x = shape(&fonts, &with(a, "ة"), word.iter().copied());
            let y = shape(&fonts, &with(b, "ةٌ"), word.iter().copied());
            assert_eq!(x, y, "{a:?} and {b:?} read alike");
            for before in [a, b] {
                let shared = shape_shared(&fonts, &with(before, "ة"), &word, 6);
                assert_eq!(*shared, x);
            }
        }
        // A context that differs where it counts is told apart: a joining letter before the word
        // gives its first letter a joined form, a space does not.
        let joined = shape_shared(&fonts, &with("ب", ""), &word, 7);
        let apart = shape_shared(&fonts, &with(" ", ""), &word, 7);
        assert_ne!(joined, apart);
        assert_eq!(*apart, shape(&fonts, &with(" ", ""), word.iter().copied()));
    }
}
