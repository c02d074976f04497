"""Files people download from Discovery, written one way.

Every CSV goes through `csv_response`, which passes each cell through `csv_safe`: a spreadsheet
runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some strip
first) as a formula, and client text such as an organisation's name must never do that.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

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
