"""A tiny corpus laid out like PolNeAR, written for these tests (no PolNeAR text)."""

from __future__ import annotations

from pathlib import Path

TEXT = (
    "Harbour plan splits council.\n\n"
    '"We will not sell the harbour," Mayor Ines Varga said on Monday.\n\n'
    "Varga called the offer ''an insult to the town'' and left early.\n\n"
    "The opposition leader, Piet Roos, said the town needed the money.\n\n"
    '"It is a good offer," he said.\n\n'
    "“The port stays ours. The ships stay too,” Roos added.\n"
)


def _span(text: str, part: str) -> str:
    start = text.index(part)
    return f"{start} {start + len(part)}"


def _ann(text: str) -> str:
    rows = [
        ("T1", "Source", "Mayor Ines Varga"),
        ("T2", "Cue", "said on Monday"),
        ("T3", "Content", "We will not sell the harbour,"),  # marks outside the content
        ("T4", "Source", "Varga"),
        ("T5", "Cue", "called"),
        ("T6", "Content", "the offer ''an insult to the town''"),
        ("T7", "Source", "he"),
        ("T8", "Cue", "said"),
        ("T9", "Content", '"It is a good offer,"'),
        ("T10", "Source", "Piet Roos"),
        ("T11", "Cue", "said"),
        ("T12", "Content", "the town needed the money"),  # paraphrase: no quote
        # One quotation annotated sentence by sentence: two events, one source.
        ("T13", "Source", "Roos"),
        ("T14", "Cue", "added"),
        ("T15", "Content", "The port stays ours."),
        ("T16", "Content", "The ships stay too,"),
    ]
    lines = [f"{key}\t{kind} {_span(text, part)}\t{part}" for key, kind, part in rows]
    lines += [
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
        "E3\tAttribution:T8 Source:T7 Cue:T8 Content:T9",
        "E4\tAttribution:T11 Source:T10 Cue:T11 Content:T12",
        "E5\tAttribution:T14 Source:T13 Cue:T14 Content:T15",
        "E6\tAttribution:T14 Source:T13 Cue:T14 Content:T16",
    ]
    return "\n".join(lines) + "\n"


def make_corpus(root: Path, splits: tuple[str, ...] = ("train", "dev", "test")) -> Path:
    for split in splits:
        folder = root / "data" / split
        (folder / "text").mkdir(parents=True)
        (folder / "attributions").mkdir()
        (folder / "text" / "harbour_2016-01-01_plan.txt").write_text(TEXT, encoding="utf-8")
        ann = folder / "attributions"
        (ann / "harbour_2016-01-01_plan_aaaa.ann").write_text(_ann(TEXT), encoding="utf-8")
        # A second annotator of the same article: the first suffix in order is the one read.
        (ann / "harbour_2016-01-01_plan_bbbb.ann").write_text("", encoding="utf-8")
    return root
