"""The benchmark figures' one home: results.json and the table generated from it."""

from __future__ import annotations

import json
from pathlib import Path

from bench import results


def test_a_run_replaces_its_own_entry_and_regenerates_the_table(tmp_path: Path) -> None:
    store = tmp_path / "results.json"
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nintro\n", encoding="utf-8")
    results.describe("digest", "10 synthetic articles")
    results.record("digest", "warm p50", "12 ms", "200 ms target")
    assert results.save(quick=False, path=store, doc=doc) == ["digest"]
    results.record("digest", "warm p50", "15 ms", "200 ms target")
    results.save(quick=False, path=store, doc=doc)

    data = json.loads(store.read_text(encoding="utf-8"))
    assert [f["value"] for f in data["digest"]["figures"]] == ["15 ms"]
    table = doc.read_text(encoding="utf-8")
    assert "intro" in table
    assert "| 15 ms |" in table and "12 ms" not in table
    assert table.count("bench:table:begin") == 1


def test_quick_runs_never_reach_the_table(tmp_path: Path) -> None:
    store = tmp_path / "results.json"
    doc = tmp_path / "benchmarks.md"
    results.record("nlp", "articles/s", "700")
    assert results.save(quick=True, path=store, doc=doc) == ["nlp --quick"]
    assert "700" not in doc.read_text(encoding="utf-8")
