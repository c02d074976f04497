"""CSV samples: a header row, and a mapping saying which column is the input and which the
output (for an eval set, the expected value). Common header names are mapped without asking."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from .formats import Example, usable_expected
from .reading import Line, UnreadableSample

INPUT_NAMES = ("input", "prompt", "question", "query", "user")
OUTPUT_NAMES = ("output", "completion", "answer", "response", "ideal", "target", "expected", "__expected", "assistant")
# A long field is legal CSV; the line limit, not csv's 128 KB default, decides what is too long.
csv.field_size_limit(16 * 1024 * 1024)


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"input=question,output=answer"`` → ``{"input": "question", "output": "answer"}``."""
    mapping = {}
    for part in filter(None, (spec or "").split(",")):
        role, sep, column = part.partition("=")
        if not sep or role.strip() not in ("input", "output") or not column.strip():
            raise UnreadableSample(f"bad column mapping {part!r}: write input=COLUMN,output=COLUMN")
        mapping[role.strip()] = column.strip()
    return mapping


def csv_records(
    lines: Iterator[Line], mapping: dict[str, str], kind: str
) -> Iterator[tuple[int, Example | None, set[str]]]:
    """(first line of the row, example or None, error kinds) for each data row."""
    bad_lines: dict[int, str] = {}
    reader = csv.reader(_texts(lines, bad_lines))
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableSample("the CSV file has no rows") from None
    except csv.Error as exc:
        raise UnreadableSample(f"the CSV header can't be read: {exc}") from None
    columns = _columns(header, mapping)
    last = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield last + 1, None, {"parse_error"}
            last = reader.line_num
            continue
        first, last = last + 1, reader.line_num
        problems = {bad_lines.pop(n) for n in range(first, last + 1) if n in bad_lines}
        if problems:
            yield first, None, problems
        elif not row:
            yield first, None, {"blank_line"}
        else:
            yield (first, *_row(row, len(header), columns, kind))


def _texts(lines: Iterator[Line], bad_lines: dict[int, str]) -> Iterator[str]:
    for line in lines:
        if line.text is None:
            assert line.problem is not None, "reading.Line says why it has no text"
            bad_lines[line.number] = line.problem
            yield "\n"
        else:
            yield line.text + "\n"


def _columns(header: list[str], mapping: dict[str, str]) -> tuple[int, int]:
    names = [name.strip() for name in header]
    lowered = [name.casefold() for name in names]
    chosen = []
    for role, defaults in (("input", INPUT_NAMES), ("output", OUTPUT_NAMES)):
        if role in mapping:
            if mapping[role] not in names:
                raise UnreadableSample(f"the {role} column {mapping[role]!r} is not in the header ({_describe(names)})")
            chosen.append(names.index(mapping[role]))
            continue
        found = next((lowered.index(n) for n in defaults if n in lowered), None)
        if found is None:
            raise UnreadableSample(
                f"no {role} column: the header ({_describe(names)}) names none of {', '.join(defaults[:4])}…; "
                "give the file a header row and say which column is which (input=COLUMN,output=COLUMN)"
            )
        chosen.append(found)
    return chosen[0], chosen[1]


def _describe(names: list[str]) -> str:
    # A headerless file's first row is client data: name it only if it looks like a header.
    if all(0 < len(n) <= 30 for n in names) and len(names) <= 12:
        return "columns: " + ", ".join(repr(n) for n in names)
    return f"{len(names)} columns; the first row doesn't look like a header"


def _row(row: list[str], width: int, columns: tuple[int, int], kind: str) -> tuple[Example | None, set[str]]:
    if len(row) != width:
        return None, {"wrong_column_count"}
    prompt, completion = row[columns[0]], row[columns[1]]
    if not prompt.strip() or (kind == "training" and not completion.strip()):
        return None, {"empty_content"}
    has_expected = usable_expected(completion)
    errors = set() if kind == "training" or has_expected else {"no_expected"}
    return Example(prompt, completion, (prompt, completion), has_expected=has_expected), errors
