#!/usr/bin/env python3
"""Rebuild benchmark: how long an author waits, after saving one chapter of the 60-chapter book,
before the preview of `publish serve` has both editions built anew and tells the page to reload.

    python3 benches/rebuild.py                 # 60 chapters, 15 edits
    python3 benches/rebuild.py --chapters 15 --edits 30

The book is the one `benches/book.py` makes (every chapter the sample's text, each paragraph's words
rotated: no paragraph repeats). The script starts `publish serve --port 0` on it, listens to the
stream of builds a page listens to (`/__publish/events`), and then, edit after edit, changes one
paragraph of one chapter (a different chapter and paragraph each time), and measures from the moment
the file is written and closed to the moment the build's event arrives: the watcher's wait for quiet
(40 ms), the build (both editions written to disk) and the event. It prints the median, the fastest
and the slowest, the build alone as `publish serve` reports it, and whether the median is within the
300 ms an author should wait.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import book as bookbench  # noqa: E402

TARGET_MS = 300


def events(port):
    """A generator of the build events of the server at `port`."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /__publish/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    f = s.makefile("rb")
    while f.readline() not in (b"\r\n", b""):
        pass
    for line in f:
        if line.startswith(b"data: "):
            yield json.loads(line[6:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chapters", type=int, default=60)
    ap.add_argument("--edits", type=int, default=15)
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=bookbench.ROOT, check=True)
    publish = os.path.join(bookbench.ROOT, "target", "release", "publish")
    book = bookbench.make_book(args.chapters)
    out = os.path.join(bookbench.WORK, f"serve-{args.chapters}")
    server = subprocess.Popen([publish, "serve", "--port", "0", "-m", book, "-o", out],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    builds = []

    def read_stderr():
        for line in server.stderr:
            m = re.match(r"built in (\d+) ms", line)
            if m:
                builds.append(int(m.group(1)))

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        address = server.stdout.readline().strip()
        port = int(address.rsplit(":", 1)[1].strip("/"))
        stream = events(port)
        first = next(stream)
        assert first["ok"], first
        waits = []
        chapters = sorted(n for n in os.listdir(book) if n.endswith(".md"))
        for k in range(args.edits):
            path = os.path.join(book, chapters[(k * 7 + 3) % len(chapters)])
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            paragraphs = [i for i, l in enumerate(lines) if l and not l.startswith("#")]
            i = paragraphs[(k * 5) % len(paragraphs)]
            lines[i] = lines[i] + f" وهذه جملة أضافها المؤلف في التعديل {k + 1}."
            text = "\n".join(lines)
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            built = next(stream)
            waits.append(time.perf_counter() - start)
            assert built["ok"], built
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait()
    ms = [w * 1000 for w in waits]
    rebuilt = builds[1:]
    median = statistics.median(ms)
    print(f"{args.chapters} chapters, {args.edits} edits of one paragraph of one chapter:")
    print(f"  saved to reload event: median {median:.0f} ms, fastest {min(ms):.0f} ms, "
          f"slowest {max(ms):.0f} ms")
    if rebuilt:
        print(f"  the build alone (publish serve's 'built in'): median "
              f"{statistics.median(rebuilt):.0f} ms; the first build {builds[0]} ms")
    print(f"  within {TARGET_MS} ms: {'yes' if median <= TARGET_MS else 'NO'}")


if __name__ == "__main__":
    main()
