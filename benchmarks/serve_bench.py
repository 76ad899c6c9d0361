"""How long from an editor's save to the browser's reload, on a generated site.

    python benchmarks/serve_bench.py [--events 1000] [--large] [--saves 20] [--edit body]
                                     [--corpus standard|varied]

Generates a site with benchmarks/generate.py, or generate_varied.py for --corpus varied
(cached under the scratch folder), starts
`sitegen serve` in-process on a free loopback port, connects as livereload.js does (the
websocket protocol), then saves one event file at a time and times each save to the
`reload` message. Prints the median and p95, and how much of that the rebuild itself took
(the rest is the watcher's grouping of a burst and the message on its way).

Targets (issue 4): at 1,000 events median < 150 ms and p95 < 300 ms; at 10,000 (--large)
median < 500 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websocket

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sitegen.serve import PROTOCOL, PreviewServer  # noqa: E402

TARGETS = {1000: (0.150, 0.300), 10000: (0.500, None)}
EDITS = {
    # a sentence typed into the body: the event's page is re-rendered
    "body": lambda text, i: text.rstrip("\n") + f"\n\nEdited in save {i}.\n",
    # a new title: the timeline, neighbours, people's and countries' pages as well
    "title": lambda text, i: text.replace('title: "', f'title: "Save {i}: ', 1),
}


GENERATORS = {"standard": "generate.py", "varied": "generate_varied.py"}


def site_for(events: int, seed: int, corpus: str = "standard") -> Path:
    name = f"site-{events}-{seed}" + ("" if corpus == "standard" else f"-{corpus}")
    root = Path(tempfile.gettempdir()) / "sitegen-serve-bench" / name
    if not (root / "content").is_dir():
        subprocess.run(
            [sys.executable, str(HERE / GENERATORS[corpus]), str(root), "--events", str(events),
             "--seed", str(seed), "--force"],
            check=True,
        )  # fmt: skip
    return root


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench(
    events: int, saves: int, edit: str, seed: int, pause: float, corpus: str = "standard"
) -> dict[str, float]:
    root = site_for(events, seed, corpus)
    files = sorted((root / "content" / "events").rglob("*.md"))
    originals = {f: f.read_text(encoding="utf-8") for f in files}
    picked = [files[(i * 7919) % len(files)] for i in range(saves)]
    t = time.perf_counter()
    server = PreviewServer(root, port=0, today=dt.date(2026, 11, 27), echo=lambda _: None)
    server.start()
    first = time.perf_counter() - t
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/livereload", timeout=60)
    latencies: list[float] = []
    builds: list[float] = []
    try:
        ws.send(json.dumps({"command": "hello", "protocols": [PROTOCOL]}))
        assert json.loads(ws.recv())["command"] == "hello"
        for i, path in enumerate(picked):
            text = EDITS[edit](originals[path], i)
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            message = json.loads(ws.recv())
            latencies.append(time.perf_counter() - start)
            assert message["command"] == "reload", message
            assert server.last is not None and server.last.ok
            builds.append(server.last.seconds)
            path.write_text(originals[path], encoding="utf-8")  # put it back
            json.loads(ws.recv())
            time.sleep(pause)
    finally:
        ws.close()
        server.stop()
        for path, text in originals.items():
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
    return {
        "first_build": first,
        "median": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
        "build_median": statistics.median(builds),
        "pages": float(len(server.snapshot.pages)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--large", action="store_true", help="also 10,000 events")
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--edit", choices=sorted(EDITS), default="body")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", choices=sorted(GENERATORS), default="standard")
    ap.add_argument("--pause", type=float, default=0.2, help="seconds between saves")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    sizes = [args.events] + ([10000] if args.large and args.events != 10000 else [])
    missed = False
    for n in sizes:
        r = bench(n, args.saves, args.edit, args.seed, args.pause, args.corpus)
        target = TARGETS.get(n)
        verdict = ""
        if target:
            ok = r["median"] < target[0] and (target[1] is None or r["p95"] < target[1])
            missed |= not ok
            p95 = f", p95 < {target[1] * 1000:.0f} ms" if target[1] else ""
            verdict = (
                f"  target median < {target[0] * 1000:.0f} ms{p95}: {'met' if ok else 'MISSED'}"
            )
        print(
            f"serve, {args.corpus} {n} events ({int(r['pages'])} files), "
            f"{args.saves} {args.edit} saves: "
            f"save -> reload median {r['median'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
            f"max {r['max'] * 1000:.0f} ms (rebuild median {r['build_median'] * 1000:.0f} ms; "
            f"first build {r['first_build']:.1f} s){verdict}",
            flush=True,
        )
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
