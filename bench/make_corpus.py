#!/usr/bin/env python3
"""Build a deterministic English news-style corpus (JSONL articles) of a given size for benchmarks.

Articles are recombined from the paragraphs of the project's own example articles (examples/), with
names, places, numbers and dates varied from small tables, so every article's text is different (no
two share a content hash) while the language stays news-like. With --shared-data, sentences from the
corpora in ../shared/data are mixed in at run time (never committed).

usage: bench/make_corpus.py --mb 50 --seed 1 --out bench/corpus/c50.jsonl [--shared-data]
"""
import argparse
import glob
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PEOPLE = ["Alexander Lukashenko", "Alyaksandr Lukashenka", "Vladimir Putin", "Sergei Lavrov",
          "Volodymyr Zelensky", "Yevgeny Prigozhin", "Viktor Khrenin", "Mikhail Mishustin",
          "Sviatlana Tsikhanouskaya", "Vyacheslav Gladkov", "Denis Nikitin", "Andriy Yusov",
          "Oleksandr Syrskyi", "Dmitry Medvedev", "Ramzan Kadyrov", "Maia Sandu", "Nikol Pashinyan"]
PLACES = ["Minsk", "Moscow", "Kyiv", "Belgorod", "Kharkiv", "Vilnius", "Warsaw", "Brest", "Gomel",
          "Grodno", "Kursk", "Bryansk", "Rostov-on-Don", "Tbilisi", "Yerevan", "Chisinau", "Niamey",
          "Bamako", "Odesa", "Zaporizhzhia", "Donetsk", "Luhansk", "Mariupol", "Sumy"]
GROUPS = ["the Russian Volunteer Corps", "the Freedom of Russia Legion", "the Wagner Group",
          "the Kastus Kalinouski Regiment", "the Azov brigade", "the National Guard",
          "the Collective Security Treaty Organization", "the Interior Ministry", "the FSB"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def load_paragraphs(shared):
    paras = []
    for line in open(os.path.join(ROOT, "examples", "articles.jsonl"), encoding="utf-8"):
        art = json.loads(line)
        paras += [p.strip() for p in art["text"].split("\n\n") if len(p.strip()) > 40]
    if shared:
        data = os.path.join(ROOT, "..", "shared", "data")
        for path in sorted(glob.glob(os.path.join(data, "conll2003", "eng.train"))):
            sent = []
            for l in open(path, encoding="utf-8", errors="replace"):
                tok = l.split(" ")[0].strip()
                if not tok or tok == "-DOCSTART-":
                    if len(sent) > 8:
                        paras.append(" ".join(sent))
                    sent = []
                else:
                    sent.append(tok)
    return paras


def vary(p, rng):
    p = re.sub(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
               lambda m: rng.choice(DAYS), p)
    p = re.sub(r"\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})\b",
               lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", p)
    p = re.sub(r"\b\d{2,3}\b", lambda m: str(rng.randint(2, 999)), p)
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--shared-data", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    paras = load_paragraphs(a.shared_data)
    target = int(a.mb * 1024 * 1024)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    written = 0
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        while written < target:
            n += 1
            body = [vary(rng.choice(paras), rng) for _ in range(rng.randint(6, 12))]
            lead = (f"{rng.choice(PEOPLE)} said on {rng.choice(DAYS)} that {rng.choice(GROUPS)} "
                    f"had moved fighters near {rng.choice(PLACES)}, according to officials in "
                    f"{rng.choice(PLACES)}.")
            text = lead + "\n\n" + "\n\n".join(body) + f"\n\n(Report {n} from {rng.choice(PLACES)}.)"
            day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            line = json.dumps({"id": f"b{n}", "url": f"https://example.org/bench/{a.seed}/{n}",
                               "title": None, "published": day, "text": text}, ensure_ascii=False)
            f.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
    print(f"{a.out}: {n} articles, {written / 1048576:.1f} MiB")


if __name__ == "__main__":
    main()
