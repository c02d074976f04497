"""Reading a client's file safely: what kind of file it is, then its lines one at a time.

Nothing here holds more than one line (at most ``Limits.max_line_bytes``) in memory, so a
10 MB single line or a 200,000-line file costs the same memory as a small one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SNIFF_BYTES = 8192
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
CSV_SUFFIXES = {".csv"}

# Signatures of files that are clearly not text, with the name a client would recognise.
BINARY_SIGNATURES = (
    (b"PK\x03\x04", "a zip archive (or an Excel/Word file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3", "an SQLite database"),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class UnreadableSample(Exception):
    """The file can't be analysed at all; the message says why in one line, for the client."""


@dataclass(frozen=True)
class Limits:
    max_line_bytes: int = 2_000_000
    max_lines: int | None = 200_000
    max_bytes: int | None = None


COUNT_CHUNK = 4 * 1024 * 1024


def check_size(path: str | Path, limits: Limits) -> None:
    """Refuse a file over the size or line limit before any line of it is analysed: a byte
    count and a newline count (about a second for 300 MB), so a 1,000,000-line file costs
    seconds, not the analysis of its first 200,000 lines."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise UnreadableSample(f"the file can't be opened: {exc.strerror or exc}") from exc
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise UnreadableSample(
            f"the file is {size / 1e6:,.1f} MB; the limit is {limits.max_bytes / 1e6:,.1f} MB: send a smaller sample"
        )
    if limits.max_lines is None:
        return
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(COUNT_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
            if lines > limits.max_lines:
                break
    lines += 0 if last == b"\n" else 1
    if lines > limits.max_lines:
        raise UnreadableSample(f"the file has more than {limits.max_lines:,} lines: send a smaller sample")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based physical line number
    text: str | None  # None when the line could not be decoded or was too long
    problem: str | None = None  # "invalid_utf8" | "line_too_long"


def sniff(path: str | Path) -> str:
    """ "jsonl" or "csv", judged by the content, or raise UnreadableSample saying why not.

    1. Refuse empty files and binary ones (known signatures, UTF-16, NUL bytes).
    2. JSON Lines start with "{"; a JSON array or pretty-printed JSON is refused with a hint.
    3. Anything else is read as CSV; a name ending .jsonl holding CSV is refused, because the
       client meant one thing and sent another.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise UnreadableSample(f"the file can't be opened: {exc.strerror or exc}") from exc
    return sniff_head(head, path.suffix)


def sniff_head(head: bytes, suffix: str) -> str:
    """``sniff`` for the first ``SNIFF_BYTES`` of a file named with ``suffix`` (an upload is
    judged by this before anything is stored)."""
    if not head.strip():
        raise UnreadableSample("the file is empty")
    for signature, what in BINARY_SIGNATURES:
        if head.startswith(signature):
            raise UnreadableSample(f"the file is {what}, not text: export it as JSON Lines or CSV")
    if head.startswith(UTF16_BOMS):
        raise UnreadableSample("the file is UTF-16 text: save it as UTF-8")
    if b"\x00" in head:
        raise UnreadableSample("the file is binary, not text: export it as JSON Lines or CSV")
    first_line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip()
    suffix = suffix.lower()
    if first_line.startswith((b"{", b"[")):
        if first_line in (b"{", b"["):
            raise UnreadableSample(
                "the file is one pretty-printed JSON document, not JSON Lines: put one example per line"
            )
        if suffix in CSV_SUFFIXES:
            raise UnreadableSample("the file holds JSON Lines but is named .csv: rename it to .jsonl")
        return "jsonl"
    if suffix in JSONL_SUFFIXES:
        raise UnreadableSample(
            f"the file is named {suffix} but isn't JSON Lines (its first line doesn't start with '{{'); "
            "if it is CSV, rename it to .csv and say which columns hold the input and the output"
        )
    return "csv"


def read_lines(path: str | Path, limits: Limits) -> Iterator[Line]:
    """Each physical line, decoded as UTF-8 (a leading BOM dropped), without its line ending.

    A line longer than ``max_line_bytes`` is skipped unread, in chunks, and reported as
    "line_too_long"; one that isn't UTF-8 as "invalid_utf8". More than ``max_lines`` lines
    raises UnreadableSample.
    """
    with open(path, "rb") as handle:
        number = 0
        while True:
            raw = handle.readline(limits.max_line_bytes + 1)
            if not raw:
                return
            number += 1
            if limits.max_lines is not None and number > limits.max_lines:
                raise UnreadableSample(f"the file has more than {limits.max_lines:,} lines: send a smaller sample")
            if len(raw) > limits.max_line_bytes and not raw.endswith(b"\n"):
                _skip_rest_of_line(handle, limits.max_line_bytes)
                yield Line(number, None, "line_too_long")
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield Line(number, raw.decode("utf-8").rstrip("\r\n"))
            except UnicodeDecodeError:
                yield Line(number, None, "invalid_utf8")


def _skip_rest_of_line(handle: IO[bytes], chunk: int) -> None:
    while True:
        rest = handle.readline(chunk)
        if not rest or rest.endswith(b"\n"):
            return
