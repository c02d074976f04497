"""CSV downloads: formula neutralisation and encoding, shared by every export."""

import pytest

from web.exports import csv_response, csv_safe


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tTab", "\rReturn"])
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Acme = good", "Fine-tune now", "", 42, 12.5, -3])
def test_other_text_and_numbers_are_left_as_they_are(value):
    assert csv_safe(value) == value


def test_nothing_is_an_empty_cell():
    assert csv_safe(None) == ""


def test_the_response_is_a_utf8_attachment_excel_reads_and_every_cell_is_neutralised():
    response = csv_response([["Client", "Hours"], ["=cmd|' /C calc'!A0", 1.5], ["Café → “Ltd”", None]], "x.csv")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert body.splitlines()[1:] == ["'=cmd|' /C calc'!A0,1.5", "Café → “Ltd”,"]
