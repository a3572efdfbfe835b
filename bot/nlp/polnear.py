"""Read the PolNeAR attribution corpus as gold direct quotes with their annotated sources.

PolNeAR (github:networkdynamics/PolNeAR, no licence, never copied into this repository) marks
every attribution in ~1,000 US political articles as brat stand-off spans: a Source, a Cue
and a Content, each possibly in several pieces. Most contents are paraphrase; only the parts
of a content between double quote marks are direct quotes, which is all newsbot claims to find.

Conversion, per attribution:

* each Content piece is widened to take in a quote mark (and punctuation) just outside it,
  because annotators differ on whether the marks belong to the content;
* inside the widened piece, double quote marks are paired (curly marks by shape, straight
  marks alternately); an opening mark with no close runs to the end of the piece;
* each quoted stretch is cut at paragraph breaks and trimmed of spaces, which is newsbot's
  span convention (the content between the marks, punctuation inside kept);
* a short stretch with every word capitalised ("Back to the Future", a nickname) is a title
  or a name, not a quote, and is left out (one ending in ".", "!" or "?" is kept: a chant);
* the speaker is the Source text (pieces joined by a space), None for "no source".

An article annotated by several annotators (files ``<name>_<annotator>.ann``) is read from
the annotator whose suffix sorts first, so every run reads the same gold.

When the corpus's CoreNLP files are there, a source with no proper name in it ("he", "the
campaign") also gets the proper-noun mentions of its CoreNLP coreference chain, so a speaker
resolved to the person's name can be scored (see ``realscore.py``).

The ``test`` split is sealed: :func:`load_polnear` refuses it unless ``sealed=True``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from bot.errors import CommandError, ReadError
from bot.nlp.lexicon import TITLE_SMALL_WORDS

SPLITS = ("train", "dev", "test")
SEALED_SPLIT = "test"
_OPEN = "“"
_CLOSE = "”"
# Two apostrophes stand for a straight double mark in some papers' copy (''like this'').
_MARKS = re.compile(r"''|[\"“”]")
_DOUBLE_APOSTROPHE = "''"
_SPAN = re.compile(r"^(\d+) (\d+)$")
_EDGE = 3  # characters a quote mark may stand outside the annotated content
_PRONOUNS = frozenset("he she they it we i you him her them his its their".split())


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    text: str
    source: str | None
    # Proper-noun mentions coreferent with the source (CoreNLP), for pronouns and descriptions.
    coref: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass(frozen=True, slots=True)
class _Span:
    kind: str
    pieces: tuple[tuple[int, int], ...]


def _read_ann(path: Path) -> tuple[dict[str, _Span], list[dict[str, str]]]:
    """The text-bound spans (``T`` lines) and attribution events (``E`` lines) of one file."""
    spans: dict[str, _Span] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue  # the rest of an annotated text that ran over a line break
        key, body = fields[0], fields[1]
        if key.startswith("T") and key[1:].isdigit():
            kind, _, where = body.partition(" ")
            pieces = [_SPAN.match(p.strip()) for p in where.split(";")]
            if all(pieces):
                spans[key] = _Span(kind, tuple((int(m[1]), int(m[2])) for m in pieces if m))
        elif key.startswith("E") and key[1:].isdigit():
            roles = dict(part.split(":", 1) for part in body.split() if ":" in part)
            events.append({role.split("-")[0]: ref for role, ref in roles.items()})
    return spans, events


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The content piece with a quote mark just outside it taken in."""
    for k in range(start - 1, max(-1, start - 1 - _EDGE), -1):
        if text[k] in '"“' or text[k - 1 : k + 1] == _DOUBLE_APOSTROPHE:
            start = k - (text[k] == "'")
            break
        if not text[k].isspace():
            break
    for k in range(end, min(len(text), end + _EDGE)):
        if text[k] in '"”' or text[k : k + 2] == _DOUBLE_APOSTROPHE:
            end = k + (2 if text[k] == "'" else 1)
            break
        if text[k].isalnum() or text[k] in "\n“":
            break
    return start, end


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches between paired double marks in ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _MARKS.finditer(text, start, end):
        mark, pos = m.group(), m.start()
        opening = mark == _OPEN or (mark in ('"', _DOUBLE_APOSTROPHE) and opened is None)
        if opening:
            opened = m.end() if opened is None or mark == _OPEN else opened
        elif opened is not None:
            out.append((opened, pos))
            opened = None
        elif mark == _CLOSE and not out:
            out.append((start, pos))  # the opening mark stood before the piece
    if opened is not None:
        out.append((opened, end))
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at paragraph breaks and trimmed: newsbot's span convention."""
    out = []
    for piece in re.finditer(r"[^\n]+", text[start:end]):
        s, e = start + piece.start(), start + piece.end()
        while s < e and (text[s].isspace() or text[s] in '"“”' or text[s : s + 2] == "''"):
            s += 2 if text[s] == "'" else 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in '"“”' or text[e - 2 : e] == "''"):
            e -= 2 if text[e - 1] == "'" else 1
        if s < e:
            out.append((s, e))
    return out


_TITLE_WORDS = 5


def _is_title(quote: str) -> bool:
    words = quote.split()
    if not words or len(words) > _TITLE_WORDS or quote[-1] in ".!?":
        return False
    return all(w[:1].isupper() or w in TITLE_SMALL_WORDS or not w[:1].isalpha() for w in words)


def _needs_coref(source: str) -> bool:
    """A source with no proper name in it: "he", "the campaign", "officials"."""
    words = source.split()
    if not words:
        return False
    if words[0].lower() in _PRONOUNS:
        return True
    return not any(w[:1].isupper() for w in words[1:]) and not words[0][:1].isupper()


def _article_quotes(text: str, ann: Path) -> list[tuple[int, int, str | None, tuple[int, int]]]:
    spans, events = _read_ann(ann)
    found: dict[tuple[int, int], tuple[str | None, tuple[int, int]]] = {}
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source_span = spans.get(event.get("Source", ""))
        source = None
        where = (0, 0)
        if source_span is not None:
            source = " ".join(" ".join(text[s:e].split()) for s, e in source_span.pieces)
            where = (source_span.pieces[0][0], source_span.pieces[-1][1])
        for start, end in content.pieces:
            wide = _widen(text, start, end)
            for q_start, q_end in _quoted(text, *wide):
                for part in _parts(text, q_start, q_end):
                    if not _is_title(text[part[0] : part[1]]):
                        found.setdefault(part, (source or None, where))
    return _merge_split_sentences(
        text, [(s, e, src, w) for (s, e), (src, w) in sorted(found.items())]
    )


def _merge_split_sentences(
    text: str, quotes: list[tuple[int, int, str | None, tuple[int, int]]]
) -> list[tuple[int, int, str | None, tuple[int, int]]]:
    """One quotation annotated sentence by sentence (two events, one source) is one quote:
    parts with the same source and only spaces between them, no mark, no line break."""
    out: list[tuple[int, int, str | None, tuple[int, int]]] = []
    for quote in quotes:
        if out:
            s, e, src, where = out[-1]
            gap = text[e : quote[0]]
            if src == quote[2] and (not gap or gap.isspace()) and "\n" not in gap:
                out[-1] = (s, quote[1], src, where)
                continue
        out.append(quote)
    return out


_TOKEN = re.compile(
    r'<token id="(\d+)">.*?<CharacterOffsetBegin>(\d+)<.*?<CharacterOffsetEnd>(\d+)<'
    r".*?<POS>([^<]*)<",
    re.S,
)
_MENTION = re.compile(
    r"<mention[^>]*>\s*<sentence>(\d+)</sentence>\s*<start>(\d+)</start>\s*"
    r"<end>\d+</end>\s*<head>(\d+)</head>\s*<text>([^<]*)</text>"
)


# CoreNLP writes brackets as Penn Treebank tokens, "Rep. Elijah Cummings -LRB- D-Md . -RRB-".
_PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PTB_TOKEN = re.compile("|".join(map(re.escape, _PTB_BRACKETS)))


def plain_mention(xml_text: str) -> str:
    """A CoreNLP mention as printed text: entities unescaped and brackets given back, so the
    scorer reads "Rep. Elijah Cummings ( D-Md . )" as the name before a bracket."""
    return _PTB_TOKEN.sub(lambda m: _PTB_BRACKETS[m[0]], html.unescape(xml_text))


def _coref_names(xml_path: Path, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], list[str]]:
    """For each source span in ``wanted``, the proper-noun mentions of its coreference chain.

    The CoreNLP files are large (about 1 MB an article) and regular, so they are scanned with
    two regular expressions instead of being parsed into a tree.
    """
    try:
        xml = xml_path.read_text(encoding="utf-8")
    except OSError:
        return {}
    cut = xml.find("<coreference>")
    if cut < 0:
        return {}
    offsets: dict[tuple[int, int], tuple[int, int, str]] = {}
    sentence = 0
    for m in _TOKEN.finditer(xml, 0, cut):
        token = int(m[1])
        sentence += token == 1
        offsets[(sentence, token)] = (int(m[2]), int(m[3]), m[4])
    out: dict[tuple[int, int], list[str]] = {}
    for chain in xml[cut:].split("<coreference>")[2:]:
        mentions = []
        for m in _MENTION.finditer(chain):
            sid = int(m[1])
            first, head = offsets.get((sid, int(m[2]))), offsets.get((sid, int(m[3])))
            if first and head:
                mentions.append((first[0], head[1], head[2], plain_mention(m[4])))
        names = [t for _, _, pos, t in mentions if pos.startswith("NNP")]
        if not names:
            continue
        for span in wanted:
            if any(s < span[1] and span[0] < e for s, e, _, _ in mentions):
                out.setdefault(span, []).extend(names)
    return out


def _pick_annotations(folder: Path) -> dict[str, Path]:
    """Article name -> its first annotator's .ann file (suffixes sorted)."""
    chosen: dict[str, Path] = {}
    for ann in sorted(folder.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    return chosen


def split_dir(root: Path, split: str, *, sealed: bool = False) -> Path:
    """The folder of ``split`` under the corpus ``root`` (its top or its ``data`` folder)."""
    if split not in SPLITS:
        raise CommandError(f"unknown PolNeAR split {split!r}: use one of {', '.join(SPLITS)}")
    if split == SEALED_SPLIT and not sealed:
        raise CommandError("the PolNeAR test split is sealed: pass --sealed to score it (totals)")
    for base in (root / "data", root):
        if (base / split / "text").is_dir() and (base / split / "attributions").is_dir():
            return base / split
    raise ReadError(str(root), f"no PolNeAR {split} split here (expected data/{split}/text)")


def load_polnear(root: Path, split: str, *, sealed: bool = False) -> list[PolnearArticle]:
    """The articles of one split with their gold direct quotes, in file-name order."""
    folder = split_dir(root, split, sealed=sealed)
    articles = []
    for name, ann in sorted(_pick_annotations(folder / "attributions").items()):
        text_path = folder / "text" / f"{name}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        raw = _article_quotes(text, ann)
        wanted = [where for _, _, src, where in raw if src and _needs_coref(src)]
        xml_path = folder / "corenlp" / f"{name}.txt.xml"
        chains = _coref_names(xml_path, wanted) if wanted and xml_path.is_file() else {}
        quotes = tuple(
            GoldQuote(s, e, text[s:e], src, tuple(dict.fromkeys(chains.get(where, ()))))
            for s, e, src, where in raw
        )
        articles.append(PolnearArticle(name, text, quotes))
    return articles
