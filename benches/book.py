#!/usr/bin/env python3
"""Book-scale benchmark: builds a long book made from the sample and prints, per edition, the wall
time, peak resident memory, file size and pages; with Typst's figures for the same text beside them
when the `typst` PyPI package is importable.

The book: every chapter is the sample's whole text (its chapter titles become level-2 headings), each
paragraph's words rotated by an amount that differs from chapter to chapter and from paragraph to
paragraph, so that no paragraph of the book repeats another (a cache of shaped paragraphs gets no
hits, as in a real book). Sixty chapters are about 70,000 words.

    python3 benches/book.py                  # 60 chapters, and 1/15/30 for the per-page figures
    python3 benches/book.py --chapters 60    # only the 60-chapter book
    python3 benches/book.py --runs 5

Each figure is the median of --runs runs, the runs of publish and Typst alternating. Peak memory is
the child process's maximum resident set (wait4). Typst runs in a child Python process that imports
`typst` before the clock starts and compiles the .typ written beside the manuscript, with the
bundled fonts only; its time is the compile call alone.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "manuscript")
WORK = os.path.join(ROOT, "target", "bench-book")


def sample_lines():
    lines = []
    for name in sorted(os.listdir(SAMPLE)):
        if name.endswith(".md"):
            with open(os.path.join(SAMPLE, name), encoding="utf-8") as f:
                for line in f.read().splitlines():
                    lines.append("## " + line[2:] if line.startswith("# ") else line)
    return lines


def chapter_text(lines, c):
    """The markdown of chapter `c` (0-based): the sample with each paragraph's words rotated."""
    out = [f"# الفصل {c + 1}"]
    for i, line in enumerate(lines):
        words = line.split(" ")
        if not line.startswith("#") and len(words) > 3:
            k = (c + 1 + i) % len(words)
            words = words[k:] + words[:k]
        out.append(" ".join(words))
    return "\n".join(out) + "\n"


def make_book(chapters):
    """Writes the manuscript and the equivalent .typ; returns the manuscript directory."""
    book = os.path.join(WORK, f"book-{chapters}")
    if os.path.isdir(book):
        shutil.rmtree(book)
    os.makedirs(book)
    shutil.copy(os.path.join(SAMPLE, "book.toml"), book)
    lines = sample_lines()
    typ = [
        '#set page(paper: "a5")',
        '#set text(font: "Amiri", size: 11pt, lang: "ar", dir: rtl)',
        "#set par(justify: true)",
        "#outline()",
    ]
    for c in range(chapters):
        text = chapter_text(lines, c)
        with open(os.path.join(book, f"{c:03}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        for line in text.splitlines():
            if not line.strip():
                continue
            level = len(line) - len(line.lstrip("#"))
            body = typst_escape(line[level:].strip()) if level else typst_escape(line)
            if level == 1:
                typ.append("#pagebreak(weak: true)")
            typ.append(("=" * level + " " + body) if level else body)
            typ.append("")
    with open(os.path.join(book, "book.typ"), "w", encoding="utf-8") as f:
        f.write("\n".join(typ) + "\n")
    return book


def typst_escape(s):
    s = s.replace("\\[", "[").replace("\\]", "]")
    return re.sub(r"([\\\[\]*_#$@<>`~=/+\-])", r"\\\1", s)


def run(argv):
    """Runs a child; returns (wall seconds, peak RSS bytes, stdout)."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{argv[0]} failed ({p.returncode}):\n{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss * 1024, out


TYPST_CHILD = r"""
import sys, time, typst
src, out, fonts = sys.argv[1:4]
t = time.perf_counter()
typst.compile(src, output=out, font_paths=[fonts], ignore_system_fonts=True)
print(time.perf_counter() - t)
"""


def pdf_pages(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)
    if m:
        return max(int(x) for x in m)
    try:
        out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", out).group(1))
    except (OSError, AttributeError):
        return None


def epub_documents(path):
    with zipfile.ZipFile(path) as z:
        return sum(1 for n in z.namelist() if n.endswith(".xhtml"))


def measure(publish, book, runs, typst_python):
    out = os.path.join(WORK, "out-" + os.path.basename(book))
    slug = "kazakhstan-diplomacy"
    rows = {"both": [], "epub": [], "pdf": [], "typst": []}
    typst_times = []
    for _ in range(runs):
        for key, extra in (("both", []), ("epub", ["--format", "epub"]), ("pdf", ["--format", "pdf"])):
            wall, rss, _ = run([publish, "build", "-m", book, "-o", out, "--quiet", *extra])
            rows[key].append((wall, rss))
        if typst_python:
            wall, rss, stdout = run(
                [typst_python, "-c", TYPST_CHILD, os.path.join(book, "book.typ"),
                 os.path.join(out, "typst.pdf"), os.path.join(ROOT, "fonts")]
            )
            typst_times.append(float(stdout.decode().strip()))
            rows["typst"].append((wall, rss))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v))
           for k, v in rows.items() if v}
    epub, pdf = os.path.join(out, slug + ".epub"), os.path.join(out, slug + ".pdf")
    result = {
        "both": med["both"] + (None, None),
        "epub": med["epub"] + (os.path.getsize(epub), epub_documents(epub)),
        "pdf": med["pdf"] + (os.path.getsize(pdf), pdf_pages(pdf)),
    }
    if typst_times:
        typ_pdf = os.path.join(out, "typst.pdf")
        result["typst"] = (statistics.median(typst_times), med["typst"][1],
                           os.path.getsize(typ_pdf), pdf_pages(typ_pdf))
    return result


def fmt_row(name, r):
    wall, rss, size, pages = r
    size_s = f"{size / 1048576:8.2f} MiB" if size is not None else " " * 12
    pages_s = f"{pages:6d}" if pages is not None else " " * 6
    return f"  {name:<22} {wall * 1000:9.0f} ms {rss / 1048576:8.1f} MB {size_s} {pages_s}"


def find_typst_python():
    for py in (os.environ.get("TYPST_PYTHON"), sys.executable):
        if py and subprocess.run([py, "-c", "import typst"], capture_output=True).returncode == 0:
            return py
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chapters", default="1,15,30,60",
                    help="comma-separated chapter counts (default 1,15,30,60)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-typst", action="store_true")
    args = ap.parse_args()
    counts = [int(c) for c in args.chapters.split(",")]

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    publish = os.path.join(ROOT, "target", "release", "publish")
    typst_python = None if args.no_typst else find_typst_python()
    if not typst_python and not args.no_typst:
        print("Typst: the `typst` PyPI package is not importable here (pip install typst; or set "
              "TYPST_PYTHON to a Python that has it); its figures are left out.\n")

    results = {}
    for n in counts:
        book = make_book(n)
        r = measure(publish, book, args.runs, typst_python)
        results[n] = r
        print(f"{n} chapters ({args.runs} runs, medians)")
        print(f"  {'':<22} {'time':>12} {'peak memory':>11} {'size':>12} {'pages':>6}")
        print(fmt_row("publish, both", r["both"]))
        print(fmt_row("publish, EPUB alone", r["epub"]) + " documents")
        print(fmt_row("publish, PDF alone", r["pdf"]))
        if "typst" in r:
            print(fmt_row("Typst, PDF", r["typst"]))
            print(f"  both editions / Typst's PDF: {r['both'][0] / r['typst'][0]:.2f} × the time")
        print()

    per_page = {}
    if len(counts) > 1:
        base = min(counts)
        print(f"Per page beyond the {base}-chapter book (linear growth: flat down the column)")
        b = results[base]
        for n in counts:
            if n == base:
                continue
            r = results[n]
            pages = r["pdf"][3] - b["pdf"][3]
            t = (r["both"][0] - b["both"][0]) / pages * 1000
            m = (r["both"][1] - b["both"][1]) / pages / 1024
            pm = (r["pdf"][1] - b["pdf"][1]) / pages / 1024
            per_page[n] = (t, m, pm)
            print(f"  {n:3d} chapters: {pages:4d} more pages, both editions {t:6.2f} ms "
                  f"and {m:6.1f} KB a page (the PDF alone {pm:6.1f} KB)")
        print()

    sample_times = []
    for _ in range(max(11, args.runs)):
        wall, _, _ = run([publish, "build", "-o", os.path.join(WORK, "out-sample"), "--quiet"])
        sample_times.append(wall)
    sample = statistics.median(sample_times)
    print(f"The sample book, both editions: {sample * 1000:.0f} ms "
          f"(median of {len(sample_times)} runs)")
    print()

    print("Targets")
    big = results[max(counts)]
    check = lambda ok: "yes" if ok else "NO"
    if "typst" in big:
        ratio = big["both"][0] / big["typst"][0]
        print(f"  both editions at most 0.25 x Typst's PDF time: {ratio:.2f} x  {check(ratio <= 0.25)}")
    print(f"  peak memory at most 200 MB: {big['both'][1] / 1048576:.0f} MB  "
          f"{check(big['both'][1] <= 200 * 1048576)}")
    if len(per_page) > 1:
        for k, what in ((0, "time"), (1, "memory"), (2, "memory (the PDF alone)")):
            vals = [v[k] for v in per_page.values()]
            if min(vals) <= 0:
                # A larger book that takes no more than the smallest: not a growth per page.
                print(f"  {what} per page flat within 20%: a larger book below the smallest  NO")
                continue
            spread = max(vals) / min(vals) - 1
            print(f"  {what} per page flat within 20%: {spread * 100:.0f}%  {check(spread <= 0.2)}")
    print(f"  the sample, both editions, under 60 ms: {sample * 1000:.0f} ms  {check(sample < 0.060)}")


if __name__ == "__main__":
    main()
