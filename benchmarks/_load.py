"""A bounded HTTP load from its own process: ``python _load.py URL BODY_FILE HEADERS_JSON
SECONDS CONNECTIONS``; prints ``requests seconds`` (keep-alive connections, one thread each)."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def main() -> None:
    url, body_file, headers_json, seconds, connections = sys.argv[1:6]
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    with open(body_file, "rb") as f:
        body = f.read()
    headers = json.loads(headers_json)
    deadline = time.perf_counter() + float(seconds)
    counts: list[int] = []
    failures: list[int] = []

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        done = 0
        while time.perf_counter() < deadline:
            conn.request("POST", target, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 300:
                failures.append(response.status)
            done += 1
        conn.close()
        counts.append(done)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(int(connections))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        sys.exit(f"the server answered {failures[0]}")
    print(sum(counts), elapsed)


if __name__ == "__main__":
    main()
