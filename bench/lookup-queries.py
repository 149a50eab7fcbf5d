#!/usr/bin/env python3
"""What people type into a customer picker, drawn from the customers of a data set: a list of category<TAB>query.

    bench/lookup-queries.py DATABASE OUT [COUNT]

Categories (equal shares): two Chinese characters from anywhere in a name (`han2`), the first two letters of the
pinyin of a syllable of a name (`prefix2`), two whole syllables run together (`pinyin`, "xinghe"), the initials of
two or three syllables (`initials`, "xhk"), the start of a word of an English name (`english`, 2–5 letters). Names
are read from the `customers` table (name, sort_key = the reading syllable by syllable, name_en), so every query
matches at least one customer.
"""
import random
import sqlite3
import sys


def main() -> None:
    database, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    rng = random.Random(7)
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT name, sort_key, name_en FROM customers WHERE deleted_at IS NULL ORDER BY random() LIMIT 20000"
    ).fetchall()
    english = [r[2] for r in rows if r[2]]
    lines = []
    while len(lines) < count:
        name, key, name_en = rng.choice(rows)
        syllables = key.split()
        han = [c for c in name if "\u4e00" <= c <= "\u9fff"]
        kind = rng.randrange(5)
        if kind == 0 and len(han) >= 2:
            start = rng.randrange(len(han) - 1)
            lines.append(("han2", "".join(han[start:start + 2])))
        elif kind == 1 and syllables:
            lines.append(("prefix2", rng.choice(syllables)[:2]))
        elif kind == 2 and len(syllables) >= 2:
            start = rng.randrange(len(syllables) - 1)
            lines.append(("pinyin", "".join(syllables[start:start + 2])))
        elif kind == 3 and len(syllables) >= 3:
            start = rng.randrange(len(syllables) - 2)
            length = rng.choice([2, 3])
            lines.append(("initials", "".join(s[0] for s in syllables[start:start + length])))
        elif kind == 4 and english:
            word = rng.choice(rng.choice(english).split())
            lines.append(("english", word[: rng.randint(2, 5)].lower()))
    with open(out, "w", encoding="utf-8") as f:
        for category, query in lines:
            f.write(f"{category}\t{query}\n")
    print(f"{len(lines)} queries from {len(rows)} customers into {out}")


if __name__ == "__main__":
    main()
