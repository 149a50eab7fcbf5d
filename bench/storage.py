#!/usr/bin/env python3
"""Bytes per table and per index of a Liaison SQLite file (SQLite's dbstat), largest first, as a Markdown table.

    python3 bench/storage.py bench/out/requests-s10/liaison.sqlite [--rows]

--rows adds each table's row count and bytes per row. Read-only: safe on a copy that a server is not using.
"""
import sqlite3
import sys


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__)
        return 2
    db = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True)
    owners = dict(db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"))
    rows = db.execute(
        "SELECT name, SUM(pgsize), SUM(payload), SUM(unused) FROM dbstat GROUP BY name ORDER BY SUM(pgsize) DESC"
    ).fetchall()
    total = sum(r[1] for r in rows)
    page = db.execute("PRAGMA page_size").fetchone()[0]
    print(f"{args[0]}: {total / 1e6:.1f} MB in {total // page} pages of {page} bytes\n")
    print("| object | of table | MB | share | payload MB | unused | rows | bytes/row |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, size, payload, unused in rows:
        table = owners.get(name, name)
        count, per = "", ""
        if "--rows" in sys.argv and name == table and name in owners:
            try:
                n = db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
                count, per = str(n), (str(size // n) if n else "")
            except sqlite3.Error:
                pass
        print(
            f"| {name} | {table if table != name else ''} | {size / 1e6:.2f} | {100 * size / total:.1f}% "
            f"| {payload / 1e6:.2f} | {100 * unused / size:.0f}% | {count} | {per} |"
        )
    by_table = {}
    for name, size, _, _ in rows:
        by_table[owners.get(name, name)] = by_table.get(owners.get(name, name), 0) + size
    print("\nBy table with its indexes:\n")
    print("| table | MB | share |")
    print("|---|---:|---:|")
    for table, size in sorted(by_table.items(), key=lambda kv: -kv[1]):
        print(f"| {table} | {size / 1e6:.2f} | {100 * size / total:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
