"""Turn a CNN/DailyMail CSV (columns id, article, highlights) into ``newsbot eval --summaries``
JSON lines, split into a tuning part and a sealed part (docs/summaries.md).

    python scripts/summary_sets.py CSV OUT_DIR [--name NAME] [--all-sealed]

The split is decided by the article id alone (a SHA-1 of the story's URL): ids whose first hex
digit is 0-7 go to ``NAME-tune.jsonl``, the others to ``NAME-sealed.jsonl``. It never depends on
the text, so it cannot be nudged by what the rules get right. ``--all-sealed`` writes every row
to the sealed file (for a set kept wholly unseen). The highlights become the reference, one
highlight per line (the ROUGE-Lsum convention).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path


def _reference(highlights: str) -> str:
    return "\n".join(line.strip() for line in highlights.splitlines() if line.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--name", default="cnndm")
    parser.add_argument("--all-sealed", action="store_true")
    args = parser.parse_args(argv)
    csv.field_size_limit(sys.maxsize)
    parts: dict[str, list[str]] = {"tune": [], "sealed": []}
    with args.csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            item = {
                "id": row["id"],
                "text": row["article"],
                "reference": _reference(row["highlights"]),
            }
            part = "sealed" if args.all_sealed or row["id"][:1] in "89abcdef" else "tune"
            parts[part].append(json.dumps(item, ensure_ascii=False) + "\n")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for part, lines in parts.items():
        if lines:
            (args.out_dir / f"{args.name}-{part}.jsonl").write_text("".join(lines), "utf-8")
    print(f"{len(parts['tune'])} tuning, {len(parts['sealed'])} sealed articles in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
