#!/usr/bin/env python3
"""pdf_clauses.py - check a PDF against PDF/A-2u or PDF/X-4 clause by clause (no validator installs here).

usage: pdf_clauses.py archive FILE.pdf   PDF/A-2u (ISO 19005-2:2011) and the PDF/UA-1 identification
       pdf_clauses.py x4 FILE.pdf        PDF/X-4 (ISO 15930-7:2010)
       pdf_clauses.py selftest [DIR]     build passing and failing PDFs (pdf_clauses_selftest.py) and assert verdicts
Prints one line per failed rule, "FAILED clause C: rule: where; where (and N more)", last "<kind>: N rules, M failed".
Exit 0 when the check ran, failures or not; 2 on usage or reading errors. Needs pikepdf and fontTools.
The rules below are the table the script runs (key, clause, the rule as printed, then how it is checked).

archive rules (ISO 19005-2 clauses; UA-1 is ISO 14289-1):
  hdr     6.1.2       header %PDF-1.n (n <= 7) at byte 0
  bin     6.1.2       a binary comment line after the header: %, then 4 bytes > 127
  id      6.1.3       trailer /ID
  enc     6.1.3       no /Encrypt
  sf      6.1.7.1     no stream with /F, /FFilter, /FDecodeParms
  lzw     6.1.7.2     no LZWDecode, Crypt or other filter outside ISO 32000-1 Table 6
  oi      6.2.3       a /GTS_PDFA1 output intent with an ICC DestOutputProfile
      (class mntr or prtr, colour space RGB/GRAY/CMYK, version < 5, /N matching the space)
  oi1     6.2.3       all output intents share one DestOutputProfile object
  icc     6.2.4.2     ICCBased colour spaces: a valid profile whose space matches /N
  rgb     6.2.4.3     DeviceRGB only with an RGB PDF/A output intent (or /DefaultRGB)
  cmyk    6.2.4.3     DeviceCMYK only with a CMYK PDF/A output intent (or /DefaultCMYK)
  gray    6.2.4.3     DeviceGray only with a PDF/A output intent (or /DefaultGray)
      (colour spaces are those of the resources, images with Indexed/Separation/DeviceN bases, shadings,
      patterns, page and form groups, inline images, and the colour in force when content paints:
      rg RG k K g G cs CS and the initial DeviceGray; /Default* in the resources in force exempts)
  img     6.2.8       images without /Alternates, /OPI, /Interpolate true; BitsPerComponent 1/2/4/8/16
  form    6.2.9       no form XObject with /OPI, /PS, /Subtype2 /PS or /Ref; no PostScript XObject
  tr      6.2.10      without a PDF/A output intent a page using transparency has /Group with /CS
      (soft masks, CA/ca < 1, a blend mode other than Normal, transparency groups)
  csi     6.2.11.3.1  Type0 CMap other than Identity-H/V: CIDSystemInfo Registry and Ordering as the CMap's
  c2g     6.2.11.3.2  an embedded CIDFontType2 has /CIDToGIDMap
  emb     6.2.11.4.1  every font but Type3 embedded (FontFile, FontFile2, FontFile3)
  cidset  6.2.11.4.2  a CIDSet has the bit of every CID the font program holds
  w       6.2.11.5    glyph widths (/W, /DW, /Widths) equal the program's advances within 1/1000 em
      (each code shown outside rendering mode 3, TrueType and OpenType programs, Identity CMaps)
  tu      6.2.11.7.2  every font has a ToUnicode CMap
  tuv     6.2.11.7.2  every code shown maps to Unicode: not empty, no U+0000, U+FEFF, U+FFFE
  notdef  6.2.11.8    no code shown selects glyph 0 (.notdef) or a glyph the program lacks
  atype   6.3.1       annotation types of ISO 32000-1 only, not 3D, Sound, Screen, Movie
  aflag   6.3.2       annotations but Popup have /F with Print set, Hidden Invisible NoView ToggleNoView clear
  ap      6.3.3       an /AP holds only /N, and annotations but Link and Popup with an area have one
  act     6.5.1       actions only GoTo GoToR GoToE Thread URI SubmitForm, Named Next/Prev/First/LastPage
  js      6.5.1       no /JavaScript name tree
  aa      6.5.2       no /AA on the catalog or a page
  meta    6.6.2.1     an XMP metadata stream on the catalog, /Type /Metadata /Subtype /XML
      (without /Filter, well-formed XML, no bytes= or encoding= in the xpacket header)
  ext     6.6.2.3.1   every property outside the predefined schemas described by an extension schema
      (predefined: dc xmp xmpRights xmpMM xmpidq pdf photoshop tiff exif aux crs xmpBJ xmpTPg xmpDM stEvt
      stRef stVer stJob stDim stFnt xmpG xmpGImg pdfaid and the pdfaExtension/Schema/Property/Type/Field
      ones; others need a pdfaExtension:schemas entry of that namespaceURI listing the property)
  extf    6.6.2.3.3   extension schemas complete
      (schema, namespaceURI, prefix; each property's name, valueType, category internal/external, description)
  info    6.6.3       Info entries equal to their XMP properties
      (Title dc:title x-default, Author the only dc:creator, Subject dc:description, Keywords pdf:Keywords,
      Creator xmp:CreatorTool, Producer pdf:Producer, Trapped pdf:Trapped, CreationDate and ModDate the
      same instants as xmp:CreateDate and xmp:ModifyDate)
  part    6.6.4       pdfaid:part 2 (element or attribute)
  conf    6.6.4       pdfaid:conformance U (element or attribute)
  ef      6.8         no /EmbeddedFiles, no FileAttachment annotation (not checkable as PDF/A files)
  oc      6.9         no /AS in optional content configurations
  pres    6.10        no /AlternatePresentations, no page /PresSteps
  req     6.11        no catalog /Requirements
  ua      UA-1 5      pdfuaid:part 1
  lang    UA-1 7.2    a catalog /Lang (PDF/A-2 level A 6.7.4 as well)

x4 rules (ISO 15930-7 text is not at hand: each names its topic and the ISO 32000-1 clause it rests on):
  hdr     X-4/header (7.5.2)            PDF version <= 1.6 in the header and a catalog /Version
  id      X-4/id (14.4)                 trailer /ID
  enc     X-4/encrypt (7.6)             no /Encrypt
  oi      X-4/output-intent (14.11.5)   exactly one /GTS_PDFX output intent
  oci     X-4/output-intent (14.11.5)   a non-empty OutputConditionIdentifier
  prof    X-4/output-intent (14.11.5)   a DestOutputProfile ICC output profile: class prtr, CMYK/GRAY/RGB, /N
  ver     X-4/version (14.3.3)          Info /GTS_PDFXVersion starting PDF/X-4
  xver    X-4/version (14.3.2)          XMP pdfxid:GTS_PDFXVersion starting PDF/X-4
  info    X-4/info (14.3.3)             Info /Title non-empty, /CreationDate, /ModDate, /Trapped /True or /False
  xmp     X-4/xmp (14.3.2)              XMP with the properties PDF/X-4 asks for
      (xmp:CreateDate ModifyDate MetadataDate, xmpMM:DocumentID VersionID RenditionClass, dc:title)
  trap    X-4/xmp (14.3.2)              XMP pdf:Trapped equal to Info /Trapped
  box     X-4/page-boxes (14.11.2)      a TrimBox or an ArtBox (not both) on every page, boxes nested
      (TrimBox/ArtBox inside BleedBox, MediaBox and CropBox; BleedBox inside MediaBox)
  annot   X-4/annotations (14.11.3)     no annotation overlapping the TrimBox but TrapNet and PrinterMark
  rgb     X-4/colour (8.6.5)            DeviceRGB only with an RGB output intent or /DefaultRGB
  cmyk    X-4/colour (8.6.5)            DeviceCMYK only with a CMYK output intent or /DefaultCMYK
      (colour spaces found as for archive 6.2.4.3)
  emb     X-4/fonts (9.9)               every font but Type3 embedded
  act     X-4/actions (12.6)            no /JavaScript name tree, no JavaScript or Launch action, no /AA
  alt     X-4/alternates (8.9.5.4)      no image /Alternates, no /OPI
  ps      X-4/postscript (8.8.2)        no PostScript XObject, no form /PS or /Subtype2 /PS
"""
import datetime, io, os, re, sys
import xml.etree.ElementTree as ET

try:
    import pikepdf
    from fontTools.ttLib import TTFont
except ImportError:
    sys.stderr.write("pdf_clauses.py: needs pikepdf and fontTools\n")
    sys.exit(2)

T, RDF, XMLNS = pikepdf.ObjectType, "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}", "{http://www.w3.org/XML/1998/namespace}"
NS = dict(dc="http://purl.org/dc/elements/1.1/", xmp="http://ns.adobe.com/xap/1.0/", xmpMM="http://ns.adobe.com/xap/1.0/mm/",
          pdf="http://ns.adobe.com/pdf/1.3/", pdfaid="http://www.aiim.org/pdfa/ns/id/", pdfuaid="http://www.aiim.org/pdfua/ns/id/",
          pdfxid="http://www.npes.org/pdfx/ns/id/", schema="http://www.aiim.org/pdfa/ns/schema#", prop="http://www.aiim.org/pdfa/ns/property#")
PREDEFINED = {NS[k] for k in ("dc", "xmp", "xmpMM", "pdf", "pdfaid")} | {"http://ns.adobe.com/xap/1.0/" + s for s in (
    "rights/ bj/ t/pg/ g/ g/img/ sType/ResourceEvent# sType/ResourceRef# sType/Version# sType/Job# sType/Dimensions# sType/Font#".split())} | {
    "http://ns.adobe.com/" + s for s in "xmp/Identifier/qual/1.0/ photoshop/1.0/ tiff/1.0/ exif/1.0/ exif/1.0/aux/ camera-raw-settings/1.0/ "
    "xmp/1.0/DynamicMedia/".split()} | {"http://www.aiim.org/pdfa/ns/" + s for s in "extension/ schema# property# type# field#".split()}
FILTERS = {"/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode", "/RunLengthDecode", "/CCITTFaxDecode", "/JBIG2Decode", "/DCTDecode", "/JPXDecode"}
ANNOTS = {"/" + s for s in "Text Link FreeText Line Square Circle Polygon PolyLine Highlight Underline Squiggly StrikeOut Stamp Caret Ink "
          "Popup FileAttachment Widget PrinterMark TrapNet Watermark Redact".split()}
ACTIONS = {"/GoTo", "/GoToR", "/GoToE", "/Thread", "/URI", "/SubmitForm", "/Named"}
DEVICE = {"/DeviceRGB": "rgb", "/RGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk", "/DeviceGray": "gray", "/G": "gray"}
SET_COLOUR = {"g": "/DeviceGray", "rg": "/DeviceRGB", "k": "/DeviceCMYK"}
PAINT = {"f": "f", "F": "f", "f*": "f", "B": "fs", "B*": "fs", "b": "fs", "b*": "fs", "S": "s", "s": "s"}
TEXT_PAINT = {0: "f", 1: "s", 2: "fs", 4: "f", 5: "s", 6: "fs"}
N_OF = {"GRAY": 1, "RGB": 3, "CMYK": 4, "Lab": 3}
START = dict(fill=pikepdf.Name.DeviceGray, stroke=pikepdf.Name.DeviceGray, font=None, tr=0)


def table(section):
    """The rules of a section of the docstring: [(key, clause, rule)]."""
    body = __doc__.split(section + " rules")[1].split("\n\n")[0]
    return [m.groups() for m in re.finditer(r"^  (\w+) +(\S+(?: \(\S+\)| \d[\d.]*)?) {2,}(.+)$", body, re.M)]


def kind(o):
    return getattr(o, "_type_code", None)


def oid(o):
    return "obj %d" % o.objgen[0] if o.is_indirect else "a direct object"


def short(v):
    s = repr(v if v is None or isinstance(v, list) else str(v))
    return s if len(s) < 48 else s[:44] + "...'"


def some(items, n=4):
    return "; ".join(items[:n]) + (" (and %d more)" % (len(items) - n) if len(items) > n else "")


def icc(s):
    """(device class, colour space, major version) of an ICC profile stream, or None."""
    try:
        b = s.read_bytes()[:128]
        return (b[12:16].decode("latin-1"), b[16:20].decode("latin-1").strip(), b[8]) if b[36:40] == b"acsp" else None
    except Exception:
        return None


def instant(s, pdf):
    """(datetime, minutes east of UTC or None) of a PDF date (pdf=True) or an XMP date."""
    m = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(\d\d)?'?)?" if pdf else
                 r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?(?:\.\d+)?)?)?)?(?:(Z)|([+-])(\d\d):(\d\d))?$", (s or "").strip())
    if not m:
        return None
    g = m.groups()
    tz = 0 if g[6] else None if not g[7] else (1 if g[7] == "+" else -1) * (int(g[8]) * 60 + int(g[9] or 0))
    return datetime.datetime(*[int(x or d) for x, d in zip(g[:6], (0, 1, 1, 0, 0, 0))]), tz


def same_instant(a, b):
    if a is None or b is None:
        return False
    return a[0] - datetime.timedelta(minutes=a[1]) == b[0] - datetime.timedelta(minutes=b[1]) if None not in (a[1], b[1]) else a[0] == b[0]


def cmap_codes(data, cmap):
    """Shown bytes split into (length, code) by the codespace ranges of an embedded CMap (none: 2 bytes)."""
    ranges = []
    for block in re.findall(rb"begincodespacerange(.*?)endcodespacerange", cmap, re.S):
        h = re.findall(rb"<([0-9A-Fa-f]+)>", block)
        ranges += [(len(lo) // 2, int(lo, 16), int(hi, 16)) for lo, hi in zip(h[::2], h[1::2])]
    ranges, i, out = ranges or [(2, 0, 0xFFFF)], 0, []
    while i < len(data):
        n = next((n for n in (1, 2, 3, 4) if any(r[0] == n and r[1] <= int.from_bytes(data[i:i + n], "big") <= r[2] for r in ranges)),
                 min(r[0] for r in ranges))
        out.append((n, int.from_bytes(data[i:i + n], "big")))
        i += n
    return out


def unicode_map(data):
    """The bfchar and bfrange entries of a ToUnicode CMap: {(length, code): text}."""
    out = {}

    def text(h, add=0):
        b = bytes.fromhex(re.sub(rb"\s", b"", h).decode())
        return ((int.from_bytes(b, "big") + add).to_bytes(len(b), "big") if add else b).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        h = re.findall(rb"<([0-9A-Fa-f\s]*)>", block)
        out.update({(len(s.strip()) // 2, int(s, 16)): text(d) for s, d in zip(h[::2], h[1::2])})
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst, arr in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f\s]*)>|\[([^\]]*)\])", block):
            items = re.findall(rb"<([0-9A-Fa-f\s]*)>", arr) if arr else None
            for k, c in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[(len(lo) // 2, c)] = text(dst, k) if items is None else text(items[k]) if k < len(items) else ""
    return out


def widths(d):
    """The /W of a CIDFont as {cid: width}."""
    w, out, i = list(d.get("/W") or []), {}, 0
    while i + 1 < len(w):
        if kind(w[i + 1]) == T.array:
            out.update({int(w[i]) + k: float(v) for k, v in enumerate(w[i + 1])})
            i += 2
        else:
            out.update({c: float(w[i + 2]) for c in range(int(w[i]), min(int(w[i + 1]), int(w[i]) + 65536) + 1)})
            i += 3
    return out


def rect(b):
    b = [float(v) for v in b]
    return [min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])]


class Check:
    """Reads a PDF once (objects, XMP, every content stream); archive() and x4() then judge what it gathered."""

    def __init__(self, path, section):
        self.rules, self.bad, self.section = table(section), {}, section
        with open(path, "rb") as f:
            self.head = f.read(64)
        self.pdf = pikepdf.open(path)
        self.root, self.info = self.pdf.Root, self.pdf.trailer.get("/Info", pikepdf.Dictionary())
        self.dev, self.iccs, self.fonts, self.trans, self.seen, self.cache = {}, {}, {}, set(), set(), {}
        self.images, self.forms, self.actions, self.aa = [], [], [], []
        self.ois = [o for o in (self.root.get("/OutputIntents") or []) if kind(o) == T.dictionary]
        self.parse_xmp()
        self.scan_objects()
        for i, page in enumerate(self.pdf.pages):
            where = "page %d" % (i + 1)
            self.use_cs(page.obj.get("/Group", {}).get("/CS"), None, where, set())
            self.walk(page, page.obj.get("/Resources"), dict(START), where, set())
            for a in page.obj.get("/Annots") or []:
                n = a.get("/AP", {}).get("/N") if kind(a) == T.dictionary else None
                for s in [n] if kind(n) == T.stream else n.values() if kind(n) == T.dictionary else []:
                    if kind(s) == T.stream:
                        self.walk(s, s.get("/Resources"), dict(START), where + " (annotation)", set())

    def want(self, key, ok, what):
        """Record `what` against rule `key` unless ok; a key the section has no rule for is ignored."""
        if not ok and key in [r[0] for r in self.rules] and what not in self.bad.setdefault(key, []):
            self.bad[key].append(what)

    def parse_xmp(self):
        self.xmp_error, self.props, self.schemas, self.packet = None, [], {}, b""
        m = self.root.get("/Metadata")
        try:
            self.packet = m.read_bytes()
            root = ET.fromstring(self.packet)
        except Exception as e:
            self.xmp_error = "the catalog has no /Metadata stream" if kind(m) != T.stream else "the XMP is not well-formed (%s)" % e
            return
        for d in (d for r in root.iter(RDF + "RDF") for d in r.findall(RDF + "Description")):
            self.props += [(k[1:].split("}")[0], k.split("}")[1], v) for k, v in d.attrib.items() if k.startswith("{") and
                           not k.startswith((RDF, XMLNS))] + [(c.tag[1:].split("}")[0], c.tag.split("}")[1], c) for c in d if c.tag[0] == "{"]
        for e in root.iter():
            f = self.fields(e)
            if "{%s}namespaceURI" % NS["schema"] in f:
                props = {p["{%s}name" % NS["prop"]]: p for p in map(self.fields, e.iter()) if "{%s}name" % NS["prop"] in p}
                self.schemas.setdefault(f["{%s}namespaceURI" % NS["schema"]].strip(), []).append((f, props))

    @staticmethod
    def fields(e):
        """An XMP struct's fields, in attribute or element form."""
        f = dict(e.attrib)
        f.update({c.tag: (c.text or "").strip() for c in e})
        return f

    def x(self, ns, name):
        """A top-level XMP property: its text, the x-default of an Alt, the items of a Seq or Bag, or None."""
        for v in (v for pns, pname, v in self.props if pns == NS[ns] and pname == name):
            if isinstance(v, str):
                return v
            for c in v:
                lis = [li for li in c if li.tag == RDF + "li"]
                if c.tag == RDF + "Alt":
                    return next((li.text or "" for li in lis if li.get(XMLNS + "lang") == "x-default"), lis[0].text or "" if lis else "")
                if c.tag in (RDF + "Seq", RDF + "Bag"):
                    return [li.text or "" for li in lis]
            return v.get(RDF + "resource", (v.text or "").strip())
        return None

    def scan_objects(self):
        """Every object reachable from the trailer: stream keys and filters, XObjects, actions, /AA."""
        stack, done = [(None, self.pdf.trailer, "the trailer")], set()
        while stack:
            key, o, where = stack.pop()
            t = kind(o)
            if t not in (T.dictionary, T.stream, T.array) or o.is_indirect and o.objgen in done:
                continue
            if o.is_indirect:
                done.add(o.objgen)
                where = oid(o)
            if t == T.array:
                stack += [(key, v, where) for v in reversed(list(o))]
                continue
            if t == T.stream:
                keys = [k for k in ("/F", "/FFilter", "/FDecodeParms") if k in o]
                self.want("sf", not keys, "%s has %s" % (where, ", ".join(keys)))
                fl = o.get("/Filter")
                for f in [fl] if kind(fl) == T.name_ else list(fl or []):
                    self.want("lzw", str(f) in FILTERS, "%s uses %s" % (where, f))
                if o.get("/Subtype") == "/Image":
                    self.images.append((o, where))
                elif o.get("/Subtype") in ("/Form", "/PS"):
                    self.forms.append((o, where))
            if "/S" in o and (key in ("/A", "/OpenAction", "/Next", "/AA") or o.get("/Type") == "/Action"):
                self.actions.append((o, where))
            if "/AA" in o:
                self.aa.append(where)
            stack += [("/AA" if key == "/AA" and t == T.dictionary else k, v, where) for k, v in sorted(o.items(), reverse=True)
                      if k not in ("/Parent", "/P")]

    def use_cs(self, cs, res, where, dflt, depth=0):
        """Note the device spaces (unless a /Default space covers them) and ICC profiles a colour space rests on."""
        if kind(cs) == T.name_ and str(cs) in DEVICE:
            if DEVICE[str(cs)] not in dflt and where not in self.dev.setdefault(DEVICE[str(cs)], []):
                self.dev[DEVICE[str(cs)]].append(where)
        elif kind(cs) == T.name_ and res is not None and cs in (res.get("/ColorSpace") or {}) and depth < 4:
            self.use_cs(res.ColorSpace[cs], None, where, dflt, depth + 1)
        elif kind(cs) == T.array and len(cs) > 1 and depth < 4:
            fam = str(cs[0])
            if fam == "/ICCBased" and kind(cs[1]) == T.stream:
                self.iccs.setdefault(cs[1].objgen, (cs[1], where))
            elif fam in ("/Indexed", "/I", "/Pattern", "/Separation", "/DeviceN"):
                self.use_cs(cs[2] if fam in ("/Separation", "/DeviceN") and len(cs) > 2 else cs[1], res, where, dflt, depth + 1)

    def font(self, f, where):
        return self.fonts.setdefault(f.objgen if f.is_indirect else id(f), dict(font=f, where=where, codes={}, visible=False))

    def resources(self, res, where, dflt):
        """What a resource dictionary declares: colour spaces, shadings, patterns, images, fonts."""
        if res.is_indirect and (res.objgen, where) in self.seen:
            return
        self.seen.add((res.objgen, where))
        for cs in (res.get("/ColorSpace") or {}).values():
            self.use_cs(cs, res, where, dflt)
        for sh in list((res.get("/Shading") or {}).values()) + [p.get("/Shading") for p in (res.get("/Pattern") or {}).values()]:
            self.use_cs(sh.get("/ColorSpace") if sh is not None else None, res, where, dflt)
        for p in (res.get("/Pattern") or {}).values():
            if kind(p) == T.stream:
                self.walk(p, p.get("/Resources"), dict(START), where, dflt)
        for xo in (res.get("/XObject") or {}).values():
            if xo.get("/Subtype") == "/Image" and not xo.get("/ImageMask", False):
                self.use_cs(xo.get("/ColorSpace"), res, where, dflt)
        for f in (res.get("/Font") or {}).values():
            self.font(f, where)

    def walk(self, content, res, st, where, dflt, depth=0):
        """Run a content stream: the colour space each painting operator uses, the codes each font shows, transparency."""
        res = res if res is not None else pikepdf.Dictionary()
        dflt = dflt | {d.lower() for d in ("RGB", "CMYK", "Gray") if "/Default" + d in (res.get("/ColorSpace") or {})}
        self.resources(res, where, dflt)
        try:
            ops, stack = pikepdf.parse_content_stream(content), []
        except pikepdf.PdfError as e:
            raise OSError("%s: content stream not parsed (%s)" % (where, e))
        for ins in ops:
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self.use_cs(ins.iimage.obj.get("/ColorSpace"), res, where, dflt)
                self.want("img", ins.iimage.obj.get("/Interpolate") is not True, where + ": an inline image with /Interpolate true")
                continue
            op, a = str(ins.operator), ins.operands
            paints = PAINT.get(op, "")
            if op == "q":
                stack.append(dict(st))
            elif op == "Q" and stack:
                st = stack.pop()
            elif op in ("g", "G", "rg", "RG", "k", "K", "cs", "CS") and a:
                st["fill" if op.islower() else "stroke"] = pikepdf.Name(SET_COLOUR[op.lower()]) if op.lower() in SET_COLOUR else a[0]
            elif op == "Tf" and a:
                st["font"] = (res.get("/Font") or {}).get(a[0])
            elif op == "Tr" and a:
                st["tr"] = int(a[0])
            elif op in ("Tj", "TJ", "'", '"') and a:
                paints = TEXT_PAINT.get(st["tr"], "")
                if st["font"] is not None:
                    rec = self.font(st["font"], where)
                    rec["visible"] |= st["tr"] != 3
                    for part in [a[-1]] if kind(a[-1]) == T.string else [v for v in a[-1] if kind(v) == T.string]:
                        for c in self.codes(st["font"], bytes(part)):
                            rec["codes"].setdefault(c, (where, st["tr"] != 3))
            elif op == "gs" and a:
                gs = (res.get("/ExtGState") or {}).get(a[0]) or {}
                sm = gs.get("/SMask", "/None")
                if sm != "/None" or float(gs.get("/CA", 1)) < 1 or float(gs.get("/ca", 1)) < 1 or gs.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
                    self.trans.add(where)
                if kind(sm) == T.dictionary and kind(sm.get("/G")) == T.stream and depth < 12:
                    self.walk(sm.G, sm.G.get("/Resources", res), dict(st), where, dflt, depth + 1)
            elif op == "sh" and a:
                self.use_cs(((res.get("/Shading") or {}).get(a[0]) or {}).get("/ColorSpace"), res, where, dflt)
            elif op == "Do" and a and kind((res.get("/XObject") or {}).get(a[0])) == T.stream:
                xo = res.XObject[a[0]]
                if xo.get("/Subtype") == "/Image":
                    self.use_cs(st["fill"] if xo.get("/ImageMask", False) else xo.get("/ColorSpace"), res, where, dflt)
                    if "/SMask" in xo or int(xo.get("/SMaskInData", 0)):
                        self.trans.add(where)
                elif xo.get("/Subtype") == "/Form" and depth < 12:
                    memo = (xo.objgen, where, st["tr"]) + tuple(v.objgen if getattr(v, "is_indirect", False) else str(v)[:64] for v in
                                                                (st["fill"], st["stroke"], st["font"]))
                    if memo not in self.seen:
                        self.seen.add(memo)
                        if xo.get("/Group", {}).get("/S") == "/Transparency":
                            self.trans.add(where)
                            self.use_cs(xo.Group.get("/CS"), res, where, dflt)
                        self.walk(xo, xo.get("/Resources", res), dict(st), where, dflt, depth + 1)
            for p in paints:
                self.use_cs(st["fill" if p == "f" else "stroke"], res, where, dflt)

    def codes(self, f, data):
        if f.get("/Subtype") != "/Type0":
            return [(1, b) for b in data]
        enc = f.get("/Encoding")
        key = enc.objgen if kind(enc) == T.stream else None
        if key not in self.cache:
            self.cache[key] = enc.read_bytes() if key else b""
        return cmap_codes(data, self.cache[key])

    def program(self, f):
        """(descendant font or the font, descriptor, TTFont of a TrueType/OpenType program or None, embedded?)"""
        d = f.DescendantFonts[0] if f.get("/Subtype") == "/Type0" and f.get("/DescendantFonts") else f
        fd = d.get("/FontDescriptor") or pikepdf.Dictionary()
        key = next((k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in fd), None)
        ff = fd.get(key) if key else None
        if ff is None or key == "/FontFile" or key == "/FontFile3" and ff.get("/Subtype") != "/OpenType":
            return d, fd, None, ff is not None
        if ff.objgen not in self.cache:
            try:
                self.cache[ff.objgen] = TTFont(io.BytesIO(ff.read_bytes()))
            except Exception:
                self.cache[ff.objgen] = None
        return d, fd, self.cache[ff.objgen], True

    def check_fonts(self):
        for rec in self.fonts.values():
            f, where, sub = rec["font"], rec["where"], rec["font"].get("/Subtype")
            name = "font %s (%s)" % (str(f.get("/BaseFont", "/?"))[1:], oid(f))
            d, fd, tt, embedded = self.program(f)
            self.want("emb", sub == "/Type3" or embedded or rec["codes"] and not rec["visible"], "%s, first on %s" % (name, where))
            if self.section != "archive":
                continue
            self.want("tu", "/ToUnicode" in f, "%s, first on %s" % (name, where))
            enc = f.get("/Encoding")
            if sub == "/Type0":
                self.want("c2g", d.get("/Subtype") != "/CIDFontType2" or not embedded or "/CIDToGIDMap" in d, name)
                if kind(enc) == T.stream:
                    a, b = d.get("/CIDSystemInfo", {}), enc.get("/CIDSystemInfo", {})
                    self.want("csi", all(str(a.get(k)) == str(b.get(k)) for k in ("/Registry", "/Ordering")) and
                              int(a.get("/Supplement", 0)) <= int(b.get("/Supplement", 0)), "%s: CIDFont %s-%s-%s, CMap %s-%s-%s" % (
                              (name,) + tuple(str(x.get(k)) for x in (a, b) for k in ("/Registry", "/Ordering", "/Supplement"))))
            if kind(f.get("/ToUnicode")) == T.stream:
                um = unicode_map(f.ToUnicode.read_bytes())
                bad = ["<%0*X> %s (%s)" % (2 * n, c, "unmapped" if um.get((n, c)) is None else "-> %r" % um[(n, c)], w)
                       for (n, c), (w, _) in sorted(rec["codes"].items()) if not um.get((n, c)) or set(um[(n, c)]) & set("\0\ufeff\ufffe")]
                self.want("tuv", not bad, "%s: %s" % (name, some(bad)))
            if tt is None or "hmtx" not in tt or sub == "/Type0" and str(enc) not in ("/Identity-H", "/Identity-V"):
                continue
            order, hmtx, upem = tt.getGlyphOrder(), tt["hmtx"].metrics, tt["head"].unitsPerEm
            if sub == "/Type0":
                m = d.get("/CIDToGIDMap")
                mb = m.read_bytes() if kind(m) == T.stream else None
                cids = {int(g[3:]): i for i, g in enumerate(order) if re.fullmatch(r"cid\d+", g)} if d.get("/Subtype") == "/CIDFontType0" else {}
                W, dw = widths(d), float(d.get("/DW", 1000))

                def gid(c):
                    return int.from_bytes(mb[2 * c:2 * c + 2], "big") if mb is not None else cids.get(c, 0) if cids else c

                def width(c):
                    return W.get(c, dw)
            else:
                ws, first = list(f.get("/Widths") or []), int(f.get("/FirstChar", 0))
                cmaps = [t for t in (tt["cmap"].tables if "cmap" in tt else []) if (t.platformID, t.platEncID) in ((3, 0), (1, 0))]

                def gid(c):
                    g = next((t.cmap[k] for t in cmaps for k in (c, 0xF000 + c) if k in t.cmap), None)
                    return order.index(g) if g in order else None

                def width(c):
                    return float(ws[c - first]) if 0 <= c - first < len(ws) else float(fd.get("/MissingWidth", 0))
            wrong, notdef = [], []
            for (n, c), (w, visible) in sorted(rec["codes"].items()):
                g = gid(c) if visible else None
                if g is not None and not 0 < g < len(order):
                    notdef.append("code <%0*X> (%s)" % (2 * n, c, w))
                elif g is not None and abs(hmtx[order[g]][0] * 1000.0 / upem - width(c)) > 1:
                    wrong.append("code <%0*X> %g, program %.1f (%s)" % (2 * n, c, width(c), hmtx[order[g]][0] * 1000.0 / upem, w))
            self.want("w", not wrong, "%s: %s" % (name, some(wrong, 3)))
            self.want("notdef", not notdef, "%s: %s" % (name, some(notdef, 3)))
            cs = fd.get("/CIDSet")
            if sub == "/Type0" and kind(cs) == T.stream:
                bits = cs.read_bytes()
                held = [c for c in range(len(mb) // 2) if c == 0 or gid(c)] if mb is not None else sorted(cids) if cids else range(len(order))
                missing = [str(c) for c in held if c // 8 >= len(bits) or not bits[c // 8] & (0x80 >> c % 8)]
                self.want("cidset", not missing, "%s: CIDs not in the CIDSet: %s" % (name, ", ".join(missing[:6]) + (", ..." if missing[6:] else "")))

    def intent(self, s, classes, count_key, key):
        """The colour space of the /S s output intent's profile, or None; what is wrong with it fails the keys."""
        ois = [o for o in self.ois if o.get("/S") == s]
        self.want(count_key, ois and (s != "/GTS_PDFX" or len(ois) == 1), "%d output intents %s" % (len(ois), s) if ois else "no %s output intent" % s)
        p = ois[0].get("/DestOutputProfile") if ois else None
        h = icc(p) if kind(p) == T.stream else None
        self.want(key, h or not ois, "the %s output intent has no ICC DestOutputProfile stream" % s)
        if h:
            n = int(p.get("/N", 0))
            self.want(key, h[0] in classes and h[1] in ("RGB", "GRAY", "CMYK") and h[2] < 5 and N_OF.get(h[1]) == n,
                      "DestOutputProfile %s: class %r, space %r, version %d, /N %d" % (oid(p), h[0], h[1], h[2], n))
        return h[1] if h else None

    def device(self, keys, space):
        """Device colour spaces used that the output intent's space (and no /Default space) accounts for."""
        for key, ok in keys:
            used = self.dev.get(key, [])
            self.want(key, ok or not used, "used on %s (output intent: %s)" % (", ".join(used[:5]) + (" ..." if used[5:] else ""), space or "none"))

    def annotations(self):
        for i, page in enumerate(self.pdf.pages):
            for a in page.obj.get("/Annots") or []:
                if kind(a) == T.dictionary:
                    yield "page %d" % (i + 1), page, a, "page %d: %s annotation (%s)" % (i + 1, a.get("/Subtype"), oid(a))


def archive(c):
    m = re.match(rb"%PDF-1\.([0-7])(\r\n|\r|\n)", c.head)
    c.want("hdr", m, "the file starts %r" % c.head[:9])
    rest = c.head[re.match(rb"[^\r\n]*(\r\n|\r|\n)?", c.head).end():]
    c.want("bin", rest[:1] == b"%" and len(rest) >= 5 and all(b > 127 for b in rest[1:5]), "the second line starts %r" % rest[:6])
    c.want("id", c.pdf.trailer.get("/ID") is not None, "the trailer has no /ID")
    c.want("enc", not c.pdf.is_encrypted, "the file is encrypted")
    space = c.intent("/GTS_PDFA1", ("mntr", "prtr"), "oi", "oi")
    profiles = sorted({o.DestOutputProfile.objgen[0] for o in c.ois if o.get("/DestOutputProfile") is not None})
    c.want("oi1", len(profiles) <= 1, "DestOutputProfile objects %s" % profiles)
    for s, where in c.iccs.values():
        h, n = icc(s), int(s.get("/N", 0))
        c.want("icc", h and h[0] in ("prtr", "mntr", "scnr", "spac") and h[2] < 5 and N_OF.get(h[1]) == n,
               "%s (%s): %s, /N %d" % (oid(s), where, "class %r, space %r, version %d" % h if h else "no ICC header", n))
    c.device((("rgb", space == "RGB"), ("cmyk", space == "CMYK"), ("gray", space is not None)), space)
    for s, where in c.images:
        bad = [k for k in ("/Alternates", "/OPI") if k in s] + (["/Interpolate true"] if s.get("/Interpolate") is True else [])
        bad += [] if s.get("/ImageMask", False) or int(s.get("/BitsPerComponent", 8)) in (1, 2, 4, 8, 16) else ["/BitsPerComponent"]
        c.want("img", not bad, "image %s has %s" % (where, ", ".join(bad)))
    for s, where in c.forms:
        bad = [k for k in ("/OPI", "/PS", "/Ref") if k in s] + (["/Subtype2 /PS"] if s.get("/Subtype2") == "/PS" else [])
        c.want("form", s.get("/Subtype") != "/PS" and not bad, "XObject %s: %s" % (where, ", ".join(bad) or "a PostScript XObject"))
    for i, page in enumerate(c.pdf.pages):
        where = "page %d" % (i + 1)
        c.want("tr", space or where not in c.trans or "/CS" in page.obj.get("/Group", {}), where + " uses transparency without /Group /CS")
        c.want("aa", "/AA" not in page.obj, where + " has /AA")
        c.want("pres", "/PresSteps" not in page.obj, where + " has /PresSteps")
    c.check_fonts()
    for where, page, a, what in c.annotations():
        sub, f, r, ap = a.get("/Subtype"), int(a.get("/F", 0)), rect(a.get("/Rect", [0, 0, 0, 0])), a.get("/AP")
        c.want("atype", sub in ANNOTS, what)
        c.want("ef", sub != "/FileAttachment", what)
        c.want("aflag", sub == "/Popup" or "/F" in a and f & 4 and not f & (1 | 2 | 32 | 256), what + " has /F %s" % a.get("/F"))
        c.want("ap", set(ap.keys()) == {"/N"} if ap is not None else sub in ("/Link", "/Popup") or r[0] == r[2] and r[1] == r[3],
               what + (" has /AP with %s" % sorted(ap.keys()) if ap is not None else " has no /AP"))
    for a, where in c.actions:
        s, n = a.get("/S"), a.get("/N")
        c.want("act", s in ACTIONS and (s != "/Named" or n in ("/NextPage", "/PrevPage", "/FirstPage", "/LastPage")),
               "%s action in %s" % (s if s != "/Named" else "Named %s" % n, where))
    names = c.root.get("/Names", {})
    c.want("js", "/JavaScript" not in names, "the catalog /Names has /JavaScript")
    c.want("aa", "/AA" not in c.root, "the catalog has /AA")
    c.want("ef", "/EmbeddedFiles" not in names, "the catalog /Names has /EmbeddedFiles")
    c.want("pres", "/AlternatePresentations" not in names, "the catalog /Names has /AlternatePresentations")
    c.want("req", "/Requirements" not in c.root, "the catalog has /Requirements")
    oc = c.root.get("/OCProperties", {})
    for i, cfg in enumerate(([oc["/D"]] if "/D" in oc else []) + list(oc.get("/Configs", []))):
        c.want("oc", "/AS" not in cfg, "optional content configuration %d has /AS" % i)
    md = c.root.get("/Metadata")
    c.want("meta", c.xmp_error is None, c.xmp_error)
    if kind(md) == T.stream:
        c.want("meta", md.get("/Type") == "/Metadata" and md.get("/Subtype") == "/XML", "metadata %s: /Type %s /Subtype %s" % (
            oid(md), md.get("/Type"), md.get("/Subtype")))
        c.want("meta", "/Filter" not in md, "metadata %s has /Filter %s" % (oid(md), md.get("/Filter")))
        head = re.search(rb"<\?xpacket begin=.*?\?>", c.packet)
        c.want("meta", not head or not re.search(rb"\s(bytes|encoding)=", head.group(0)), "the xpacket header has bytes= or encoding=")
    for ns, prop, _ in c.props:
        c.want("ext", ns in PREDEFINED or any(prop in props for _, props in c.schemas.get(ns, [])), "%s (%s) %s" % (
            prop, ns, "is not listed by its extension schema" if ns in c.schemas else "has no extension schema"))
    for ns, lst in sorted(c.schemas.items()):
        for f, props in lst:
            miss = [k for k in ("schema", "prefix") if "{%s}%s" % (NS["schema"], k) not in f]
            miss += ["%s: %s" % (p, k) for p, pf in sorted(props.items()) for k in ("valueType", "category", "description") if
                     not pf.get("{%s}%s" % (NS["prop"], k)) or k == "category" and pf["{%s}category" % NS["prop"]] not in ("internal", "external")]
            c.want("extf", not miss, "schema %s lacks %s" % (ns, ", ".join(miss)))
    for key, ns, prop in (("/Title", "dc", "title"), ("/Author", "dc", "creator"), ("/Subject", "dc", "description"),
                          ("/Keywords", "pdf", "Keywords"), ("/Creator", "xmp", "CreatorTool"), ("/Producer", "pdf", "Producer"),
                          ("/Trapped", "pdf", "Trapped"), ("/CreationDate", "xmp", "CreateDate"), ("/ModDate", "xmp", "ModifyDate")):
        if key in c.info:
            v, xv = str(c.info[key]).lstrip("/") if key == "/Trapped" else str(c.info[key]), c.x(ns, prop)
            ok = xv == [v] if key == "/Author" else same_instant(instant(v, True), instant(xv, False)) if "Date" in key else xv == v
            c.want("info", ok, "Info %s %s, %s:%s %s" % (key, short(v), ns, prop, short(xv)))
    c.want("part", c.x("pdfaid", "part") == "2", "pdfaid:part is %s" % short(c.x("pdfaid", "part")))
    c.want("conf", c.x("pdfaid", "conformance") == "U", "pdfaid:conformance is %s" % short(c.x("pdfaid", "conformance")))
    c.want("ua", c.x("pdfuaid", "part") == "1", "pdfuaid:part is %s" % short(c.x("pdfuaid", "part")))
    c.want("lang", str(c.root.get("/Lang", "")).strip(), "the catalog has no /Lang")


def x4(c):
    m = re.match(rb"%PDF-(\d)\.(\d)", c.head)
    c.want("hdr", m and (int(m.group(1)), int(m.group(2))) <= (1, 6), "the header says %r" % c.head[:8])
    v = str(c.root.get("/Version", "/1.0"))[1:]
    c.want("hdr", re.fullmatch(r"1\.[0-6]", v), "the catalog /Version is " + v)
    c.want("id", c.pdf.trailer.get("/ID") is not None, "the trailer has no /ID")
    c.want("enc", not c.pdf.is_encrypted, "the file is encrypted")
    ois = [o for o in c.ois if o.get("/S") == "/GTS_PDFX"]
    c.want("oci", not ois or str(ois[0].get("/OutputConditionIdentifier", "")).strip(), "the /GTS_PDFX output intent has none")
    space = c.intent("/GTS_PDFX", ("prtr",), "oi", "prof")
    info, trapped = c.info, str(c.info.get("/Trapped", ""))
    c.want("ver", str(info.get("/GTS_PDFXVersion", "")).startswith("PDF/X-4"), "Info /GTS_PDFXVersion " + short(info.get("/GTS_PDFXVersion")))
    c.want("xver", str(c.x("pdfxid", "GTS_PDFXVersion")).startswith("PDF/X-4"), "pdfxid:GTS_PDFXVersion " + short(c.x("pdfxid", "GTS_PDFXVersion")))
    c.want("info", str(info.get("/Title", "")).strip(), "Info has no /Title")
    for key in ("/CreationDate", "/ModDate"):
        c.want("info", instant(str(info.get(key, "")), True), "Info %s is %s" % (key, short(info.get(key))))
    c.want("info", trapped in ("/True", "/False"), "Info /Trapped is %s" % (trapped or "missing"))
    c.want("xmp", c.xmp_error is None, c.xmp_error)
    miss = [ns + ":" + p for ns, p in (("xmp", "CreateDate"), ("xmp", "ModifyDate"), ("xmp", "MetadataDate"), ("xmpMM", "DocumentID"),
                                        ("xmpMM", "VersionID"), ("xmpMM", "RenditionClass"), ("dc", "title")) if not c.x(ns, p)]
    c.want("xmp", c.xmp_error or not miss, "the XMP lacks " + ", ".join(miss))
    c.want("trap", trapped and c.x("pdf", "Trapped") == trapped[1:], "Info /Trapped %s, pdf:Trapped %s" % (trapped or None, c.x("pdf", "Trapped")))
    for i, page in enumerate(c.pdf.pages):
        where, po = "page %d" % (i + 1), page.obj
        trim, art, bleed = (rect(po[k]) if k in po else None for k in ("/TrimBox", "/ArtBox", "/BleedBox"))
        media, crop = rect(page.mediabox), rect(page.cropbox)
        c.want("box", (trim is None) != (art is None), where + (" has both TrimBox and ArtBox" if trim else " has no TrimBox or ArtBox"))
        for inner, outer, what in ((trim or art, bleed, "TrimBox in BleedBox"), (trim or art, media, "TrimBox in MediaBox"),
                                   (trim or art, crop, "TrimBox in CropBox"), (bleed, media, "BleedBox in MediaBox")):
            c.want("box", None in (inner, outer) or inner[0] >= outer[0] - .01 and inner[1] >= outer[1] - .01 and inner[2] <= outer[2] + .01
                   and inner[3] <= outer[3] + .01, "%s: %s %s not inside %s" % (where, what.split(" in ")[0], inner, outer))
    for where, page, a, what in c.annotations():
        r, t = rect(a.get("/Rect", [0, 0, 0, 0])), [rect(page.obj[k]) for k in ("/TrimBox", "/ArtBox") if k in page.obj]
        c.want("annot", a.get("/Subtype") in ("/TrapNet", "/PrinterMark") or not t or min(r[2], t[0][2]) <= max(r[0], t[0][0])
               or min(r[3], t[0][3]) <= max(r[1], t[0][1]), what + " at %s" % r)
    c.device((("rgb", space == "RGB"), ("cmyk", space == "CMYK")), space)
    c.check_fonts()
    c.want("act", "/JavaScript" not in c.root.get("/Names", {}), "the catalog /Names has /JavaScript")
    for a, where in c.actions:
        c.want("act", a.get("/S") not in ("/JavaScript", "/Launch"), "%s action in %s" % (a.get("/S"), where))
    for where in c.aa:
        c.want("act", False, "/AA in " + where)
    for s, where in c.images + c.forms:
        c.want("alt", "/Alternates" not in s and "/OPI" not in s, "%s has %s" % (where, " and ".join(k for k in ("/Alternates", "/OPI") if k in s)))
        c.want("ps", s.get("/Subtype") != "/PS" and "/PS" not in s and s.get("/Subtype2") != "/PS", "PostScript XObject " + where)


def main(argv):
    if argv[1:2] == ["selftest"] and len(argv) <= 3:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import pdf_clauses_selftest
        return pdf_clauses_selftest.run(argv[2] if len(argv) == 3 else None)
    if len(argv) != 3 or argv[1] not in ("archive", "x4"):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    try:
        c = Check(argv[2], argv[1])
    except (OSError, pikepdf.PdfError) as e:
        sys.stderr.write("pdf_clauses.py: %s: %s\n" % (argv[2], e))
        return 2
    (archive if argv[1] == "archive" else x4)(c)
    for key, clause, rule in c.rules:
        if key in c.bad:
            print("FAILED clause %s: %s: %s" % (clause, rule, some(c.bad[key])))
    print("%s: %d rules, %d failed" % (argv[1], len(c.rules), sum(1 for r in c.rules if r[0] in c.bad)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
