"""Ratchet: the quality newsbot reaches on its annotated sets may not drop.

The floors are the figures reached when they were pinned, less a small margin. Raise them when
the rules improve; never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from bot.nlp.evaluate import (
    SEALED_DIR,
    SEALED_FILES,
    TUNING_DIR,
    TUNING_FILES,
    Report,
    evaluate,
    load_gold,
)

MARGIN = 0.01
# Summary ROUGE is rouge-score's ROUGE-1/2/Lsum F1 ("rl" is Lsum) since the summaries were tuned
# on CNN/DailyMail (docs/summaries.md); the floors below are what that change reached.
# Reached: dev F1 1.000, speakers 1.000, ROUGE-1/2/L 0.769/0.711/0.759 (lead-3 0.616/0.543/0.605);
# held-out (written after tuning) F1 1.000, speakers 0.950 then, 1.000 now, ROUGE 0.816/0.760/0.816.
# Blind sets, written by annotators who never saw the rules, each first scored untouched
# (speakers untouched -> now): blind 0.729 -> 0.957, blind2 0.807 -> 0.992, blind3 0.785 ->
# 0.991, blind4 0.798 -> 0.953, blind5 0.859 -> 0.930, blind6 0.845 -> 0.953, blind7 0.821 ->
# 0.960, blind8 0.884 -> 0.946. Each was tuned on after its untouched score was recorded; what
# they reach now is pinned here. Titles were first scored later (the figures pinned are those
# of that day).
# The sealed set (evalset/sealed/blind9, speakers 0.922 untouched) has no floor: a floor
# would make it a set that changes are tuned against.
FLOORS = {
    "dev.jsonl": {
        "f1": 1.000,
        "speakers": 1.000,
        "r1": 0.777,
        "r2": 0.724,
        "rl": 0.776,
        "titles": 0.978,
    },
    "heldout.jsonl": {
        "f1": 1.000,
        "speakers": 1.000,
        "r1": 0.815,
        "r2": 0.758,
        "rl": 0.815,
        "titles": 0.800,
    },
    "blind.jsonl": {
        "f1": 1.000,
        "speakers": 0.957,
        "r1": 0.519,
        "r2": 0.320,
        "rl": 0.451,
        "titles": 0.843,
    },
    "blind2.jsonl": {
        "f1": 0.996,
        "speakers": 0.992,
        "r1": 0.517,
        "r2": 0.331,
        "rl": 0.457,
        "titles": 0.692,
    },
    "blind3.jsonl": {
        "f1": 0.995,
        "speakers": 0.991,
        "r1": 0.488,
        "r2": 0.261,
        "rl": 0.401,
        "titles": 0.743,
    },
    "blind4.jsonl": {
        "f1": 1.000,
        "speakers": 0.953,
        "r1": 0.543,
        "r2": 0.311,
        "rl": 0.464,
        "titles": 0.767,
    },
    "blind5.jsonl": {
        "f1": 0.985,
        "speakers": 0.930,
        "r1": 0.455,
        "r2": 0.208,
        "rl": 0.362,
        "titles": 0.814,
    },
    "blind6.jsonl": {
        "f1": 0.992,
        "speakers": 0.953,
        "r1": 0.520,
        "r2": 0.324,
        "rl": 0.448,
        "titles": 0.812,
    },
    "blind7.jsonl": {
        "f1": 0.992,
        "speakers": 0.960,
        "r1": 0.486,
        "r2": 0.237,
        "rl": 0.375,
        "titles": 0.832,
    },
    "blind8.jsonl": {
        "f1": 0.992,
        "speakers": 0.946,
        "r1": 0.498,
        "r2": 0.302,
        "rl": 0.453,
        "titles": 0.876,
    },
    # Real news (CC BY / OGL), annotated by hand: the tuning half, first scored untouched at
    # F1 0.679, speakers 0.561, titles 0.439. No reference summaries, so no ROUGE floor.
    "real-uk-odd.jsonl": {"f1": 0.703, "speakers": 0.638, "titles": 0.603},
}


def _figures(report: Report) -> dict[str, float]:
    return {
        "f1": report.f1,
        "speakers": report.speaker_accuracy,
        "titles": report.title_accuracy,
        "r1": report.rouge.r1,
        "r2": report.rouge.r2,
        "rl": report.rouge.rlsum,
    }


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_does_not_drop(name: str) -> None:
    report = evaluate(load_gold(TUNING_DIR / name))
    reached = _figures(report)
    for key, floor in FLOORS[name].items():
        assert reached[key] >= floor - MARGIN, f"{name} {key} fell to {reached[key]:.3f}"


def test_every_tuning_set_has_a_floor_and_no_sealed_set_has_one() -> None:
    assert set(FLOORS) == set(TUNING_FILES)
    assert not set(FLOORS) & set(SEALED_FILES)
    assert all((SEALED_DIR / name).is_file() for name in SEALED_FILES)


def test_summaries_beat_the_lead3_baseline() -> None:
    report = evaluate(load_gold(TUNING_DIR / "dev.jsonl"))
    assert report.rouge.r1 > report.lead3.r1 and report.rouge.rlsum > report.lead3.rlsum


def test_annotated_set_is_big_enough() -> None:
    items = load_gold(TUNING_DIR / "dev.jsonl") + load_gold(TUNING_DIR / "heldout.jsonl")
    assert len(items) >= 40
    assert sum(1 for item in items if item.summary) >= 15
    for item in items:
        text = "\n\n".join(item.paragraphs)
        assert all(q.text in text for q in item.quotes), item.id
