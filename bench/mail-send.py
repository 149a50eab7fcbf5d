#!/usr/bin/env python3
"""Posts a folder of .eml files to POST /api/v1/mail/inbound with N concurrent senders (one kept-alive connection
each) and prints the rate, the latency percentiles and the outcomes.

    mail-send.py --url http://127.0.0.1:PORT --token TOKEN --dir DIR [--concurrency 8] [--mailbox ADDRESS]

The files are dealt out in order (file i to sender i mod N), so answers mostly follow what they answer.
"""

import argparse
import collections
import http.client
import json
import os
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--mailbox")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    files = sorted(os.path.join(args.dir, name) for name in os.listdir(args.dir) if name.endswith(".eml"))
    bodies = [open(path, "rb").read() for path in files]
    path = "/api/v1/mail/inbound" + ("?mailbox=" + urllib.parse.quote(args.mailbox) if args.mailbox else "")
    latencies = []
    outcomes = collections.Counter()
    statuses = collections.Counter()
    lock = threading.Lock()

    def sender(worker):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        mine_lat, mine_out, mine_status = [], collections.Counter(), collections.Counter()
        for body in bodies[worker::args.concurrency]:
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers={
                "Authorization": "Bearer " + args.token, "Content-Type": "message/rfc822"})
            response = connection.getresponse()
            answer = response.read()
            mine_lat.append(time.perf_counter() - started)
            mine_status[response.status] += 1
            try:
                mine_out[json.loads(answer).get("outcome", "?")] += 1
            except ValueError:
                mine_out["unreadable answer"] += 1
        connection.close()
        with lock:
            latencies.extend(mine_lat)
            outcomes.update(mine_out)
            statuses.update(mine_status)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(args.concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    size = sum(len(b) for b in bodies)
    print("RESULT http-ingest messages=%d senders=%d seconds=%.2f rate=%.0f/s p50=%.1fms p95=%.1fms p99=%.1fms "
          "bytes=%.1fMB" % (len(bodies), args.concurrency, elapsed, len(bodies) / elapsed, pct(50), pct(95), pct(99),
                            size / 1e6))
    print("statuses:", dict(statuses))
    print("outcomes:", dict(outcomes))


if __name__ == "__main__":
    main()
