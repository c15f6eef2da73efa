#!/usr/bin/env python3
"""Writes the news articles of the two geoparsing sets in ../shared/data (LGL: US local news;
GeoVirus: WikiNews on epidemics) as Mosaic JSONL input: url, title, published and text.

Real news has what the generated benchmark corpus (make_corpus.py, which recombines the example
articles' paragraphs) lacks: mostly new names in every article. Ingest's merge costs more per
article on it, so the store's speed is measured on both. The output is data from ../shared/data
and stays out of the repository (bench/corpus/ is ignored).

Usage: bench/news_corpus.py [--data DIR] [--out FILE]
"""
import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "geoparsing"))
    ap.add_argument("--out", default=os.path.join(here, "corpus", "news_lgl_geovirus.jsonl"))
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for name in ("lgl.xml", "GeoVirus.xml"):
            path = os.path.join(a.data, name)
            try:
                root = ET.parse(path).getroot()
            except (OSError, ET.ParseError) as e:
                print(f"news_corpus.py: {path}: {e}", file=sys.stderr)
                return 1
            for i, art in enumerate(root.iter("article")):
                text = (art.findtext("text") or "").strip()
                if not text:
                    continue
                doc = {"url": (art.findtext("url") or "").strip() or f"urn:{name}:{i}",
                       "title": (art.findtext("title") or "").strip(), "text": text}
                when = (art.findtext("dltime") or "").strip()
                if len(when) >= 10:
                    doc["published"] = when[:10]
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
                n += 1
    print(f"{a.out}: {n} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
