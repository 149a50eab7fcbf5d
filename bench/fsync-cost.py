#!/usr/bin/env python3
"""What one durable SQLite commit costs on this disk, and what gathering commits saves.

Runs in WAL mode with synchronous=FULL (as Liaison does) in the bench output folder, so the numbers are for the
disk Liaison's data lives on. Prints a Markdown table for bench/RESULTS.md.

    python3 bench/fsync-cost.py [--dir bench/out] [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time


def run(path: str, per_commit: int, seconds: float) -> tuple[float, float]:
    """Rows per second and commits per second for `per_commit` small inserts per transaction."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    rows = commits = 0
    payload = "您好，我们正在排查问题。" * 8
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        db.execute("BEGIN IMMEDIATE")
        for _ in range(per_commit):
            db.execute("INSERT INTO t (body) VALUES (?)", (payload,))
        db.execute("COMMIT")
        rows += per_commit
        commits += 1
    elapsed = time.perf_counter() - start
    db.close()
    return rows / elapsed, commits / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=os.path.join(os.path.dirname(__file__), "out"))
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    print("| rows per commit | commits/s | rows/s | ms per commit |")
    print("|---:|---:|---:|---:|")
    for per_commit in (1, 8, 32, 128):
        with tempfile.TemporaryDirectory(dir=args.dir) as folder:
            rows, commits = run(os.path.join(folder, "fsync.sqlite"), per_commit, args.seconds)
        print(f"| {per_commit} | {commits:,.0f} | {rows:,.0f} | {1000 / commits:.2f} |")


if __name__ == "__main__":
    main()
