from __future__ import annotations

import codecs
import random

import pytest

from bot.errors import EmptyInput, UnsupportedInput
from bot.ingest.decode import decode_bytes

FRENCH = (
    "Le président a déclaré vendredi que les négociations reprendraient à Genève. "
    "« Nous sommes prêts », a-t-il ajouté devant les journalistes réunis à l'Élysée."
)
RUSSIAN = "Москва заявила о переговорах в пятницу, сообщил представитель Кремля журналистам."


def test_utf8_is_read_even_when_declared_otherwise() -> None:
    assert decode_bytes(FRENCH.encode("utf-8"), "iso-8859-1") == FRENCH


def test_declared_latin1() -> None:
    assert decode_bytes(FRENCH.encode("latin-1"), "ISO-8859-1") == FRENCH


def test_undeclared_latin1_is_guessed() -> None:
    assert decode_bytes(FRENCH.encode("latin-1")) == FRENCH


def test_windows_1251_from_meta_charset() -> None:
    page = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'
    assert RUSSIAN in decode_bytes(page.encode("cp1251"))


def test_undeclared_windows_1251_is_guessed() -> None:
    assert decode_bytes(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_a_wrong_declared_charset_is_not_trusted() -> None:
    assert decode_bytes(RUSSIAN.encode("cp1251"), "utf-8") == RUSSIAN


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_wins(bom: bytes, codec: str) -> None:
    assert decode_bytes(bom + FRENCH.encode(codec), "iso-8859-1") == FRENCH


@pytest.mark.parametrize("data", [b"", b"   \n\t ", codecs.BOM_UTF8 + b"  "])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(data)


def test_binary_junk_is_unsupported() -> None:
    rng = random.Random(3)
    with pytest.raises(UnsupportedInput, match="binary"):
        decode_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    with pytest.raises(UnsupportedInput):
        decode_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))


def test_mostly_utf8_with_one_stray_legacy_byte_is_read_as_utf8() -> None:
    # A UTF-8 page with one byte pasted from a cp1252 snippet: the rest must not turn to mojibake.
    page = (FRENCH * 3).encode("utf-8") + b" caf\xe9 " + RUSSIAN.encode("utf-8")
    text = decode_bytes(page, "utf-8")
    assert FRENCH in text and RUSSIAN in text
    assert "caf\ufffd" in text


def test_legacy_text_is_not_mistaken_for_mostly_utf8() -> None:
    assert decode_bytes((FRENCH * 3).encode("cp1252")) == FRENCH * 3
