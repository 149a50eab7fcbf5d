#!/usr/bin/env python3
"""Gives COUNT contacts of a generated data set (bench/generate-requests.sh) a portal account with a signed-in
session, as accepting an invitation would, straight into a copy of its SQLite file; half of them see their
organisation's requests, half only their own. Writes OUT: one line per account, its session token and the numbers
of the requests it may open ("token n1 n2 …"), for bench/wrk/portal.lua.

    python3 bench/portal-accounts.py COPY/liaison.sqlite COPY/portal-sessions.txt 2000
"""

import hashlib
import random
import secrets
import sqlite3
import sys
import time
import uuid

db_path, out_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(db_path)
rng = random.Random(20261207)
now = time.time()
contacts = db.execute(
    """SELECT c.id, c.customer_id, c.name, c.sort_key, c.emails FROM contacts c JOIN customers k ON k.id = c.customer_id
       WHERE c.deleted_at IS NULL AND k.deleted_at IS NULL AND c.emails <> '[]' ORDER BY c.id"""
).fetchall()
rng.shuffle(contacts)
contacts = contacts[:count]
if len(contacts) < count:
    sys.exit(f"only {len(contacts)} contacts with an address in {db_path}")
user_columns = [row[1] for row in db.execute("PRAGMA table_info(users)")]
lines = []
with db:
    for index, (contact, customer, name, sort_key, emails) in enumerate(contacts):
        email = emails.strip('[]"').split('","')[0].lower()
        user = str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
        values = {
            "id": user, "email": email, "name": name, "sort_key": sort_key, "time_zone": "Asia/Shanghai",
            "password_hash": "!", "must_change_password": 0, "active": 1, "failed_sign_ins": 0, "version": 1,
            "created_at": now, "updated_at": now, "last_sign_in_at": now, "contact_id": contact,
        }
        columns = [c for c in user_columns if c in values]
        db.execute(
            f"INSERT INTO users ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [values[c] for c in columns])
        db.execute("INSERT INTO user_roles (id, user_id, role) VALUES (?, ?, 'customer')",
                   (str(uuid.uuid4()).upper(), user))
        token = secrets.token_hex(32)
        db.execute(
            """INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
               VALUES (?, ?, ?, ?, ?, ?, '127.0.0.1', 'wrk')""",
            (str(uuid.uuid4()).upper(), hashlib.sha256(token.encode()).hexdigest(), user, now, now + 3600,
             now + 30 * 86400))
        scope = "organisation" if index % 2 == 0 else "own"
        db.execute("UPDATE contacts SET portal_scope = ? WHERE id = ?", (scope, contact))
        if scope == "organisation":
            numbers = db.execute("SELECT number FROM requests WHERE customer_id = ?", (customer,)).fetchall()
        else:
            numbers = db.execute(
                "SELECT number FROM requests WHERE customer_id = ? AND contact_id = ?", (customer, contact)).fetchall()
        if numbers:
            lines.append(token + " " + " ".join(str(n) for (n,) in numbers))
with open(out_path, "w") as out:
    out.write("\n".join(lines) + "\n")
print(f"{len(lines)} portal accounts with requests to open ({count} made)")
