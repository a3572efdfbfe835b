"""Why each quote got its speaker: the lines ``newsbot quotes --explain`` prints, and the
predictions the evaluation scores (each with the rule that decided it, for ``--misses``)."""

from __future__ import annotations

from typing import Any

from bot.nlp.attribution import Attribution
from bot.nlp.quotes import ExplainedQuote, explain_quotes
from bot.nlp.realscore import Predicted

_EVIDENCE_CHARS = 80


def predict_quotes(text: str) -> list[ExplainedQuote]:
    return explain_quotes(text)


def evidence_of(text: str, att: Attribution) -> str:
    """The words the attribution was read from, on one line."""
    if att.evidence is None:
        return ""
    start, end = att.evidence
    return " ".join(text[start:end].split())[:_EVIDENCE_CHARS]


def predict_for_scoring(text: str) -> list[Predicted]:
    out = []
    for e in explain_quotes(text):
        evidence = evidence_of(text, e.decided_by)
        out.append(Predicted(e.quote.start, e.quote.end, e.quote.speaker, e.rule, evidence))
    return out


def _candidate(text: str, att: Attribution) -> dict[str, Any]:
    return {
        "rule": str(att.rule),
        "speaker": att.speaker,
        "title": att.title,
        "resolved": str(att.resolved),
        "evidence": evidence_of(text, att),
    }


def explain_json(text: str, e: ExplainedQuote) -> dict[str, Any]:
    """A quote's JSON (as ``Quote.as_json``) with the rule, its evidence and the candidates."""
    return {
        **e.quote.as_json(),
        "rule": str(e.rule),
        "resolved": str(e.decided_by.resolved),
        "evidence": evidence_of(text, e.decided_by),
        "antecedent": antecedent_of(text, e.decided_by) or None,
        "candidates": [_candidate(text, c) for c in e.candidates],
    }


def antecedent_of(text: str, att: Attribution) -> str:
    """For a pronoun: the mention it went to and why ("Sandy Phillips" (the last speaker or
    subject before its paragraph)); empty otherwise."""
    if att.antecedent is None:
        return ""
    start, end = att.antecedent
    return f'"{" ".join(text[start:end].split())}" ({att.antecedent_why})'


def explain_lines(text: str, e: ExplainedQuote) -> list[str]:
    """Indented lines under a quote: the winning rule and evidence, the mention a pronoun
    went to, then every candidate."""
    lines = [
        f"    rule {e.rule} ({e.decided_by.resolved}); evidence: "
        f"{evidence_of(text, e.decided_by) or '-'}"
    ]
    referent = antecedent_of(text, e.decided_by)
    if referent:
        lines.append(f"    pronoun refers to {referent}")
    for c in e.candidates:
        who = ", ".join(x for x in (c.speaker, c.title) if x) or "no speaker"
        lines.append(f"    candidate {c.rule}: {who} ({c.resolved}) [{evidence_of(text, c)}]")
    return lines
