//! The book's parts on pages: the title page, chapter openings, and every kind of block, with widow,
//! orphan and keep-with-next control. Each block becomes the structure element a reader's software
//! expects of it: headings `H1`-`H6`, paragraphs `P` (in English: `en`), lists `L` > `LI` > `Lbl` +
//! `LBody`, `BlockQuote`, `Code`, notes `Note` and the `Reference` that points to each, links `Link`.

use std::sync::Arc;

use super::styled;
use super::{bold, Composer};
use std::ops::Range;

use crate::model::{Block, Inline, LinkTarget};
use crate::model::{ChapterStart, Digits, Direction, NotePlacement};
use crate::pdf::frame::{Item, NodeId, Role, Rule, Tag};
use crate::text::{self, FaceId, Justify, Line};

impl Composer<'_, '_> {
    pub(super) fn title_page(&mut self) {
        self.new_page(false);
        let m = &self.book.meta;
        let measure = self.geo.measure();
        let size = self.cfg.font_size;
        self.cursor = Some((self.geo.height * 0.28, 0.0));
        let title = m.title.clone();
        self.within(Role::P, |c| {
            c.block_text(&title, FaceId::BOLD, size * 2.0, measure, true)
        });
        if let Some(sub) = m.subtitle.clone() {
            self.gap(size);
            self.within(Role::P, |c| {
                c.block_text(&sub, FaceId::REGULAR, size * 1.3, measure, true)
            });
        }
        self.gap(size * 3.0);
        for a in m.authors.clone() {
            self.within(Role::P, |c| {
                c.block_text(&a.name, FaceId::BOLD, size * 1.3, measure, true);
                if let Some(aff) = &a.affiliation {
                    c.block_text(aff, FaceId::REGULAR, size, measure, true);
                }
            });
            self.gap(size);
        }
        if let Some(p) = m.publisher.clone() {
            self.cursor = Some((self.geo.height - self.geo.bottom - size * 3.0, 0.0));
            self.within(Role::P, |c| {
                c.block_text(&p, FaceId::REGULAR, size, measure, true)
            });
        }
    }

    /// Centred or start-aligned lines of plain text in one face.
    pub(super) fn block_text(
        &mut self,
        s: &str,
        face: FaceId,
        size: f32,
        measure: f32,
        center: bool,
    ) {
        let layout = self.set_plain(s, face, size, measure);
        let text: Arc<str> = Arc::from(s);
        for line in &layout.lines {
            self.place_line(&text, line, size, layout.rtl, (0.0, 0.0), center);
        }
    }

    pub(super) fn chapter_pages(&mut self, index: usize) {
        self.chapter = Some(index);
        // Chapters open on a new page: a recto (`[pdf] chapter_start`), after a blank verso when the
        // page before is a recto.
        let next = self.pages.len() + 1 + self.page_offset;
        if self.cfg.chapter_start == ChapterStart::Recto && next % 2 == 0 {
            self.new_page(true);
            if let Some(info) = self.info.last_mut() {
                info.blank = true;
            }
        }
        self.new_page(true);
        let size = self.cfg.font_size;
        let chapter = &self.book.chapters[index];
        self.cursor = Some((self.geo.top + self.geo.height * 0.12, 0.0));
        let (title, styles) = styled::flatten(&chapter.title, size * 1.7, self.language());
        let styles = styles
            .into_iter()
            .map(|s| text::StyleSpan {
                face: bold(s.face),
                ..s
            })
            .collect();
        let layout = self.set(&title, styles, self.geo.measure(), Justify::None, None);
        let title: Arc<str> = Arc::from(title);
        let heading = self.element(Role::H(1));
        let saved = std::mem::replace(&mut self.tag, Tag::Node(heading));
        for (k, line) in layout.lines.iter().enumerate() {
            self.place_line(&title, line, size * 1.7, layout.rtl, (0.0, 0.0), false);
            if k == 0 {
                let top = self.cursor.map_or(self.geo.top, |(b, _)| b - line.ascent);
                let at = (self.pages.len() - 1, self.geo.height - top);
                self.ids.insert((index, String::new()), at);
                self.ids.insert((index, chapter.title_id.clone()), at);
                self.anchor(
                    self.pages.len() - 1,
                    self.geo.height - top,
                    chapter.title_text(),
                    1,
                );
            }
        }
        self.tag = saved;
        self.gap(size * 1.5);
        self.after_paragraph = false;
        let blocks = chapter.blocks.clone();
        for (k, block) in blocks.iter().enumerate() {
            // A heading looks at what follows it, to keep with its first lines.
            self.next_block = match block {
                Block::Heading { .. } => blocks.get(k + 1).cloned(),
                _ => None,
            };
            self.block(block, 0.0, size);
        }
        let notes = chapter.footnotes.clone();
        if self.cfg.notes == NotePlacement::Page {
            self.finish_notes();
        } else if !notes.is_empty() {
            // The rule, the notes' heading (the EPUB's) and the first note's first lines on one page.
            let (nsize, hsize) = (self.note_size(), size * 0.9);
            if self.space_left() < size * 1.6 + hsize * 1.8 + self.cfg.line_height * nsize * 2.0 {
                self.new_page(false);
            }
            self.gap(size);
            self.rule(0.3, 0.3);
            let heading = [Inline::Strong(vec![Inline::Text(
                crate::locale::labels(self.language()).notes.to_string(),
            )])];
            self.within(Role::H(2), |c| {
                c.paragraph(&heading, None, hsize, (0.0, 0.0), false)
            });
            for note in &notes {
                self.within(Role::Note, |c| c.note_body(index, note));
            }
        }
    }

    pub(super) fn paragraph(
        &mut self,
        inlines: &[Inline],
        dir: Option<crate::model::Direction>,
        size: f32,
        inset: (f32, f32),
        justify: bool,
    ) -> Option<(usize, f32)> {
        let styled::Flattened {
            text,
            styles,
            links,
            notes,
            anchors,
        } = self.flatten(inlines, size);
        if text.trim().is_empty() {
            return None;
        }
        let links = self.link_elements(links, &notes);
        let saved_spans = std::mem::replace(
            &mut self.spans,
            links.iter().map(|(r, _, n)| (r.clone(), *n)).collect(),
        );
        let mut first = None;
        let measure = self.geo.measure() - inset.0 - inset.1;
        let mode = if justify {
            self.justify()
        } else {
            Justify::None
        };
        let first_indent = self.first_indent;
        let layout = self.set(&text, styles, measure, mode, dir);
        let text: Arc<str> = Arc::from(text);
        let n = layout.lines.len();
        let even = self.even(&layout.lines, size);
        // Notes at the foot: those each line is the first to reference.
        let foot_notes: Vec<Vec<String>> = if self.notes_at_foot() && !notes.is_empty() {
            layout
                .lines
                .iter()
                .map(|line| {
                    let ids: Vec<&str> = notes
                        .iter()
                        .filter(|(r, _, _)| on_line(&text, line, r.start))
                        .map(|(_, id, _)| id.as_str())
                        .collect();
                    if ids.is_empty() {
                        Vec::new()
                    } else {
                        self.first_references(&ids)
                    }
                })
                .collect()
        } else {
            vec![Vec::new(); n]
        };
        let mut i = 0;
        while i < n {
            // How many of the remaining lines fit on this page, each with its notes at the foot?
            let mut room = self.space_left();
            let mut prev = self.cursor.map(|(_, d)| d);
            let mut foot = self.foot_metrics();
            let mut fit = 0;
            for (line, ids) in layout.lines[i..].iter().zip(&foot_notes[i..]) {
                // `room` runs from the last baseline placed (the text block's top on a new page).
                let advance = match prev {
                    None => line.ascent,
                    Some(d) if i + fit > 0 => even.max(d + line.ascent),
                    Some(d) => self.advance(d, line, size),
                };
                if advance + line.descent > room {
                    break;
                }
                if !ids.is_empty() {
                    match self.line_with_notes(foot, ids, room - advance - line.descent) {
                        Some(m) => {
                            room -= m.height - foot.height;
                            foot = m;
                        }
                        None => break,
                    }
                }
                room -= advance;
                prev = Some(line.descent);
                fit += 1;
            }
            let left = n - i;
            let mut take = fit.min(left);
            if take < left && n > 2 {
                // No orphan (one line at the page foot) and no widow (one at the next page's head).
                if left - take == 1 {
                    take = take.saturating_sub(1);
                }
                if take == 1 && i == 0 {
                    take = 0;
                }
            }
            if take == 0 && self.cursor.is_some() {
                self.new_page(false);
                continue;
            }
            let take = take.max(1);
            for (k, (line, ids)) in layout.lines[i..i + take]
                .iter()
                .zip(&foot_notes[i..])
                .enumerate()
            {
                let inset = if i + k == 0 {
                    (inset.0 + first_indent, inset.1)
                } else {
                    inset
                };
                self.pitch = (i + k > 0).then_some(even);
                let (x0, baseline) = self.place_line(&text, line, size, layout.rtl, inset, false);
                self.pitch = None;
                self.mark_line(&text, line, (x0, baseline), &links, &notes, &anchors);
                if !ids.is_empty() {
                    // The lines still to come on this page keep their room.
                    let rest: Vec<super::foot::Rest> = layout.lines[i + k + 1..i + take]
                        .iter()
                        .zip(&foot_notes[i + k + 1..])
                        .scan(line.descent, |d, (l, ids)| {
                            let advance = even.max(*d + l.ascent);
                            *d = l.descent;
                            Some((advance, l.descent, ids.clone()))
                        })
                        .collect();
                    self.add_notes(ids, line.descent, &rest);
                }
                if first.is_none() {
                    first = self.cursor.map(|(baseline, _)| {
                        (
                            self.pages.len() - 1,
                            self.geo.height - (baseline - line.ascent),
                        )
                    });
                }
            }
            i += take;
            if i < n {
                self.new_page(false);
            }
        }
        self.spans = saved_spans;
        self.gap(size * 0.35);
        first
    }

    /// The elements of a run's links and note references, inside the current element: each link an
    /// element of its own, a note reference a `Reference` holding the link to its note; with the
    /// byte range and target of each.
    pub(super) fn link_elements(
        &mut self,
        links: Vec<styled::LinkSpan>,
        notes: &[styled::NoteSpan],
    ) -> Vec<(Range<usize>, LinkTarget, NodeId)> {
        let mut links: Vec<_> = links
            .into_iter()
            .map(|(range, target)| (range, target, self.element(Role::Link)))
            .collect();
        if let Some(chapter) = self.chapter {
            for (range, note, _) in notes {
                let reference = self.element(Role::Reference);
                let link = self.structure.add(Role::Link, Some(reference));
                let target = LinkTarget::Internal {
                    chapter,
                    anchor: Some(note.clone()),
                };
                links.push((range.clone(), target, link));
            }
        }
        links
    }

    /// After `line` of `text` is placed with its left end and baseline at `at`: the areas its links
    /// cover, and the place of its note references (where their notes link back to) and anchors.
    pub(super) fn mark_line(
        &mut self,
        text: &str,
        line: &Line,
        (x0, baseline): (f32, f32),
        links: &[(Range<usize>, LinkTarget, NodeId)],
        notes: &[styled::NoteSpan],
        anchors: &[(usize, String)],
    ) {
        for (range, target, node) in links {
            if range.start >= line.range.end || line.range.start >= range.end {
                continue;
            }
            if let Some((a, b)) = super::extent(line, x0, range) {
                let h = self.geo.height;
                self.text_links.push(super::TextLink {
                    page: self.pages.len() - 1,
                    rect: [
                        a,
                        h - baseline - line.descent,
                        b,
                        h - baseline + line.ascent,
                    ],
                    target: target.clone(),
                    node: *node,
                    description: text[range.clone()].to_string(),
                });
            }
        }
        let top = (
            self.pages.len() - 1,
            self.geo.height - (baseline - line.ascent),
        );
        // Note references and anchors: the line they are on (an anchor at the very end, the last).
        let on_line = |at: usize| on_line(text, line, at);
        let here = notes
            .iter()
            .filter(|(range, _, _)| on_line(range.start))
            .map(|(_, _, id)| id)
            .chain(
                anchors
                    .iter()
                    .filter(|(at, _)| on_line(*at))
                    .map(|(_, id)| id),
            );
        if let Some(chapter) = self.chapter {
            for id in here {
                self.ids.insert((chapter, id.clone()), top);
            }
        }
    }

    pub(super) fn block(&mut self, block: &Block, indent: f32, size: f32) {
        // A paragraph of the text that follows another is indented (`[pdf] indent`); none after a
        // heading, a break, a poem or any other block, as books do.
        let follows = std::mem::take(&mut self.after_paragraph);
        match block {
            Block::Paragraph { id, content, dir } => {
                let top = indent == 0.0 && size == self.cfg.font_size;
                if top && follows {
                    self.first_indent = self.cfg.indent * size;
                }
                let at = self.within(Role::P, |c| {
                    if let Some(lang) = c.language_of(*dir) {
                        c.set_lang(lang);
                    }
                    c.paragraph(content, *dir, size, (indent, 0.0), true)
                });
                self.first_indent = 0.0;
                if let (Some(at), Some(chapter)) = (at, self.chapter) {
                    self.ids.insert((chapter, id.clone()), at);
                }
                let figures = super::figure::figures(content);
                for figure in &figures {
                    self.figure(figure, size);
                }
                self.after_paragraph = top && figures.is_empty();
            }
            Block::Heading {
                level, content, id, ..
            } => {
                let hsize = heading_size(*level, size);
                let inlines: Vec<Inline> = vec![Inline::Strong(content.clone())];
                // Keep the heading with the lines of what follows that must open on its page.
                let next = self.next_block.take();
                // (The gaps above and under the heading, the heading, what follows: its first
                // line a whole line's pitch under the heading at least.)
                let need = size * 0.6
                    + self.text_height(&inlines, hsize, indent, false, None, |n| n, false)
                    + hsize * 0.35
                    + self.lead_height(next.as_ref(), indent, size);
                if self.cursor.is_some() && self.space_left() < need {
                    self.new_page(false);
                }
                self.gap(size * 0.6);
                let at = self.within(Role::H((*level).clamp(1, 6)), |c| {
                    c.paragraph(&inlines, None, hsize, (indent, 0.0), false)
                });
                if let (Some((page, y)), Some(chapter)) = (at, self.chapter) {
                    self.ids.insert((chapter, id.clone()), (page, y));
                }
                if let (Some((page, y)), Some(level)) = (at, self.section_level(id)) {
                    self.anchor(page, y, Inline::plain_text(content), level);
                }
            }
            Block::List { start, items, .. } => self.within(Role::L, |c| {
                for (k, item) in items.iter().enumerate() {
                    // Arabic-Indic numbers take a dash: a full stop beside them reads as a zero.
                    let marker = match (start, c.cfg.digits) {
                        (Some(s), Digits::ArabicIndic) => {
                            format!("{}\u{2013}", c.number(*s as usize + k))
                        }
                        (Some(s), Digits::Western) => format!("{}.", c.number(*s as usize + k)),
                        (None, _) => "•".to_string(),
                    };
                    c.within(Role::LI, |c| {
                        c.marker(&marker, indent, size);
                        c.within(Role::LBody, |c| {
                            for b in item {
                                c.block(b, indent + size * 1.8, size);
                            }
                        });
                        // An item that placed no line of text: its marker where the item is.
                        if let Some(m) = c.marker.take() {
                            let text = Arc::clone(&m.text);
                            let saved = std::mem::replace(&mut c.tag, Tag::Node(m.node));
                            c.place_line(&text, &m.line, size, c.rtl, (m.indent, 0.0), false);
                            c.tag = saved;
                        }
                    });
                }
            }),
            Block::BlockQuote(blocks) => {
                // Set apart from the text around it.
                self.gap(size * 0.3);
                let start = self.cursor.map(|(y, _)| y);
                let page = self.pages.len();
                self.within(Role::BlockQuote, |c| {
                    for b in blocks {
                        c.block(b, indent + size * 1.5, size);
                    }
                });
                // A rule on the start side, on the page where the quotation ends.
                if let (Some(y0), Some((y1, d))) = (start, self.cursor) {
                    let y0 = if page == self.pages.len() {
                        y0
                    } else {
                        self.geo.top
                    };
                    let (left, right) = self.edges();
                    let x = if self.rtl {
                        right - indent - size * 0.5
                    } else {
                        left + indent + size * 0.5
                    };
                    let h = self.geo.height;
                    self.push(Item::Rule(Rule {
                        from: (x, h - y0),
                        to: (x, h - y1 - d),
                        width: 1.2,
                    }));
                }
                self.gap(size * 0.3);
            }
            Block::CodeBlock { text, .. } => self.within(Role::Code, |c| {
                for line in text.lines() {
                    let line = if line.is_empty() { " " } else { line };
                    let inlines = vec![Inline::Code(line.to_string())];
                    let _ = c.paragraph(
                        &inlines,
                        Some(Direction::Ltr),
                        size * 0.85,
                        (indent, 0.0),
                        false,
                    );
                    c.gap(-size * 0.3);
                }
                c.gap(size * 0.3);
            }),
            Block::Table {
                align,
                head,
                rows,
                line,
            } => {
                self.within(Role::Table, |c| {
                    c.table(align, head, rows, *line, indent, size)
                });
            }
            Block::Poem { stanzas, .. } => self.poem(stanzas, indent, size),
            Block::ThematicBreak => {
                // A centred ornament (`[pdf] ornament`), decoration for readers' software.
                self.gap(size * 0.4);
                let ornament = self.cfg.ornament.clone();
                let layout = self.set_plain(&ornament, FaceId::REGULAR, size, self.geo.measure());
                let text: Arc<str> = Arc::from(ornament.as_str());
                self.artifact(crate::pdf::frame::Artifact::Layout, |c| {
                    for line in &layout.lines {
                        c.place_line(&text, line, size, layout.rtl, (indent, 0.0), true);
                    }
                });
                self.gap(size * 0.6);
            }
            Block::Entries(entries) => {
                self.within(Role::L, |c| c.entries(entries, indent, size * 0.9))
            }
        }
    }

    /// A paragraph's language when it is not the book's ([`crate::script::paragraph_language`]).
    pub(super) fn language_of(&self, dir: Option<Direction>) -> Option<&'static str> {
        crate::script::paragraph_language(dir, self.book.meta.direction)
    }

    /// Sets the language of the current element.
    pub(super) fn set_lang(&mut self, lang: &str) {
        if let Tag::Node(n) = self.tag {
            self.structure.nodes[n].lang = Some(lang.to_string());
        }
    }

    /// A list marker, `Lbl` of the current item, set beside the item's first line of text when that is
    /// placed (see [`Composer::place_line`]).
    pub(super) fn marker(&mut self, marker: &str, indent: f32, size: f32) {
        let layout = self.set_plain(marker, FaceId::REGULAR, size, size * 1.6);
        let Some(line) = layout.lines.first().cloned() else {
            return;
        };
        let node = self.element(Role::Lbl);
        self.marker = Some(super::Marker {
            text: Arc::from(marker),
            line,
            indent,
            node,
        });
    }
}

/// Whether byte `at` of `text` is on `line` (a place at the very end is on the last line).
pub(super) fn on_line(text: &str, line: &Line, at: usize) -> bool {
    line.range.start <= at
        && (at < line.range.end.max(1)
            || (at == text.len() && line.range.end >= text.trim_end().len()))
}

/// The size of a heading of `level` in a text of `size`.
pub(super) fn heading_size(level: u8, size: f32) -> f32 {
    match level {
        1 => size * 1.5,
        2 => size * 1.3,
        3 => size * 1.15,
        _ => size,
    }
}
