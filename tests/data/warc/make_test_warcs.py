#!/usr/bin/env python3
"""Writes the small WARC test files in this folder (deterministic; re-run to re-create them).

    python3 tests/data/warc/make_test_warcs.py

Files: news.warc / news.warc.gz (every record kind the reader meets, gzip per record as Common Crawl
writes them), and broken ones: truncated.warc.gz (the file ends inside a member), corrupt.warc.gz
(damaged deflate data in one member), lying_length.warc and lying_length.warc.gz (one record says
it is shorter than it is, another longer), bad_header.warc (garbage where a record should start).
The articles are short texts written for these tests.
"""
import gzip
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def record(wtype, uri, date, block, content_type, length=None):
    head = [b"WARC/1.0", b"WARC-Type: " + wtype.encode()]
    if uri:
        head.append(b"WARC-Target-URI: " + uri.encode())
    head.append(b"WARC-Date: " + date.encode())
    head.append(b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>" % (len(block) % 10**12))
    head.append(b"Content-Type: " + content_type.encode())
    head.append(b"Content-Length: %d" % (len(block) if length is None else length))
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def http(status, headers, body):
    lines = [b"HTTP/1.1 " + status.encode()] + [k.encode() + b": " + v.encode() for k, v in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def page(title, paragraphs, meta_date=None, charset_meta=None, encoding="utf-8"):
    head = "<title>%s | Example News</title>" % title
    if charset_meta:
        head = '<meta http-equiv="Content-Type" content="text/html; charset=%s">' % charset_meta + head
    if meta_date:
        head += '<meta property="article:published_time" content="%s">' % meta_date
    body = "".join("<p>%s</p>" % p for p in paragraphs)
    html = ("<!DOCTYPE html><html><head>%s</head><body><nav><a href='/'>Home</a> <a href='/world'>"
            "World</a></nav><article><h1>%s</h1>%s</article><footer>Contact us</footer></body></html>"
            % (head, title, body))
    return html.encode(encoding)


def chunked(data, size=50):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def news_records():
    d = "2023-05-24T08:15:00Z"
    html_ct = [("Content-Type", "text/html; charset=utf-8")]
    a1 = page("Border guards report drone strike",
              ["Border guards said on Tuesday that a drone hit a fuel depot near the village of "
               "Kozinka.", "Nobody was hurt, the regional governor wrote."],
              meta_date="2023-05-23T10:00:00+03:00")
    a2 = page("Volunteer unit announces new training camp",
              ["A volunteer unit announced a training camp for recruits in the north of the region.",
               "Its commander said the first group would arrive next week."])
    a3 = page("Минобороны сообщило об учениях",
              ["Министерство обороны сообщило о начале учений в Брестской области."],
              meta_date="2023-05-22")
    a4 = page("Café owners protest new curfew",
              ["Café owners in the capital protested against the curfew on Monday."],
              charset_meta="iso-8859-1", encoding="latin-1")
    a5 = page("Ministers meet in Minsk",
              ["The foreign ministers met in Minsk and discussed the border."],
              meta_date="Tue, 23 May 2023 16:30:00 +0300")
    a6 = page("Governor creates regional militia",
              ["The governor signed a decree creating a regional militia of volunteers."])
    empty = b"<!DOCTYPE html><html><head><title>Video</title></head><body><script>x()</script></body></html>"
    recs = [
        record("warcinfo", None, d, b"software: mosaic-test\r\nformat: WARC File Format 1.0\r\n",
               "application/warc-fields"),
        record("request", "https://news.example.org/drone-strike", d,
               b"GET /drone-strike HTTP/1.1\r\nHost: news.example.org\r\n\r\n",
               "application/http; msgtype=request"),
        record("response", "https://news.example.org/drone-strike", d,
               http("200 OK", html_ct, a1), "application/http; msgtype=response"),
        record("metadata", "https://news.example.org/drone-strike", d,
               b"fetchTimeMs: 120\r\n", "application/warc-fields"),
        record("response", "https://news.example.org/logo.png", d,
               http("200 OK", [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n" + bytes(range(64))),
               "application/http; msgtype=response"),
        record("response", "http://news.example.org/old", d,
               http("301 Moved Permanently", [("Location", "https://news.example.org/"),
                                              ("Content-Type", "text/html")],
                    b"<html><body>Moved</body></html>"), "application/http; msgtype=response"),
        record("response", "<https://news.example.org/training-camp>", "2023-05-24T09:00:00Z",
               http("200 OK", html_ct, a2), "application/http; msgtype=response"),
        record("response", "https://ru.example.org/ucheniya", d,
               http("200 OK", [("Content-Type", "text/html; charset=windows-1251")],
                    a3.decode("utf-8").encode("cp1251")), "application/http; msgtype=response"),
        record("response", "https://fr.example.org/cafe", d,
               http("200 OK", [("Content-Type", "text/html")], a4),
               "application/http; msgtype=response"),
        record("response", "https://news.example.org/ministers", d,
               http("200 OK", html_ct + [("Transfer-Encoding", "chunked")], chunked(a5)),
               "application/http; msgtype=response"),
        record("response", "https://news.example.org/militia", d,
               http("200 OK", html_ct + [("Content-Encoding", "gzip")], gzip.compress(a6, mtime=0)),
               "application/http; msgtype=response"),
        record("response", "https://news.example.org/video", d,
               http("200 OK", html_ct, empty), "application/http; msgtype=response"),
    ]
    return recs


def gz(rec):
    return gzip.compress(rec, compresslevel=6, mtime=0)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    recs = news_records()
    write("news.warc", b"".join(recs))
    members = [gz(r) for r in recs]
    write("news.warc.gz", b"".join(members))
    # The file ends in the middle of the 7th member (the training-camp response).
    cut = sum(len(m) for m in members[:6]) + len(members[6]) // 2
    write("truncated.warc.gz", b"".join(members)[:cut])
    # Member 3 (the drone-strike response) has damaged deflate data.
    bad = bytearray(members[2])
    for i in range(30, min(60, len(bad) - 8)):
        bad[i] ^= 0x5A
    write("corrupt.warc.gz", b"".join(members[:2]) + bytes(bad) + b"".join(members[3:]))
    # Record 3 claims 40 bytes fewer than it has; record 7 claims 300 more (it swallows the start
    # of record 8, which must still be found).
    d = "2023-05-24T08:15:00Z"
    lying = list(recs)
    def relength(rec, delta):
        head, _, rest = rec.partition(b"\r\n\r\n")
        block = rest[:-4]
        return record_from_head(head, block, len(block) + delta)
    lying[2] = relength(recs[2], -40)
    lying[6] = relength(recs[6], 300)
    write("lying_length.warc", b"".join(lying))
    write("lying_length.warc.gz", b"".join(gz(r) for r in lying))
    write("bad_header.warc", recs[0] + b"this is not a WARC header\r\n\r\n" + b"".join(recs[1:4]))


def record_from_head(head, block, length):
    lines = [l for l in head.split(b"\r\n") if not l.startswith(b"Content-Length:")]
    lines.append(b"Content-Length: %d" % length)
    return b"\r\n".join(lines) + b"\r\n\r\n" + block + b"\r\n\r\n"


if __name__ == "__main__":
    main()
