#!/usr/bin/env python3
"""Writes the news articles of the two geoparsing sets in ../shared/data (LGL: US local news;
GeoVirus: WikiNews on epidemics) as Mosaic JSONL input: url, title, published and text. With
--all, also the TimeBank and AQUAINT articles (TimeML, tags stripped) and the Reuters articles of
CoNLL-2003's training and development files (tokens joined back into text): about 2,200 real
articles, enough that a run's fixed start and end costs weigh less than on the 817.

Real news has what the generated benchmark corpus (make_corpus.py, which recombines the example
articles' paragraphs) lacks: mostly new names in every article. Ingest's merge costs more per
article on it, so the store's speed is measured on both. The output is data from ../shared/data
and stays out of the repository (bench/corpus/ is ignored).

Usage: bench/news_corpus.py [--data DIR] [--out FILE] [--all]
"""
import argparse
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET


def timeml_articles(folder):
    """TimeML documents: the <TEXT> element's text without its tags, dated by the DCT."""
    for path in sorted(glob.glob(os.path.join(folder, "*.tml"))):
        root = ET.parse(path).getroot()
        body = root.find("TEXT")
        if body is None:
            continue
        text = re.sub(r"[ \t]+", " ", "".join(body.itertext())).strip()
        dct = root.find("DCT/TIMEX3")
        doc = {"url": "urn:timeml:" + os.path.basename(path)[:-4],
               "title": text.split("\n", 1)[0][:120], "text": text}
        value = dct.get("value", "") if dct is not None else ""
        if re.match(r"\d{4}-\d\d-\d\d", value):
            doc["published"] = value[:10]
        yield doc


NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re",
                   "'ve", "'ll", "'d", "'m", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def conll_articles(path):
    """CoNLL-2003 documents (-DOCSTART- between them): sentences of tokens joined back into text,
    the first line as the title and a date in the dateline as the publication date."""
    name = os.path.basename(path)
    docs, sentences, tokens = [], [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if tokens:
                    sentences.append(tokens)
                tokens = []
            elif parts[0] == "-DOCSTART-":
                if tokens:
                    sentences.append(tokens)
                if sentences:
                    docs.append(sentences)
                sentences, tokens = [], []
            else:
                tokens.append(parts[0])
    if tokens:
        sentences.append(tokens)
    if sentences:
        docs.append(sentences)
    for i, doc in enumerate(docs):
        lines = []
        for toks in doc:
            out = ""
            for t in toks:
                if out and t not in NO_SPACE_BEFORE and out[-1] not in "($[{" and \
                        not out.endswith("``"):
                    out += " "
                out += t
            lines.append(out.replace("``", '"').replace("''", '"'))
        if len(lines) < 3:
            continue
        article = {"url": f"urn:conll2003:{name}:{i}", "title": lines[0],
                   "text": lines[0] + "\n\n" + "\n".join(lines[1:])}
        m = re.search(r"\b(19\d\d-\d\d-\d\d)\b", " ".join(lines[:4]))
        if m:
            article["published"] = m.group(1)
        yield article


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "geoparsing"))
    ap.add_argument("--out", default=None,
                    help="default bench/corpus/news_lgl_geovirus.jsonl, with --all news_all.jsonl")
    ap.add_argument("--all", action="store_true",
                    help="add TimeBank, AQUAINT and CoNLL-2003 (train, testa) articles")
    a = ap.parse_args()
    if a.out is None:
        a.out = os.path.join(here, "corpus", "news_all.jsonl" if a.all else
                             "news_lgl_geovirus.jsonl")
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
        if a.all:
            data = os.path.dirname(os.path.abspath(a.data))
            sources = [timeml_articles(os.path.join(data, "timeml", "TimeBank")),
                       timeml_articles(os.path.join(data, "timeml", "AQUAINT"))]
            sources += [conll_articles(os.path.join(data, "conll2003", f))
                        for f in ("eng.train", "eng.testa")]
            try:
                for source in sources:
                    for doc in source:
                        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
                        n += 1
            except (OSError, ET.ParseError) as e:
                print(f"news_corpus.py: {e}", file=sys.stderr)
                return 1
    print(f"{a.out}: {n} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
