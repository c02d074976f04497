"""Files people download from Discovery, written one way.

JSON downloads go through `json_response`: the serialiser escapes every string, and `<`, `>`
and `&` are written as JSON unicode escapes too, so a client's text can't become markup even if a
browser is coaxed into rendering the file.

Every CSV goes through `csv_response`, which passes each cell through `csv_safe`: a spreadsheet
runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some strip
first) as a formula, and client text such as an organisation's name must never do that.
"""

import csv
import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
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


_JSON_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_response(data: Any, filename: str) -> HttpResponse:
    """A JSON download of `data`, indented for people to read, with markup characters escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).translate(_JSON_MARKUP)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
