//! The book model: the one typed description of a book that every writer reads.
//!
//! Loading (`crate::load`) turns a manuscript folder into a [`Book`]: metadata, chapters made of typed
//! [`Block`]s and [`Inline`]s, the table-of-contents tree of each chapter, footnotes, and the resources
//! (images, fonts) the book carries. Writers never look at Markdown or at `book.toml`; whatever they need
//! is here. Every anchor a writer may link to (chapter, heading, footnote, paragraph, the place of a fact)
//! has a stable ASCII id. The facts stage (`crate::facts`) adds the facts, their anchors in the
//! paragraphs and the appendix chapter that lists them.
//!
//! The model owns its types, settings included ([`Direction`], [`Author`], [`PdfSettings`], [`Fact`]):
//! `crate::config` fills them from `book.toml`; the model imports no stage.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A whole book, ready for the writers.
#[derive(Debug, Clone)]
pub struct Book {
    pub meta: Metadata,
    pub chapters: Vec<Chapter>,
    /// Images referenced by the chapters, each once, in order of first use.
    pub images: Vec<Image>,
    pub fonts: FontSet,
    /// The author's cover image (`[epub] cover`), an index into `images`; without one the EPUB gets a
    /// rendered cover.
    pub cover: Option<usize>,
    /// The author's own print cover (`[print] cover`), used in place of the one made from the
    /// metadata once its size is checked.
    pub print_cover: Option<CoverArt>,
    /// Extra CSS of the manuscript for the EPUB, appended to the built-in stylesheet.
    pub extra_css: Option<String>,
    /// Deepest heading level listed in the EPUB navigation document.
    pub toc_depth: u8,
    /// Settings of the PDF edition.
    pub pdf: PdfSettings,
    /// `[print]`: the print-ready interior, when the book asks for one.
    pub print: Option<PrintSettings>,
    /// What facts are read from and listed (`[facts]` of `book.toml`).
    pub fact_settings: FactSettings,
    /// The dates and figures of the book (extracted and curated), in the appendix's order.
    pub facts: Vec<Fact>,
}

/// Bibliographic metadata.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<Author>,
    pub contributors: Vec<String>,
    /// BCP 47 tag of the book's main language.
    pub language: String,
    pub direction: Direction,
    /// The stable identifier: from `book.toml`, or derived from title and authors.
    pub identifier: String,
    /// Publication date as written in `book.toml` (`YYYY[-MM[-DD]]`).
    pub date: Option<String>,
    /// Last-modified time, `YYYY-MM-DDTHH:MM:SSZ`: from `date`, else `SOURCE_DATE_EPOCH`, else a fixed epoch.
    pub modified: String,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub rights: Option<String>,
    pub subjects: Vec<String>,
    /// Base name of the output files.
    pub slug: String,
}

/// Text direction of the book or of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Rtl,
    Ltr,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        }
    }
}

/// An author: a name and, optionally, the office or affiliation printed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub affiliation: Option<String>,
}

/// Digits the PDF prints its numbers in (folios, list numbers, note numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Digits {
    ArabicIndic,
    Western,
}

/// How the PDF fills its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JustifyMode {
    Kashida,
    Spaces,
    None,
}

/// What the facts are read from and which the appendix lists (`[facts]` of `book.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct FactSettings {
    /// The kinds the book's facts keep: the appendix and `publish facts` list only these (the
    /// author's own facts from `facts.toml` are always kept).
    pub kinds: Vec<FactKind>,
    /// Whether the paragraphs of block quotations are read: a quotation's figures are its author's.
    pub quotations: bool,
}

impl Default for FactSettings {
    fn default() -> Self {
        FactSettings {
            kinds: FactKind::ALL.to_vec(),
            quotations: false,
        }
    }
}

/// Settings of the PDF edition (`[pdf]` of `book.toml`). Lengths in millimetres, sizes in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfSettings {
    pub width_mm: f32,
    pub height_mm: f32,
    /// Margins: top, bottom, inner (binding side), outer.
    pub margins_mm: [f32; 4],
    pub font_size: f32,
    /// Distance between baselines as a multiple of the font size.
    pub line_height: f32,
    pub digits: Digits,
    pub justify: JustifyMode,
    /// Where the notes go: at the foot of their references' pages, or after their chapter.
    pub notes: NotePlacement,
    /// Whether note numbers restart with every chapter or every page.
    pub note_numbering: NoteNumbering,
    /// First-line indent of paragraphs, in em (none after headings and other breaks in the text).
    pub indent: f32,
    /// Whether chapters open on a recto (a blank verso before them when needed) or any page.
    pub chapter_start: ChapterStart,
    /// What a thematic break (`---`) draws, centred.
    pub ornament: String,
}

/// `[print]`: the interior a printing service takes (its trim size, its margins, bleed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintSettings {
    pub service: PrintService,
    /// The trimmed page's width and height, in millimetres.
    pub trim_mm: (f32, f32),
    pub paper: Paper,
    /// Whether the pages reach 0.125 in past the trim on every side ([`BLEED_IN`]).
    pub bleed: bool,
}

/// How far past the trim bleed reaches, in inches (every service's figure).
pub const BLEED_IN: f32 = 0.125;

/// Millimetres in an inch.
pub const MM_PER_IN: f32 = 25.4;

/// The printing services whose rules the interior follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrintService {
    Kdp,
    Ingram,
    Lulu,
    Generic,
}

impl PrintService {
    /// The least margin on the binding side for a book of `pages` pages, in inches: KDP's grows
    /// with the page count (its table); the others ask half an inch.
    pub fn binding_margin_in(self, pages: usize) -> f32 {
        match self {
            PrintService::Kdp => match pages {
                0..=150 => 0.375,
                151..=300 => 0.5,
                301..=500 => 0.625,
                501..=700 => 0.75,
                _ => 0.875,
            },
            _ => 0.5,
        }
    }

    /// The least margin on the other three sides, in inches: KDP's is 0.375 in a book with bleed.
    pub fn edge_margin_in(self, bleed: bool) -> f32 {
        match self {
            PrintService::Kdp if bleed => 0.375,
            PrintService::Kdp => 0.25,
            _ => 0.5,
        }
    }

    /// The fewest pages the service prints a paperback with, where it says (KDP: 24).
    pub fn least_pages(self) -> Option<usize> {
        match self {
            PrintService::Kdp => Some(24),
            _ => None,
        }
    }

    /// Whether bleed goes on the binding side too. KDP and IngramSpark add it at the top, the bottom
    /// and the outside edge only (a 6 × 9 in page with bleed is 6.125 × 9.25 in); Lulu, and the
    /// generic service, on every side.
    pub fn bleeds_at_binding(self) -> bool {
        !matches!(self, PrintService::Kdp | PrintService::Ingram)
    }
}

impl PrintSettings {
    /// The trim as an author writes it: in inches when it is a size in eighths of an inch (6 × 9 in),
    /// else in millimetres (148 × 210 mm).
    pub fn trim_text(&self) -> String {
        let (w, h) = (self.trim_mm.0 / MM_PER_IN, self.trim_mm.1 / MM_PER_IN);
        let eighths = |v: f32| ((v * 8.0).round() - v * 8.0).abs() < 0.01;
        if eighths(w) && eighths(h) {
            let round = |v: f32| (v * 8.0).round() / 8.0;
            format!("{} × {} in", round(w), round(h))
        } else {
            format!("{:.0} × {:.0} mm", self.trim_mm.0, self.trim_mm.1)
        }
    }

    /// What `[print]` gives when it says nothing: the generic service at the reader's page size,
    /// white paper, no bleed.
    pub fn generic(pdf: &PdfSettings) -> PrintSettings {
        PrintSettings {
            service: PrintService::Generic,
            trim_mm: (pdf.width_mm, pdf.height_mm),
            paper: Paper::White,
            bleed: false,
        }
    }
}

/// An author's own print cover and where `book.toml` names it.
#[derive(Debug, Clone)]
pub struct CoverArt {
    /// `book.toml`, and the line and column of `cover` in it.
    pub toml: PathBuf,
    pub line: usize,
    pub column: usize,
    /// As written in `book.toml`.
    pub name: String,
    pub art: Art,
}

/// What an author's cover is: a PDF (its bytes), or an image.
#[derive(Debug, Clone)]
pub enum Art {
    Pdf(Vec<u8>),
    Image(Box<Image>),
}

/// The paper a printed book is on (its thickness makes the spine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    White,
    Cream,
}

impl Paper {
    /// How thick a leaf of it makes the spine per page, in inches (KDP's figures; IngramSpark's are
    /// within a few thousandths of an inch of them).
    pub fn inches_per_page(self) -> f32 {
        match self {
            Paper::White => 0.002252,
            Paper::Cream => 0.0025,
        }
    }
}

/// Where the PDF sets the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotePlacement {
    Page,
    Chapter,
}

/// Where note numbers start again from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteNumbering {
    Chapter,
    Page,
}

/// Which pages chapters open on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterStart {
    Recto,
    Any,
}

/// What a fact is. The timeline's kinds first, then the figures, in the appendix's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactKind {
    Date,
    Month,
    YearRange,
    Year,
    /// A day of the Hijri calendar (`normalized`: its Gregorian day).
    HijriDate,
    /// A month of the Hijri calendar (`normalized`: the range of its Gregorian days).
    HijriMonth,
    /// A year of the Hijri calendar (`normalized`: the range of its Gregorian days).
    HijriYear,
    /// A decade (`1990/1999`).
    Decade,
    /// A century (`1901/2000`; a Hijri one as the range of its Gregorian days).
    Century,
    Percentage,
    /// A share written as a fraction (`نصف السكان`: 0.5).
    Fraction,
    Money,
    Ordinal,
    Count,
    /// A figure on its own (`3.14`).
    Number,
    /// A fact without a figure (only in `facts.toml`: a named commitment).
    Statement,
}

impl FactKind {
    /// Every kind, in the appendix's order.
    pub const ALL: [FactKind; 16] = [
        FactKind::Date,
        FactKind::Month,
        FactKind::YearRange,
        FactKind::Year,
        FactKind::HijriDate,
        FactKind::HijriMonth,
        FactKind::HijriYear,
        FactKind::Decade,
        FactKind::Century,
        FactKind::Percentage,
        FactKind::Fraction,
        FactKind::Money,
        FactKind::Ordinal,
        FactKind::Count,
        FactKind::Number,
        FactKind::Statement,
    ];

    /// The name `publish facts` prints and `facts.toml` takes (`year-range`).
    pub fn name(self) -> &'static str {
        match self {
            FactKind::Date => "date",
            FactKind::Month => "month",
            FactKind::YearRange => "year-range",
            FactKind::Year => "year",
            FactKind::HijriDate => "hijri-date",
            FactKind::HijriMonth => "hijri-month",
            FactKind::HijriYear => "hijri-year",
            FactKind::Decade => "decade",
            FactKind::Century => "century",
            FactKind::Percentage => "percentage",
            FactKind::Fraction => "fraction",
            FactKind::Money => "money",
            FactKind::Ordinal => "ordinal",
            FactKind::Count => "count",
            FactKind::Number => "number",
            FactKind::Statement => "statement",
        }
    }
}

/// One fact of the book.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub kind: FactKind,
    /// The words that state it, as written (for a curated fact, its `value` or its date in words).
    pub value: String,
    /// Its value: an ISO date (`1992-07-02`; `--08-29` without a year; `1991-12` for a month), a year
    /// (`2015`; `-0499` for 500 BC) or a range of them (`2015/2016`, `1901/2000`,
    /// `1961-02-17/1961-03-17`), a number (`380000000000`, `0.5`), or empty.
    pub normalized: String,
    /// For a fact of the Hijri calendar, its date there (`1443-08-15`, `1380-09`, `1400`, `0401/0500`;
    /// `--07-27` for a day without a year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hijri: Option<String>,
    /// For a date converted from the Hijri calendar, the calendar `normalized` gives it in: `julian`
    /// before 15 October 1582 (as historians write those dates), `gregorian` after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<&'static str>,
    /// The sentence that states it (or the curated statement).
    pub context: String,
    /// The chapter (1-based, in reading order) and its title; `None` for a curated fact without a place.
    pub chapter: Option<usize>,
    pub chapter_title: Option<String>,
    /// The paragraph's anchor id (`p-4`), the same in both editions.
    pub anchor: Option<String>,
    /// `text` (extracted) or `curated` (from `facts.toml`).
    pub source: FactSource,
    /// Whether a human should look at it before printing: a figure nothing labels, or a count
    /// whose label the reading is unsure of. Never set on an author's fact.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub review: bool,
    /// Byte range of the words that state it in the paragraph's text (see
    /// `crate::facts::paragraph_text`); its anchor goes at the start.
    #[serde(skip)]
    pub span: Option<std::ops::Range<usize>>,
}

/// Where a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactSource {
    Text,
    Curated,
}

impl FactKind {
    /// Dated facts go on the timeline.
    pub fn dated(self) -> bool {
        self < FactKind::Percentage
    }
}

/// One chapter: one manuscript file, or the appendix the book generates.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Stable ASCII id, also the base name of the chapter's files (`chapter-01`, `facts`).
    pub id: String,
    /// The manuscript file it came from (for the appendix of facts: `facts.toml`, which may not exist).
    pub source: PathBuf,
    /// Title: the file's first level-1 heading.
    pub title: Vec<Inline>,
    /// Anchor id of the title heading.
    pub title_id: String,
    /// The chapter's content after its title.
    pub blocks: Vec<Block>,
    /// Headings below the title, nested by level, for tables of contents.
    pub sections: Vec<Section>,
    /// Footnotes in order of first reference; `Inline::FootnoteRef::number` indexes this list from 1.
    pub footnotes: Vec<Footnote>,
    /// Back matter the book generates (the appendix of facts): not a manuscript file, and never read
    /// for facts.
    pub appendix: bool,
}

impl Chapter {
    /// A chapter with no content, standing in the place of one that could not be read, so that the
    /// chapters after it keep their numbers while the loader reports every error of the manuscript.
    pub fn empty(id: String, source: PathBuf) -> Chapter {
        Chapter {
            title_id: id.clone(),
            id,
            source,
            title: Vec::new(),
            blocks: Vec::new(),
            sections: Vec::new(),
            footnotes: Vec::new(),
            appendix: false,
        }
    }
}

/// A heading inside a chapter, with the headings nested under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<Section>,
}

/// A footnote's text.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// Anchor id of the note (`fn-3`).
    pub id: String,
    pub number: usize,
    pub blocks: Vec<Block>,
    /// Anchor ids of the references that point here, in reading order.
    pub ref_ids: Vec<String>,
}

/// A verse of a poem: a بيت of two hemistichs (صدر and عجز), or one line standing alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Verse {
    pub first: Vec<Inline>,
    pub second: Option<Vec<Inline>>,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        id: String,
        classes: Vec<String>,
        content: Vec<Inline>,
    },
    /// A paragraph with its anchor id (`p-N`, numbered in reading order within the chapter); `dir` is set
    /// when its direction differs from the book's.
    Paragraph {
        id: String,
        content: Vec<Inline>,
        dir: Option<Direction>,
    },
    /// Preformatted code, always left to right.
    CodeBlock {
        language: Option<String>,
        text: String,
    },
    /// `start` is `Some(n)` for an ordered list. `tight` lists draw their items without paragraph spacing.
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    BlockQuote(Vec<Block>),
    /// Verse (a fenced block ```` ```poem ````): stanzas of verses.
    Poem {
        stanzas: Vec<Vec<Verse>>,
        /// The line of the chapter file where the poem starts.
        line: usize,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        /// The line of the chapter file where the table starts (for what a writer reports of it).
        line: usize,
    },
    ThematicBreak,
    /// Entries that each point at a place in the book (the appendix of facts): the EPUB links each to its
    /// paragraph, the PDF prints the page number of the exact place beside it.
    Entries(Vec<Entry>),
}

/// One entry of [`Block::Entries`]: a label (`2 يوليو 1992`) and a text (the sentence that states it).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub label: String,
    pub text: String,
    pub target: Option<EntryTarget>,
}

/// Where an entry points: a chapter, the paragraph (`p-4`, or `None` for the chapter's start) and the
/// exact place inside it (an [`Inline::Anchor`] id, or the paragraph itself).
#[derive(Debug, Clone, PartialEq)]
pub struct EntryTarget {
    pub chapter: usize,
    pub paragraph: Option<String>,
    pub place: Option<String>,
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// An inline element.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    /// A span from the small set of raw HTML inline elements the manuscript may use.
    Span {
        kind: SpanKind,
        content: Vec<Inline>,
    },
    /// Inline code, left to right.
    Code(String),
    Link {
        target: LinkTarget,
        title: Option<String>,
        content: Vec<Inline>,
    },
    /// An image; `index` points into [`Book::images`].
    Image {
        index: usize,
        alt: String,
        title: Option<String>,
        /// The line of the chapter file that shows it (for what a writer reports of it).
        line: usize,
    },
    FootnoteRef {
        number: usize,
        id: String,
        note_id: String,
    },
    /// A place in the text that links point at (each fact of the appendix has one); prints nothing.
    Anchor(String),
    /// A soft line break: a space when rendered.
    SoftBreak,
    /// A hard line break.
    LineBreak,
}

/// Raw HTML inline elements that are kept (as typed spans; the HTML itself never reaches a writer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    Superscript,
    Subscript,
    Underline,
    Mark,
    Keyboard,
    Small,
    /// A span isolated from the surrounding bidi context, with an optional forced direction.
    Isolate(Option<Direction>),
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `http`, `https` or `mailto`.
    External(String),
    /// An anchor in a chapter (`chapter` indexes [`Book::chapters`]); `None` anchor is the chapter's start.
    Internal {
        chapter: usize,
        anchor: Option<String>,
    },
}

/// An image file of the manuscript.
#[derive(Debug, Clone)]
pub struct Image {
    /// The file inside the manuscript folder.
    pub source: PathBuf,
    /// Its name inside the book (`images/01-map.png`).
    pub name: String,
    pub media_type: &'static str,
    pub data: Vec<u8>,
    /// Size in pixels, as it is shown: turned as its EXIF orientation says.
    pub width: u32,
    pub height: u32,
    /// Its EXIF orientation (1–8; 1: stored as shown), which reading systems apply and the PDF
    /// applies when it draws the stored pixels.
    pub orientation: u8,
}

/// The four faces of the text font, the monospace face for code, and the faces that draw what those
/// lack.
#[derive(Debug, Clone)]
pub struct FontSet {
    pub regular: FontFile,
    pub bold: FontFile,
    pub italic: FontFile,
    pub bold_italic: FontFile,
    pub mono: FontFile,
    /// Faces for characters the five lack (symbols, emoji), in the order they are tried: the
    /// manuscript's (`[fonts] fallback`), then the bundled ones.
    pub fallback: Vec<FontFile>,
}

/// One font file, bundled or from the manuscript.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// File name inside the book (`Amiri-Regular.ttf`).
    pub name: String,
    /// Family name used in CSS.
    pub family: String,
    pub media_type: &'static str,
    pub data: std::borrow::Cow<'static, [u8]>,
}

impl FontSet {
    /// The four faces of the text font.
    pub fn text_faces(&self) -> [&FontFile; 4] {
        [&self.regular, &self.bold, &self.italic, &self.bold_italic]
    }

    /// The book's own faces: the text faces and the monospace face.
    pub fn book(&self) -> [&FontFile; 5] {
        [
            &self.regular,
            &self.bold,
            &self.italic,
            &self.bold_italic,
            &self.mono,
        ]
    }

    /// Every face a character may be set in: the book's five, then the fallbacks.
    pub fn all(&self) -> Vec<&FontFile> {
        let mut all = self.book().to_vec();
        all.extend(&self.fallback);
        all
    }
}

impl Inline {
    /// Appends the plain text of `inlines` to `out` (soft breaks become spaces; images give their alt text).
    pub fn collect_text(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Span { content: c, .. }
                | Inline::Link { content: c, .. } => Inline::collect_text(c, out),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::FootnoteRef { .. } | Inline::Anchor(_) => {}
                Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            }
        }
    }

    /// Calls `f` on every image of `inlines`, in reading order (inside emphasis, spans and links too).
    pub fn visit_images<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
        for inline in inlines {
            match inline {
                Inline::Image { .. } => f(inline),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Span { content: c, .. }
                | Inline::Link { content: c, .. } => Inline::visit_images(c, f),
                _ => {}
            }
        }
    }

    /// The plain text of `inlines`.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut s = String::new();
        Inline::collect_text(inlines, &mut s);
        s
    }
}

impl Book {
    /// The chapters of the manuscript, without the appendix the book generates.
    pub fn manuscript_chapters(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters.iter().filter(|c| !c.appendix)
    }
}

impl Chapter {
    /// The chapter title as plain text.
    pub fn title_text(&self) -> String {
        Inline::plain_text(&self.title)
    }
}

impl Block {
    /// Calls `f` on every inline sequence of this block and the blocks inside it, in reading order.
    pub fn visit_inlines<'a>(&'a self, f: &mut dyn FnMut(&'a [Inline])) {
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => f(content),
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Entries(_) => {}
            Block::List { items, .. } => items.iter().flatten().for_each(|b| b.visit_inlines(f)),
            Block::BlockQuote(blocks) => blocks.iter().for_each(|b| b.visit_inlines(f)),
            Block::Poem { stanzas, .. } => {
                for verse in stanzas.iter().flatten() {
                    f(&verse.first);
                    if let Some(second) = &verse.second {
                        f(second);
                    }
                }
            }
            Block::Table { head, rows, .. } => {
                head.iter().for_each(|c| f(c));
                rows.iter().flatten().for_each(|c| f(c));
            }
        }
    }
}
