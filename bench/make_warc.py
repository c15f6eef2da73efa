#!/usr/bin/env python3
"""Write a big synthetic news-crawl WARC file for the WARC reader's throughput and memory figures.

Records are laid out as Common Crawl News writes them: one warcinfo record, then response records
(HTTP headers + an HTML page), each record its own gzip member. About one response in twelve is a
non-HTML payload (an image) or a redirect, so the skip paths are exercised too. Pages are built
from a pool of pages with news-like markup (navigation, scripts, an <article> of paragraphs of
words drawn from a vocabulary) and a unique paragraph per record, so the compression ratio (~4x)
is close to real crawls. Deterministic for a given --seed.

Never commit the output: write it under /tmp.

usage: bench/make_warc.py --size 10M --out /tmp/mosaic-10M.warc.gz [--seed 1] [--plain]
"""
import argparse
import random
import zlib

WORDS = ("the of and to in a is that for on was with he it as at by from his an were are which "
         "this be has had have not but they their said its after who been more one year two new "
         "first also would all there when out government military forces minister region border "
         "troops officials according statement village city attack drone ministry defence army "
         "battalion commander volunteers training camp regional governor president security "
         "reported killed wounded civilians police operation units corps legion militia claimed "
         "denied spokesman sources agency news week month monday tuesday wednesday thursday friday "
         "saturday sunday morning evening near north south east west province district capital "
         "talks meeting foreign sanctions weapons ammunition artillery missile strike shelling "
         "air defence intelligence service interior national guard parliament election opposition "
         "protest arrested court sentenced prison journalists media video footage satellite "
         "images analysts experts conflict war peace ceasefire negotiations agreement signed").split()


def sentence(rng, n_min=8, n_max=24):
    words = [rng.choice(WORDS) for _ in range(rng.randint(n_min, n_max))]
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def make_page(rng, i):
    nav = "".join('<li><a href="/section/%d">%s</a></li>' % (k, rng.choice(WORDS).title())
                  for k in range(80))
    script = ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push("
              "arguments);}gtag('js',new Date());gtag('config','UA-%06d-1');</script>" % i) * 6
    style = "<style>" + "".join(".c%d{margin:%dpx;padding:%dpx;color:#%06x}" %
                                (k, k % 7, k % 5, rng.randrange(1 << 24)) for k in range(400)) + "</style>"
    title = sentence(rng, 5, 10)[:-1]
    paras = "".join("<p>%s</p>" % paragraph(rng) for _ in range(rng.randint(8, 20)))
    related = "".join('<li><a href="/story/%d">%s</a></li>' % (rng.randrange(10**6), sentence(rng, 4, 8))
                      for _ in range(15))
    head = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | Example Wire'
            '</title><meta property="og:title" content="%s">%s%s' % (title, title, style, script))
    return head, ('</head><body><header><nav><ul>%s</ul></nav></header><main><article><h1>%s</h1>'
                  '%%s%s</article><aside class="related"><ul>%s</ul></aside></main><footer>'
                  '<p>Contact us. All rights reserved.</p></footer></body></html>' %
                  (nav, title, paras, related))


def warc_record(wtype, uri, date, block, content_type):
    head = ("WARC/1.0\r\nWARC-Type: %s\r\n%sWARC-Date: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            "Content-Type: %s\r\nContent-Length: %d\r\n\r\n" %
            (wtype, "WARC-Target-URI: %s\r\n" % uri if uri else "", date,
             "%08x-0000-4000-8000-%012x" % (zlib.crc32(uri.encode()) if uri else 0, len(block)), content_type,
             len(block)))
    return head.encode() + block + b"\r\n\r\n"


def parse_size(s):
    s = s.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "KMG" else s) * mult)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--size", required=True, help="target output size, e.g. 10M or 1G")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plain", action="store_true", help="write an uncompressed .warc")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = parse_size(args.size)
    pool = [make_page(rng, i) for i in range(64)]
    written = records = 0

    def emit(f, rec):
        data = rec if args.plain else _gzip(rec)
        f.write(data)
        return len(data)

    with open(args.out, "wb") as f:
        written += emit(f, warc_record("warcinfo", None, "2023-05-24T00:00:00Z",
                                       b"software: mosaic bench/make_warc.py\r\n",
                                       "application/warc-fields"))
        while written < target:
            records += 1
            uri = "https://news%d.example.org/%d/story-%d" % (records % 50, 2023, records)
            date = "2023-05-%02dT%02d:%02d:%02dZ" % (1 + records % 28, records % 24, records % 60,
                                                      (records * 7) % 60)
            kind = records % 12
            if kind == 5:
                body = bytes(rng.randrange(256) for _ in range(2000))
                block = (b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 2000\r\n\r\n"
                         + body)
            elif kind == 9:
                block = (b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.org/\r\n"
                         b"Content-Type: text/html\r\n\r\n<html><body>Moved</body></html>")
            else:
                head, tail = pool[rng.randrange(len(pool))]
                meta = ('<meta property="article:published_time" content="%s">' % date
                        if records % 3 else "")
                unique = "<p>%s Record %d.</p>" % (paragraph(rng), records)
                html = (head + meta + tail.replace("%s", unique, 1)).encode()
                block = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(html) + html)
            written += emit(f, warc_record("response", uri, date, block,
                                           "application/http; msgtype=response"))
    print("%s: %d bytes, %d response records" % (args.out, written, records))


def _gzip(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 16 + 15)
    return c.compress(data) + c.flush()


if __name__ == "__main__":
    main()
