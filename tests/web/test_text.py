import pytest

from web.text import xml_safe


@pytest.mark.parametrize("bad", ["\x00", "\x08", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"])
def test_characters_xml_cannot_hold_are_dropped(bad):
    assert xml_safe(f"Evil{bad} Co") == "Evil Co"


def test_tabs_newlines_accents_and_astral_characters_are_kept():
    text = "a\tb\nc\rd é 株 😀 \ue000 \ufffd"
    assert xml_safe(text) == text
