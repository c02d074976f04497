"""CSV and XLSX downloads: formula neutralisation and encoding, shared by every export."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from web.exports import XLSX_MAX_WIDTH, XLSX_MIN_WIDTH, csv_response, csv_safe, xlsx_bytes


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


def test_xlsx_columns_are_sized_to_their_longest_cell_within_bounds():
    rows = [
        ["#", "Organisation", "Submitted", "Notes"],
        [1, "Harbour Health and Social Care Trust", datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "x" * 500],
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows, title="Queue"))).active
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] == XLSX_MIN_WIDTH
    assert widths["B"] == len("Harbour Health and Social Care Trust") + 2
    assert widths["C"] == 18
    assert widths["D"] == XLSX_MAX_WIDTH
