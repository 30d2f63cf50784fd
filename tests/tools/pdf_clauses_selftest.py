"""Self-test of pdf_clauses.py: run it as `pdf_clauses.py selftest [DIR]`.

Builds one small PDF made to pass both `archive` and `x4` (a TrueType font made with fontTools, an ICC
profile header, XMP with extension schemas), then one copy per case with one thing changed, and asserts
that the case's rules fail, that those marked "-" do not, and that nothing fails in a case with no rule.
Prints each case that went wrong with the checker's output, then "selftest: N cases, M failed"; exit
status 1 when one did. The PDFs are kept in DIR if given, else in a temporary directory removed when
every case passed.
"""
import contextlib, io, os, shutil, tempfile
import pikepdf
from pikepdf import Array, Dictionary, Name
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen


def font_program():
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A", "B", "space"])
    fb.setupCharacterMap({0x41: "A", 0x42: "B", 0x20: "space"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((0, 500)), pen.lineTo((400, 500)), pen.closePath()
    box = pen.glyph()
    fb.setupGlyf({".notdef": box, "A": box, "B": box, "space": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 0), "B": (700, 0), "space": (250, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2(), fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def icc(cls=b"prtr", space=b"RGB "):
    h = bytearray(132)
    h[0:4], h[8], h[12:16], h[16:20], h[20:24], h[36:40] = (132).to_bytes(4, "big"), 4, cls, space, b"XYZ ", b"acsp"
    return bytes(h)


CMAP = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (%s) "
        "/Supplement 0 >> def /CMapName /%s def /CMapType %d def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n%s\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n")
TOUNICODE = CMAP % ("UCS", "Adobe-Identity-UCS", 2, "2 beginbfchar <0001> <0041> <0002> <0042> endbfchar\n"
                    "1 beginbfrange <0003> <0003> <0020> endbfrange")
SCHEMA = ('<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>%s</pdfaSchema:schema><pdfaSchema:namespaceURI>%s'
          '</pdfaSchema:namespaceURI><pdfaSchema:prefix>%s</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>'
          '<rdf:li rdf:parseType="Resource"><pdfaProperty:name>%s</pdfaProperty:name><pdfaProperty:valueType>Text'
          '</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>'
          'identification</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li>')
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Title</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Author</rdf:li></rdf:Seq></dc:creator>
<xmp:CreateDate>2024-01-02T03:04:05Z</xmp:CreateDate><xmp:ModifyDate>2024-01-02T03:04:05Z</xmp:ModifyDate>
<xmp:MetadataDate>2024-01-02T03:04:05Z</xmp:MetadataDate><xmp:CreatorTool>publish</xmp:CreatorTool>
<pdf:Producer>publish 1</pdf:Producer><pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>uuid:0e8a</xmpMM:DocumentID><xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance><pdfuaid:part>1</pdfuaid:part>
<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
<pdfaExtension:schemas><rdf:Bag>%s%s</rdf:Bag></pdfaExtension:schemas>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""" % (SCHEMA % ("PDF/UA", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid", "part"),
                          SCHEMA % ("PDF/X", "http://www.npes.org/pdfx/ns/id/", "pdfxid", "GTS_PDFXVersion"))
CONTENT = b"BT /F1 12 Tf 20 100 Td <000100020003> Tj ET 0 0 1 rg 20 20 50 50 re f q 10 0 0 10 100 20 cm /Im1 Do Q"
FONT = font_program()


def build(path, mutate):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0].obj
    page.TrimBox, page.BleedBox = Array([10, 10, 190, 190]), Array([5, 5, 195, 195])
    fd = pdf.make_indirect(Dictionary(Type=Name.FontDescriptor, FontName=Name("/ABCDEF+Test"), Flags=4, FontBBox=[0, 0, 400, 500],
                                      ItalicAngle=0, Ascent=800, Descent=-200, CapHeight=500, StemV=80,
                                      FontFile2=pdf.make_stream(FONT, Length1=len(FONT))))
    cid = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/ABCDEF+Test"), FontDescriptor=fd,
                                       CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
                                       CIDToGIDMap=Name.Identity, W=[1, [600, 700, 250]], DW=500))
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/ABCDEF+Test"), Encoding=Name("/Identity-H"),
                                        DescendantFonts=[cid], ToUnicode=pdf.make_stream(TOUNICODE.encode())))
    prof = pdf.make_stream(icc(), N=3)
    pdf.Root.OutputIntents = Array([Dictionary(Type=Name.OutputIntent, S=Name(s), OutputConditionIdentifier="sRGB", Info="sRGB",
                                               DestOutputProfile=prof) for s in ("/GTS_PDFA1", "/GTS_PDFX")])
    pdf.Root.Lang = "en"
    img = pdf.make_stream(b"\xff\x00\x00", Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1, ColorSpace=Name.DeviceRGB,
                          BitsPerComponent=8)
    page.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=img),
                                ExtGState=Dictionary(G1=Dictionary(Type=Name.ExtGState, ca=0.5)))
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[195, 195, 199, 199], F=4, Border=[0, 0, 0],
                                        A=Dictionary(S=Name.URI, URI="https://example.org")))
    page.Annots = Array([link])
    info = dict(Title="Title", Author="Author", Creator="publish", Producer="publish 1", CreationDate="D:20240102030405Z",
                ModDate="D:20240102030405Z", Trapped=Name("/False"), GTS_PDFXVersion="PDF/X-4")
    c = dict(pdf=pdf, page=page, font=font, cid=cid, fd=fd, prof=prof, img=img, link=link, info=info, xmp=XMP, content=CONTENT,
             version="1.6", enc=None, patch=[])
    mutate(c)
    page.Contents = pdf.make_stream(c["content"])
    pdf.Root.Metadata = c["metadata"] if "metadata" in c else pdf.make_stream(c["xmp"].encode(), Type=Name.Metadata, Subtype=Name.XML)
    pdf.trailer.Info = pdf.make_indirect(Dictionary({"/" + k: v for k, v in c["info"].items()}))
    keep = dict(encryption=c["enc"]) if c["enc"] else dict(stream_decode_level=pikepdf.StreamDecodeLevel.none)
    pdf.save(path, static_id=True, force_version=c["version"], compress_streams=False, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.disable, **keep)
    data = open(path, "rb").read()
    for old, new in c["patch"]:
        assert len(old) == len(new) and old in data, old
        data = data.replace(old, new, 1)
    open(path, "wb").write(data)


def xmp(old, new):
    return lambda c: c.update(xmp=c["xmp"].replace(old, new))


def res(key, name, value):
    def f(c):
        if key not in c["page"].Resources:
            c["page"].Resources[key] = Dictionary()
        c["page"].Resources[key][name] = value(c) if callable(value) else value
    return f


def cmyk_intent(c):
    c["prof"].write(icc(space=b"CMYK"))
    c["prof"].N = 4


def default_rgb(c):
    res("/ColorSpace", "/DefaultRGB", lambda c: Array([Name.ICCBased, c["pdf"].make_stream(icc(b"mntr"), N=3)]))(c)


def no_intent(c):
    del c["pdf"].Root["/OutputIntents"]


def info(**kw):
    return lambda c: c["info"].update(kw)


def seq(*fns):
    return lambda c: [f(c) for f in fns]


def annot(sub, **kw):
    def f(c):
        c["page"].Annots.append(c["pdf"].make_indirect(Dictionary(Type=Name.Annot, Subtype=Name(sub), Rect=[1, 1, 4, 4], F=4, **kw)))
    return f


def content(extra):
    return lambda c: c.update(content=c["content"] + extra)


def set_(obj, **kw):
    return lambda c: [c[obj].__setitem__("/" + k, v(c) if callable(v) else v) for k, v in kw.items()]


def delete(obj, key):
    return lambda c: c[obj].__delitem__(key)


def tounicode(text):
    return lambda c: c["font"].__setitem__("/ToUnicode", c["pdf"].make_stream(text.encode()))


def root(key, value):
    return lambda c: c["pdf"].Root.__setitem__(key, value(c) if callable(value) else value)


BOTH, A, X = ("archive", "x4"), ("archive",), ("x4",)
CASES = [
    (BOTH, [], "the good file", lambda c: None),
    (BOTH, [], "CMYK intent, DeviceRGB exempted by /DefaultRGB", seq(cmyk_intent, default_rgb)),
    (BOTH, [], "a CIDSet listing every glyph", set_("fd", CIDSet=lambda c: c["pdf"].make_stream(b"\xf0"))),
    (BOTH, [], "pdfaid in attribute form, dates with an offset", seq(
        xmp("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>", ""),
        xmp('rdf:about=""', 'rdf:about="" pdfaid:part="2" pdfaid:conformance="U"'), info(CreationDate="D:20240102050405+02'00'"))),
    (BOTH, [], "an extension schema in attribute form, a nested xmpMM:History", seq(
        xmp(SCHEMA % ("PDF/UA", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid", "part"),
            '<rdf:li><rdf:Description pdfaSchema:schema="PDF/UA" pdfaSchema:namespaceURI="http://www.aiim.org/pdfua/ns/id/" '
            'pdfaSchema:prefix="pdfuaid"><pdfaSchema:property><rdf:Seq><rdf:li><rdf:Description pdfaProperty:name="part" '
            'pdfaProperty:valueType="Integer" pdfaProperty:category="internal" pdfaProperty:description="part"/></rdf:li>'
            '</rdf:Seq></pdfaSchema:property></rdf:Description></rdf:li>'),
        xmp("<pdfaid:part>", '<xmpMM:History><rdf:Seq><rdf:li rdf:parseType="Resource" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/'
            'ResourceEvent#"><stEvt:action>created</stEvt:action></rdf:li></rdf:Seq></xmpMM:History><pdfaid:part>'))),
    (A, ["hdr"], "header %PDF-2.0", lambda c: c["patch"].append((b"%PDF-1.6", b"%PDF-2.0"))),
    (A, ["bin"], "no binary comment", lambda c: c["patch"].append((b"%\xbf\xf7\xa2\xfe", b"%abcd"))),
    (BOTH, ["id"], "no trailer /ID", lambda c: c["patch"].append((b"/ID [", b"/IX ["))),
    (BOTH, ["enc"], "encrypted", lambda c: c.update(enc=pikepdf.Encryption(owner="o", user="", R=4))),
    (A, ["sf"], "a stream with /FDecodeParms", set_("img", FDecodeParms=Dictionary())),
    (A, ["lzw"], "an LZWDecode stream", root("/Extra", lambda c: c["pdf"].make_stream(b"\x80\x0b", Filter=Name.LZWDecode))),
    (A, ["oi", "rgb", "gray", "tr"], "no output intent, transparency without /Group /CS", seq(no_intent, content(b" /G1 gs"))),
    (A, ["oi", "-rgb", "-gray", "-tr"], "no output intent but /Default spaces and a page group /CS", seq(
        no_intent, default_rgb, res("/ColorSpace", "/DefaultGray", lambda c: Array([Name.ICCBased, c["pdf"].make_stream(icc(b"mntr", b"GRAY"), N=1)])),
        lambda c: c["page"].__setitem__("/Group", Dictionary(S=Name.Transparency, CS=c["page"].Resources.ColorSpace.DefaultRGB)),
        content(b" /G1 gs"))),
    (A, ["oi"], "a scanner-class intent profile", lambda c: c["prof"].write(icc(b"scnr"))),
    (A, ["oi1"], "two intents, two profiles", lambda c: c["pdf"].Root.OutputIntents[1].__setitem__("/DestOutputProfile", c["pdf"].make_stream(icc(), N=3))),
    (A, ["icc"], "ICCBased /N 4 on an RGB profile", seq(res("/ColorSpace", "/CS1", lambda c: Array([Name.ICCBased, c["pdf"].make_stream(icc(), N=4)])),
                                                        content(b" /CS1 cs 0 0 0 1 sc 0 0 5 5 re f"))),
    (BOTH, ["rgb"], "DeviceRGB with a CMYK intent", cmyk_intent),
    (BOTH, ["cmyk"], "DeviceCMYK with an RGB intent", content(b" 0 0 0 1 k 0 0 5 5 re f")),
    (BOTH, ["cmyk"], "an Indexed image on DeviceCMYK", set_("img", ColorSpace=Array([Name.Indexed, Name.DeviceCMYK, 0, b"\0\0\0\0"]))),
    (A, ["img"], "an image with /Interpolate true", set_("img", Interpolate=True)),
    (BOTH, ["img", "alt"], "an image with /Alternates and /OPI", set_("img", Alternates=Array(), OPI=Dictionary())),
    (BOTH, ["form", "ps"], "a PostScript XObject", res("/XObject", "/P1", lambda c: c["pdf"].make_stream(b"", Type=Name.XObject, Subtype=Name.PS))),
    (A, ["csi"], "an embedded CMap of another ordering", lambda c: c["font"].__setitem__("/Encoding", c["pdf"].make_stream(
        (CMAP % ("Japan1", "Test-H", 1, "1 begincidrange <0000> <FFFF> 0 endcidrange")).encode(), Type=Name.CMap, CMapName=Name("/Test-H"),
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Japan1", Supplement=0)))),
    (A, ["c2g"], "no CIDToGIDMap", delete("cid", "/CIDToGIDMap")),
    (BOTH, ["emb"], "the font not embedded", delete("fd", "/FontFile2")),
    (A, ["cidset"], "a CIDSet without CID 3", set_("fd", CIDSet=lambda c: c["pdf"].make_stream(b"\xe0"))),
    (A, ["w"], "a /W width 50 units off", set_("cid", W=Array([1, Array([600, 650, 250])]))),
    (A, ["tu"], "no ToUnicode", delete("font", "/ToUnicode")),
    (A, ["tuv"], "a code mapped to U+0000", tounicode(TOUNICODE.replace("<0003> <0003> <0020>", "<0003> <0003> <0000>"))),
    (A, ["tuv"], "a code mapped to U+FEFF", tounicode(TOUNICODE.replace("<0003> <0003> <0020>", "<0003> <0003> <FEFF>"))),
    (A, ["tuv"], "a code without Unicode", tounicode(TOUNICODE.replace("1 beginbfrange <0003> <0003> <0020> endbfrange", ""))),
    (A, ["notdef", "tuv"], "glyph 0 shown", content(b" BT /F1 12 Tf 20 150 Td <0000> Tj ET")),
    (A, ["atype"], "a Movie annotation", annot("/Movie")),
    (A, ["aflag"], "a hidden link", set_("link", F=6)),
    (A, ["aflag"], "a link without /F", delete("link", "/F")),
    (A, ["ap"], "a Square annotation without /AP", annot("/Square")),
    (BOTH, ["act"], "a Launch action", set_("link", A=Dictionary(S=Name.Launch, F="x.exe"))),
    (BOTH, ["act"], "a JavaScript action", set_("link", A=Dictionary(S=Name.JavaScript, JS="1"))),
    (A, ["act"], "a Named Print action", set_("link", A=Dictionary(S=Name.Named, N=Name.Print))),
    (A, ["js"], "a /JavaScript name tree", root("/Names", Dictionary(JavaScript=Dictionary(Names=Array())))),
    (X, ["act"], "a /JavaScript name tree", root("/Names", Dictionary(JavaScript=Dictionary(Names=Array())))),
    (A, ["aa"], "a page /AA", set_("page", AA=Dictionary())),
    (X, ["act"], "a link /AA", set_("link", AA=Dictionary())),
    (A, ["meta"], "filtered metadata (qpdf inflates /Metadata it can decode, so a DCT one)", lambda c: c.update(
        metadata=c["pdf"].make_stream(c["xmp"].encode(), Type=Name.Metadata, Subtype=Name.XML, Filter=Name.DCTDecode))),
    (BOTH, ["meta", "xmp"], "malformed XMP", xmp("</rdf:RDF>", "</rdf:BAD>")),
    (A, ["meta"], "an xpacket with encoding=", xmp('id="W5M0', 'encoding="UTF-8" id="W5M0')),
    (A, ["ext"], "pdfuaid without extension schema", xmp("<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/", "<pdfaSchema:namespaceURI>urn:x")),
    (A, ["ext"], "an extension schema without the property", xmp("<pdfaProperty:name>part<", "<pdfaProperty:name>other<")),
    (A, ["extf"], "an extension property without category", xmp("<pdfaProperty:category>internal</pdfaProperty:category>", "")),
    (A, ["info"], "Info /Title other than dc:title", info(Title="Other")),
    (A, ["info"], "Info /Author other than dc:creator", info(Author="Someone")),
    (A, ["info"], "Info /CreationDate an hour off", info(CreationDate="D:20240102040405Z")),
    (A, ["info"], "Info /Keywords without pdf:Keywords", info(Keywords="")),
    (A, ["part"], "pdfaid:part 3", xmp("<pdfaid:part>2<", "<pdfaid:part>3<")),
    (A, ["conf"], "pdfaid:conformance B", xmp("<pdfaid:conformance>U<", "<pdfaid:conformance>B<")),
    (A, ["ef", "atype"], "embedded files and a RichMedia annotation", seq(root("/Names", Dictionary(EmbeddedFiles=Dictionary(Names=Array()))),
                                                                       annot("/RichMedia"))),
    (A, ["oc"], "an optional content configuration with /AS", root("/OCProperties", Dictionary(OCGs=Array(), D=Dictionary(AS=Array())))),
    (A, ["pres"], "a page /PresSteps", set_("page", PresSteps=Dictionary())),
    (A, ["req"], "a catalog /Requirements", root("/Requirements", Array())),
    (A, ["ua"], "no pdfuaid:part", xmp("<pdfuaid:part>1</pdfuaid:part>", "")),
    (A, ["lang"], "no /Lang", lambda c: c["pdf"].Root.__delitem__("/Lang")),
    (X, ["hdr"], "PDF 1.7", lambda c: c.update(version="1.7")),
    (X, ["oi"], "no PDF/X intent", lambda c: c["pdf"].Root.OutputIntents.__delitem__(1)),
    (X, ["oci"], "an empty OutputConditionIdentifier", lambda c: c["pdf"].Root.OutputIntents[1].__setitem__("/OutputConditionIdentifier", "")),
    (X, ["prof"], "a monitor-class PDF/X profile", lambda c: c["prof"].write(icc(b"mntr"))),
    (X, ["ver"], "Info /GTS_PDFXVersion PDF/X-3", info(GTS_PDFXVersion="PDF/X-3:2002")),
    (X, ["xver"], "XMP PDF/X-1a", xmp(">PDF/X-4<", ">PDF/X-1a<")),
    (X, ["info", "trap"], "Info /Trapped /Unknown, no /Title", seq(info(Trapped=Name("/Unknown")), lambda c: c["info"].pop("Title"))),
    (X, ["xmp"], "no xmpMM:DocumentID", xmp("<xmpMM:DocumentID>uuid:0e8a</xmpMM:DocumentID>", "")),
    (A, ["info"], "pdf:Trapped True against Info False", xmp("<pdf:Trapped>False<", "<pdf:Trapped>True<")),
    (X, ["trap", "-info"], "pdf:Trapped True against Info False", xmp("<pdf:Trapped>False<", "<pdf:Trapped>True<")),
    (X, ["box"], "no TrimBox", delete("page", "/TrimBox")),
    (X, ["box"], "a TrimBox outside the BleedBox", set_("page", TrimBox=Array([0, 0, 190, 190]))),
    (X, ["annot"], "a link inside the TrimBox", set_("link", Rect=Array([20, 20, 40, 40]))),
]


def run(keep=None):
    """Build and check every case in `keep` (a directory kept afterwards) or in a temporary one removed when all pass."""
    import pdf_clauses as P
    tables = {k: {r[0]: r for r in P.table(k)} for k in BOTH}
    if keep:
        os.makedirs(keep, exist_ok=True)
    tmp, wrong = keep or tempfile.mkdtemp(prefix="pdf_clauses_selftest."), 0
    for i, (kinds, keys, what, mutate) in enumerate(CASES):
        path = os.path.join(tmp, "case%02d.pdf" % i)
        build(path, mutate)
        for k in kinds:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = P.main(["pdf_clauses.py", k, path])
            lines = out.getvalue().splitlines()
            want, banned = ([("FAILED clause %s: %s:" % tables[k][key.lstrip("-")][1:]) for key in keys
                             if key.lstrip("-") in tables[k] and key.startswith("-") == neg] for neg in (False, True))
            got = [l for l in lines if l.startswith("FAILED")]
            if (rc != 0 or not lines[-1].startswith(k + ": ") or (not got if want else got and not banned)
                    or not all(any(l.startswith(w) for l in got) for w in want) or any(l.startswith(b) for l in got for b in banned)):
                wrong += 1
                print("selftest: %s %s (%s): expected %s, got:\n  %s" % (k, what, path, keys or "no failure", "\n  ".join(lines)))
    print("selftest: %d cases, %d failed%s" % (len(CASES), wrong, " (files in %s)" % tmp if wrong or keep else ""))
    if not (wrong or keep):
        shutil.rmtree(tmp)
    return 1 if wrong else 0
