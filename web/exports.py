"""Files people download from Discovery, written one way.

JSON downloads go through `json_response`: the serialiser escapes every string, and `<`, `>`
and `&` are written as JSON unicode escapes too, so a client's text can't become markup even if a
browser is coaxed into rendering the file.

Every CSV goes through `csv_response`, which passes each cell through `csv_safe`: a spreadsheet
runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some strip
first) as a formula, and client text such as an organisation's name must never do that.
Every XLSX goes through `xlsx_response`, which stores such text as a plain string cell (never a
formula) and drops the control characters XML can't hold.
"""

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from web.text import xml_safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """The cell as it is written: text a spreadsheet would run as a formula gets a leading `'`,
    None becomes an empty cell, numbers stay numbers (they are ours, and must sum in a sheet)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """A CSV download of `rows` (the first row is the header), every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Excel reads a CSV as UTF-8 only when it starts with a byte-order mark ("→", accents).
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response


def xlsx_cell(value: Any) -> Any:
    """The value as an XLSX cell holds it: text without XML-illegal control characters, aware
    datetimes in local time without a zone (Excel has none), None empty, numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


# Column widths in characters: a column is as wide as its longest cell, between these bounds
# (long free text wraps in a sheet rather than pushing every other column off screen).
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 8, 60


def _cell_width(value: Any) -> int:
    """How many characters `value` takes in a cell; a multi-line text, its longest line."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16  # shown as yyyy-mm-dd hh:mm
    return max(len(line) for line in str(value).splitlines() or [""])


def xlsx_bytes(rows: Iterable[Iterable[Any]], *, title: str) -> bytes:
    """A one-sheet workbook of `rows` (the first row is the header, in bold), each column sized
    to its content.

    openpyxl turns any string starting with `=` into a formula; here every string is forced to
    a string cell with Excel's "quote prefix" so it shows, and stays when edited, as typed text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    widths: dict[int, int] = {}
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = xlsx_cell(value)
            widths[column] = max(widths.get(column, 0), _cell_width(cell.value))
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
            if row_number == 1:
                cell.font = Font(bold=True)
    for column, width in widths.items():
        # +2: a little room beside the text, as Excel's own "fit" leaves.
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(rows: Iterable[Iterable[Any]], filename: str, *, title: str) -> HttpResponse:
    """An XLSX download of `rows` (the first row is the header), no cell ever a formula."""
    response = HttpResponse(xlsx_bytes(rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(rows: list[list[Any]], *, fmt: str, name: str, title: str) -> HttpResponse:
    """`rows` as `name`.csv or `name`.xlsx; the caller has checked `fmt` is one of EXPORT_FORMATS."""
    if fmt == "xlsx":
        return xlsx_response(rows, f"{name}.xlsx", title=title)
    # CSV has no dates: local time, to the minute, reads and sorts as text.
    as_text = [
        [f"{timezone.localtime(v):%Y-%m-%d %H:%M}" if isinstance(v, datetime) else v for v in row] for row in rows
    ]
    return csv_response(as_text, f"{name}.csv")


EXPORT_FORMATS = ("csv", "xlsx")


_JSON_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_response(data: Any, filename: str) -> HttpResponse:
    """A JSON download of `data`, indented for people to read, with markup characters escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).translate(_JSON_MARKUP)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
