"""What a reader's first search downloads, on built sites (issues 19 and 20).

    python benchmarks/search_bench.py OUTPUT [OUTPUT ...]
    python benchmarks/search_bench.py --events 1000,10000      (generate.py, then build)

For each built output folder: the search index's size and number of files, its largest
shard, and the bytes a first search fetches for a few queries, typed a letter at a time
as site.js fetches them: the manifest, the shard of each word typed so far (words of two
letters or more) and the record chunks of each query's first page of 8 results (and,
pasted at once, the same for the whole query alone). The
ranking is site.js's, here in Python, so the chunks are the ones the browser asks for
(tests/test_search_browser.py measures the same in Chromium, with Playwright's response
events, on a few hundred events).

The queries are drawn from the index itself, so that any corpus has them: the word with
the most documents, the commonest of the largest shard (the largest download a word can
cost), a word of median frequency, a
person's name and an event's title's first two words.

Run it with the Python that has sitegen installed (it imports sitegen.search).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import search  # noqa: E402

PAGE = 8


class Index:
    """A built index, read as site.js reads it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest: dict[str, Any] = json.loads((folder / search.INDEX_PATH).read_text())

    def shard_paths(self, term: str) -> list[str]:
        """The files of a term's shard: its parts on a large index (see search.py)."""
        shard = search.shard_of(term, self.manifest["shards"])
        per = self.manifest.get("part") or max(self.manifest["docs"], 1)
        return [search.shard_path(shard, k) for k in range(-(-self.manifest["docs"] // per) or 1)]

    def matches(self, term: str, shard: list[tuple[str, list[int]]]) -> dict[int, int]:
        scores: dict[int, int] = {}
        prefix = len(term) >= self.manifest["prefix"]
        for word, row in shard:
            exact = word == term
            if not exact and not (prefix and word.startswith(term)):
                continue
            doc = -1
            for value in row:
                doc += value >> 2
                where = value & 3
                score = 4 if where == 2 else 1 if where == 1 else 12
                if where == 3:
                    score += (2 if exact else 0) + (2 if doc >= self.manifest["events"] else 0)
                scores[doc] = max(scores.get(doc, 0), score)
        return scores

    def first_search(self, query: str, typed: bool = True) -> tuple[int, int]:
        """(bytes, results) of a first search for `query`, typed a letter at a time (or
        pasted at once)."""
        fetched = {search.INDEX_PATH}
        hits = 0
        for typed_so_far in range(1 if typed else len(query), len(query) + 1):
            terms = list(dict.fromkeys(t for t in search.words(query[:typed_so_far]) if len(t) > 1))
            if not terms:
                continue
            paths = [self.shard_paths(t) for t in terms]
            fetched.update(p for mine in paths for p in mine)
            shards = [
                [item for p in mine for item in json.loads((self.folder / p).read_text()).items()]
                for mine in paths
            ]
            total = self.matches(terms[0], shards[0])
            for term, shard in zip(terms[1:], shards[1:], strict=True):
                more = self.matches(term, shard)
                total = {d: s + more[d] for d, s in total.items() if d in more}
            ranked = sorted(total, key=lambda d: (-total[d], d))
            per = self.manifest["per"]
            fetched.update(search.RECORD_PATH.format(d // per) for d in ranked[:PAGE])
            hits = len(ranked)
        size = sum((self.folder / p).stat().st_size for p in fetched)
        return size, hits

    def queries(self) -> dict[str, str]:
        """Queries any corpus has: from its own words and records."""
        counts: dict[str, int] = {}
        for path in (self.folder / "search/w").glob("*.json"):
            for word, row in json.loads(path.read_text()).items():
                counts[word] = counts.get(word, 0) + len(row)
        by_count = sorted(counts, key=lambda w: (counts[w], w))
        records = json.loads((self.folder / search.RECORD_PATH.format(0)).read_text())
        person = next(
            (
                r
                for p in sorted((self.folder / "search/r").glob("*.json"))
                for r in _read(p)
                if r[0] == "p"
            ),
            None,
        )
        largest = max((self.folder / "search/w").glob("*.json"), key=lambda p: p.stat().st_size)
        in_largest = json.loads(largest.read_text())
        out = {
            "most common word": by_count[-1],
            "the largest shard's commonest word": max(in_largest, key=lambda w: len(in_largest[w])),
            "median word": by_count[len(by_count) // 2],
            "event title": " ".join(records[0][1].split()[:2]),
        }
        if person is not None:
            out["person"] = person[1]
        return out


def _read(path: Path) -> list[list[str]]:
    data: list[list[str]] = json.loads(path.read_text())
    return data


def report(out: Path) -> dict[str, Any]:
    index = Index(out)
    files = sorted((out / "search").rglob("*.json"))
    shards = [p for p in files if p.parent.name == "w"]
    result: dict[str, Any] = {
        "site": str(out),
        "documents": index.manifest["docs"],
        "index_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "largest_shard_bytes": max(p.stat().st_size for p in shards),
        "first_search": {},
    }
    for label, query in index.queries().items():
        size, hits = index.first_search(query)
        pasted, _ = index.first_search(query, typed=False)
        result["first_search"][label] = {
            "query": query,
            "bytes": size,
            "pasted_bytes": pasted,
            "results": hits,
        }
    return result


def build(events: int, scratch: Path) -> Path:
    site = scratch / f"site-{events}"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/generate.py"), str(site), "--events", str(events)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    out = site / "output"
    cmd = [sys.executable, "-m", "sitegen", "build", str(site), "--clean", "--quiet"]
    subprocess.run([*cmd, "--output", str(out)], check=True, cwd=ROOT)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outputs", nargs="*", type=Path, help="built output folders")
    ap.add_argument("--events", default="", help="generate and build these sizes, e.g. 1000,10000")
    ap.add_argument("--json", type=Path, help="write the results here too")
    args = ap.parse_args()
    outputs = list(args.outputs)
    with tempfile.TemporaryDirectory() as tmp:
        for n in filter(None, args.events.split(",")):
            outputs.append(build(int(n), Path(tmp)))
        results = [report(out) for out in outputs]
    for r in results:
        print(
            f"{r['site']}: {r['documents']} documents, index {r['index_bytes'] / 1e6:.2f} MB "
            f"in {r['files']} files, largest shard {r['largest_shard_bytes'] / 1000:.1f} KB"
        )
        for label, q in r["first_search"].items():
            print(
                f"  first search, {label} ({q['query']!r}, {q['results']} results): "
                f"{q['bytes'] / 1000:.1f} KB typed, {q['pasted_bytes'] / 1000:.1f} KB pasted"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
