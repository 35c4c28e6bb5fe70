"""decode_bytes: encodings, byte order marks, binary files; never raises."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from pipelines.parsing import Layout, Status, decode_bytes, parse_page
from tests.parsing.pages import page_text, seed_text

MADE_UP = "Made-up “quoted” test text about Caracas – it’s synthetic.\nSecond line.\n"


def test_utf8():
    decoded = decode_bytes(MADE_UP.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.problems, decoded.is_binary) == (
        MADE_UP,
        "utf-8",
        [],
        False,
    )


def test_utf8_with_byte_order_mark():
    decoded = decode_bytes(codecs.BOM_UTF8 + MADE_UP.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.problems) == (MADE_UP, "utf-8-sig", [])


def test_utf16_with_byte_order_mark_both_orders():
    for codec, name in (("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")):
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        decoded = decode_bytes(bom + MADE_UP.encode(codec))
        assert (decoded.text, decoded.encoding, decoded.problems) == (MADE_UP, name, [])


def test_utf16_seed_parses_like_the_seed():
    decoded = decode_bytes(seed_text().encode("utf-16"))
    assert decoded.text == seed_text()
    assert parse_page(decoded.text) == parse_page(seed_text())


def test_utf16_without_byte_order_mark():
    decoded = decode_bytes(MADE_UP.encode("utf-16-le"))
    assert decoded.text == MADE_UP
    assert decoded.problems == ["no byte order mark; decoded as UTF-16-LE"]


def test_cp1252_fallback():
    text = page_text("made_up_reader.txt").replace("'", "’") + "“Made-up closing quote.”\n"
    decoded = decode_bytes(text.encode("cp1252", errors="replace"))
    assert decoded.encoding == "cp1252"
    assert decoded.problems == ["not UTF-8; decoded as cp1252"]
    assert "“Made-up closing quote.”" in decoded.text
    page = parse_page(decoded.text)
    assert page.layout is Layout.READER


def test_cp1252_undefined_bytes_read_as_latin1():
    decoded = decode_bytes(b"Made-up \x81 text \x93quoted\x94")
    assert decoded.text == "Made-up \x81 text “quoted”"


def test_file_cut_inside_a_utf8_character():
    data = "Made-up text ending in an ellipsis…".encode()[:-1]
    decoded = decode_bytes(data)
    assert decoded.text == "Made-up text ending in an ellipsis"
    assert decoded.encoding == "utf-8"
    assert decoded.problems == [
        "file ends inside a UTF-8 character (cut off): its last bytes were dropped"
    ]


def test_a_few_damaged_bytes_in_utf8():
    data = "Made-up “quoted” text, it’s synthetic – and long enough.".encode() + b"\xff tail"
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.endswith("enough.\ufffd tail")
    assert decoded.problems == ["1 invalid UTF-8 byte sequence(s) replaced by U+FFFD"]


def test_binary_files():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    decoded = decode_bytes(png)
    assert (decoded.text, decoded.encoding, decoded.is_binary) == (None, None, True)
    assert decoded.problems == ["binary file: contains NUL bytes"]
    controls = decode_bytes(b"\x01\x02\x03\x04made up\x05\x06")
    assert controls.is_binary
    assert controls.problems[0].startswith("binary file: ")


def test_empty_and_white_space_files_are_text():
    assert decode_bytes(b"").text == ""
    assert decode_bytes(b" \n\t\r\n").text == " \n\t\r\n"
    assert parse_page(decode_bytes(b" \n").text).status is Status.QUARANTINED


@given(st.binary(max_size=3000))
def test_decode_bytes_never_raises(data):
    decoded = decode_bytes(data)
    assert (decoded.text is None) == decoded.is_binary
    if decoded.text is not None:
        parse_page(decoded.text)
