"""Load on a local `toponym serve`: N concurrent clients POST /api/story, one article each,
for a bounded time; prints the request count, errors, latency percentiles and the server's
peak RSS. Loopback only.

Usage: scripts/serve-load.py --port PORT [--pid PID] [--clients 50] [--seconds 30] FILE...
"""

import argparse
import http.client
import json
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    bodies = [json.dumps({"texts": [open(f, encoding="utf-8").read()]}).encode() for f in args.files]
    latencies, errors, lock = [], [], threading.Lock()
    end = time.monotonic() + min(args.seconds, 300)

    def client(k):
        i = k
        while time.monotonic() < end:
            body = bodies[i % len(bodies)]
            i += args.clients
            t0 = time.monotonic()
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
                c.request("POST", "/api/story", body, {"Content-Type": "application/json"})
                r = c.getresponse()
                r.read()
                c.close()
                ok = r.status == 200
            except OSError as e:
                ok, r = False, e
            with lock:
                (latencies if ok else errors).append(time.monotonic() - t0 if ok else str(getattr(r, "status", r)))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")
    print(f"{len(latencies)} requests ok, {len(errors)} errors {errors[:3]}, {args.clients} clients, {args.seconds:.0f} s")
    print(f"latency ms: p50 {pct(0.5):.0f}, p95 {pct(0.95):.0f}, max {pct(1.0):.0f}")
    if args.pid:
        for line in open(f"/proc/{args.pid}/status"):
            if line.startswith(("VmHWM", "VmRSS")):
                print(line.strip())


if __name__ == "__main__":
    main()
