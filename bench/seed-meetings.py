#!/usr/bin/env python3
"""Schedules COUNT meetings in a generated projects data set (bench/generate-projects.sh) through the running
server's API, as the bench admin: a meeting of a random project (its customer's), kind and title drawn from the
usual ones, one hour on a working day within 180 days either side of the data set's day, with the admin (the
organiser, always an attendee) and two random staff members. The admin therefore attends every meeting: the
heaviest person for `GET /api/v1/meetings?mine=true`. Writes DATA/meetings.txt (the days covered, for
bench/wrk/projects.lua's `meetings` mode).

    python3 bench/seed-meetings.py URL DATA [COUNT]      # COUNT defaults to 20000; 8 connections
"""

import datetime
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

url, data = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
parsed = urllib.parse.urlparse(url)
token = open(f"{data}/token").read().split()[0]
projects = [line.split("\t")[0] for line in open(f"{data}/projects.txt") if line.strip()]
staff = [line.strip() for line in open(f"{data}/staff.txt") if line.strip()]
today = datetime.date.fromisoformat(open(f"{data}/now").read().strip()[:10])
kinds = ["progress", "progress", "progress", "issue", "review", "other"]
titles = ["周例会", "进度沟通会", "问题澄清会", "Sprint review", "验收准备会", "接口联调会", "Weekly sync"]

lock = threading.Lock()
made = [0]
failures = []


def work(seed: int, quota: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    for _ in range(quota):
        day = today + datetime.timedelta(days=rng.randint(-180, 180))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        hour = rng.choice([9, 10, 11, 14, 15, 16])
        body = {
            "kind": rng.choice(kinds), "title": rng.choice(titles), "projectId": rng.choice(projects),
            "startsAt": f"{day.isoformat()}T{hour:02d}:00", "endsAt": f"{day.isoformat()}T{hour + 1:02d}:00",
            "timeZone": "Asia/Shanghai", "place": "3 号会议室",
            "attendees": [{"personId": person} for person in rng.sample(staff, 2)],
        }
        conn.request("POST", "/api/v1/meetings", json.dumps(body, ensure_ascii=False).encode(),
                     {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        text = response.read()
        with lock:
            if response.status == 201:
                made[0] += 1
            elif len(failures) < 5:
                failures.append(f"{response.status}: {text[:300]!r}")


start = time.time()
threads = [threading.Thread(target=work, args=(seed, count // 8 + (1 if seed < count % 8 else 0))) for seed in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.time() - start
print(f"scheduled {made[0]} of {count} meetings in {elapsed:.1f} s ({made[0] / elapsed:.0f}/s)")
for failure in failures:
    print("refused:", failure)
with open(f"{data}/meetings.txt", "w") as out:
    out.write(f"{(today - datetime.timedelta(days=180)).isoformat()}\t{(today + datetime.timedelta(days=180)).isoformat()}\n")
sys.exit(0 if made[0] == count else 1)
