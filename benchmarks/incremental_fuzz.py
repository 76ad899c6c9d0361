"""Long seeded edit sequences: after each edit, does an incremental build (or serve's
rebuild) equal a clean build of the same content, byte for byte?

    PYTHONPATH=$PWD python benchmarks/incremental_fuzz.py [--sites sample newsroom generated]
        [--seeds 1-20] [--steps 40] [--serve [--watch]] [--processes] [--kinds body title ...]

Prints each divergence (the seed and the edits that led to it, and what differed) and
exits 1 if there was any. tests/test_incremental_fuzz.py runs a few short sequences of
the same edits in the suite (tests/edit_sequences.py has the edits and the check).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.edit_sequences import EDITS, SERVE_KINDS, Checker, make_site


def seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", nargs="+", default=["sample", "newsroom", "generated"])
    parser.add_argument("--seeds", type=seeds, default=seeds("1-5"))
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--serve", action="store_true", help="serve's rebuilds, not the CLI's")
    parser.add_argument("--processes", action="store_true", help="each CLI build in a new process")
    parser.add_argument("--watch", action="store_true", help="with --serve: its watcher sees saves")
    parser.add_argument("--kinds", nargs="+", choices=sorted(EDITS))
    args = parser.parse_args()
    kinds = tuple(args.kinds or (SERVE_KINDS if args.serve else EDITS))
    found = 0
    for name in args.sites:
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as tmp:
                site = make_site(name, Path(tmp) / "site", seed)
                checker = Checker(
                    site, Path(tmp), seed, kinds, args.serve, args.processes, args.watch
                )
                divergences = checker.run(args.steps)
                if checker.server is not None:
                    checker.server.stop()
            undone = checker.log.count("undone")
            print(
                f"{name} seed {seed}: {len(checker.log)} edits ({undone} failed and undone), "
                f"{len(divergences)} divergences"
            )
            for d in divergences:
                print("  " + d[:3000])
            found += len(divergences)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
