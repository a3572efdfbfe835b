"""``newsbot eval``: quote and speaker quality on the project's sets and on real news.

Without options it scores the packaged sets (bot/nlp/evalset): the tuning sets in full and
the sealed sets as totals only. ``--polnear DIR`` scores a PolNeAR checkout instead (train by
default; ``--split test`` only with ``--sealed``, and then totals only). ``--misses`` lists
what went wrong, grouped by the speaker rule that decided it, for tuning data only.
``--summaries FILE`` scores summaries against human ones instead (docs/summaries.md).
``--format json`` prints one JSON object per set.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.cli.output import FORMAT_OPTION, echo_json, missing
from bot.errors import CommandError
from bot.nlp.polnear import SEALED_SPLIT, SPLITS

# The scoring modules load the whole NLP core; each command imports them when it runs, so
# `newsbot --help` does not pay for them.
if TYPE_CHECKING:
    from bot.nlp.evaluate import Report
    from bot.nlp.realscore import Miss, RealReport

_SHOWN_PER_RULE = 40  # misses printed under each rule; the count says how many there are


def _print_misses(misses: list[Miss]) -> None:
    from bot.nlp.realscore import group_misses

    for rule, group in group_misses(misses):
        click.echo(f"  rule {rule}: {len(group)}")
        for miss in group[:_SHOWN_PER_RULE]:
            got = f" got {miss.got!r}" if miss.kind not in ("missed quote",) else ""
            evidence = f" [{miss.evidence}]" if miss.evidence else ""
            click.echo(
                f"    {miss.article}: {miss.kind}: {miss.quote[:60]!r} gold {miss.gold!r}"
                f"{got}{evidence}"
            )


def _miss_json(miss: Miss) -> dict[str, Any]:
    return dataclasses.asdict(miss)


def _eval_polnear(
    root: str, split: str, sealed: bool, misses: bool, fmt: str, resolved: str | None
) -> None:
    if split == SEALED_SPLIT and misses:
        raise CommandError("the test split is sealed: no misses are printed for it")
    from bot.nlp.explain import predict_for_scoring
    from bot.nlp.polnear import load_polnear
    from bot.nlp.realscore import format_real, score_real

    articles = load_polnear(Path(root), split, sealed=sealed)
    name = f"polnear {split}"
    if resolved:
        from bot.nlp.polnear_resolved import apply_resolutions, load_resolutions

        articles, used = apply_resolutions(articles, load_resolutions(Path(resolved)))
        name += f" ({used} pronoun sources resolved by hand)"
    report = score_real(articles, predict_for_scoring)
    totals_only = split == SEALED_SPLIT
    if fmt == "json":
        echo_json(_real_json(name, report, totals_only, misses))
        return
    click.echo(format_real(name, report, totals_only=totals_only))
    if misses:
        _print_misses(report.misses)


def _real_json(name: str, report: RealReport, totals_only: bool, misses: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "set": name,
        "sealed": totals_only,
        "articles": len(report.rows),
        "quotes": {
            "gold": report.total(1),
            "found": report.total(0),
            "precision": report.precision,
            "recall": report.recall,
            "f1": report.f1,
        },
        "speakers": {
            "accuracy": report.speaker_accuracy,
            "paired": report.total(3),
            "nameable_accuracy": report.nameable_accuracy,
            "nameable_paired": report.total(5),
        },
    }
    if not totals_only:
        out["errors"] = dict(report.kinds)
    if misses and not totals_only:
        out["misses"] = [_miss_json(miss) for miss in report.misses]
    return out


def _eval_summaries(summary_sets: tuple[str, ...], fmt: str) -> None:
    from bot.nlp.summary_eval import format_summary_report, load_summary_set, score_summaries

    for name in summary_sets:
        path = Path(name)
        if not path.is_file():
            raise CommandError(missing(path))
        scored = score_summaries(path.stem, load_summary_set(path))
        if fmt == "json":
            echo_json(scored.as_json())
        else:
            click.echo(format_summary_report(scored))


def _eval_sets(golds: tuple[str, ...], misses: bool, fmt: str) -> None:
    from bot.nlp.evaluate import (
        SEALED_DIR,
        SEALED_FILES,
        TUNING_DIR,
        TUNING_FILES,
        evaluate,
        format_report,
        load_gold,
    )

    given = [Path(g) for g in golds]
    for path in given:
        if not path.is_file():
            raise CommandError(missing(path))
    tuning = [TUNING_DIR / name for name in TUNING_FILES]
    sealed_sets = {(SEALED_DIR / name).resolve() for name in SEALED_FILES}
    for path in given or [*tuning, *sorted(sealed_sets)]:
        sealed = path.resolve() in sealed_sets
        report = evaluate(load_gold(path))
        if fmt == "json":
            echo_json(_set_json(path.stem, report, sealed, misses))
            continue
        click.echo(format_report(path.stem, report, totals_only=sealed))
        if misses and not sealed:
            _print_misses(report.real_misses)


def _set_json(name: str, report: Report, sealed: bool, misses: bool) -> dict[str, Any]:
    """One JSON line per annotated set: the figures ``format_report`` shows."""
    out: dict[str, Any] = {
        "set": name,
        "sealed": sealed,
        "articles": report.articles,
        "quotes": {
            "gold": report.gold,
            "found": report.predicted,
            "precision": report.precision,
            "recall": report.recall,
            "f1": report.f1,
        },
        "speakers": {"accuracy": report.speaker_accuracy, "matched": report.matched},
        "titles": {"accuracy": report.title_accuracy},
        "summaries": {
            "articles": report.summaries,
            "newsbot": report.rouge.as_json(),
            "lead3": report.lead3.as_json(),
        },
    }
    if misses and not sealed:
        out["misses"] = [_miss_json(miss) for miss in report.real_misses]
    return out


@click.command("eval")
@click.option(
    "--gold",
    "golds",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Annotated JSONL file(s); default: the packaged tuning and sealed sets.",
)
@click.option(
    "--summaries",
    "summary_sets",
    multiple=True,
    type=click.Path(dir_okay=False),
    help='Score summaries on JSON lines {"id", "text", "reference"}: ROUGE-1/2/Lsum F1 of '
    "newsbot and of lead-3 side by side.",
)
@click.option(
    "--polnear",
    "polnear",
    type=click.Path(file_okay=False, exists=True),
    help="Score a PolNeAR checkout (github:networkdynamics/PolNeAR) instead.",
)
@click.option(
    "--split",
    type=click.Choice(SPLITS),
    default="train",
    show_default=True,
    help="PolNeAR split; test is sealed and needs --sealed.",
)
@click.option("--sealed", is_flag=True, help="Allow the sealed PolNeAR test split (totals only).")
@click.option(
    "--resolved",
    type=click.Path(dir_okay=False, exists=True),
    help='With --polnear: JSON lines {"key": "ARTICLE:START", "speaker": NAME}, pronoun '
    "sources resolved by hand, used instead of CoreNLP's coreference for those quotes.",
)
@click.option("--misses", is_flag=True, help="List misses, grouped by the rule that decided them.")
@FORMAT_OPTION
def eval_command(
    golds: tuple[str, ...],
    summary_sets: tuple[str, ...],
    polnear: str | None,
    split: str,
    sealed: bool,
    resolved: str | None,
    misses: bool,
    fmt: str,
) -> None:
    """Quote precision/recall/F1, speaker (and title) accuracy with 95% intervals, ROUGE."""
    if summary_sets:
        if golds or polnear or misses:
            raise click.UsageError(
                "--summaries cannot be combined with --gold, --polnear or --misses"
            )
        _eval_summaries(summary_sets, fmt)
        return
    if polnear is not None:
        if golds:
            raise click.UsageError("give either --gold or --polnear, not both")
        _eval_polnear(polnear, split, sealed, misses, fmt, resolved)
        return
    if sealed or split != "train" or resolved:
        raise click.UsageError("--split, --sealed and --resolved go with --polnear")
    _eval_sets(golds, misses, fmt)
