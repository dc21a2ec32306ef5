"""A bounded HTTP load that records each request's time, from its own process:
``python _latency.py URL BODY_FILE HEADERS_JSON SECONDS CONNECTIONS``; prints a JSON object
``{"seconds": ..., "latencies": [...], "statuses": {...}}`` (keep-alive connections, one
thread each)."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit


def main() -> None:
    url, body_file, headers_json, seconds, connections = sys.argv[1:6]
    parts = urlsplit(url)
    with open(body_file, "rb") as f:
        body = f.read()
    headers = json.loads(headers_json)
    deadline = time.perf_counter() + float(seconds)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        seen: Counter[int] = Counter()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            conn.request("POST", parts.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            seen[response.status] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(int(connections))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "latencies": latencies, "statuses": statuses}))


if __name__ == "__main__":
    main()
