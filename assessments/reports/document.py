"""The report as structured content: the one place its words live.

A report is built once (`assessments/reports/sections.py`) from the evaluation snapshot, the
measured facts and the architect's edits, as a `ReportDocument`: a cover and chapters of blocks
(paragraphs, lists, tables, callouts, the scorecard chart). The HTML template (screen and, through
WeasyPrint, print) and the Word writer only lay those blocks out; neither holds a sentence of its
own, so the three formats can't drift apart (tests/assessments/reports/test_one_document.py).

Blocks carry layout hints (`style`, `stack`, `numeric`), never markup or words of their own: a
style names the kind of block (the HTML renderer uses it as the CSS class, the Word writer maps
the few it draws differently), and `block` on each class is what the renderers dispatch on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph. `lead` is a bold lead-in ("Amazon Bedrock."); `style` is "" or the kind of
    paragraph (`source`, `changed`, `provider-availability`). Line breaks inside `text` are kept."""

    block = "paragraph"  # what the renderers dispatch on (not a field)

    text: str
    lead: str = ""
    style: str = ""


@dataclass(frozen=True)
class ClientText:
    """Text someone typed (the architect's narrative, the client's use case): paragraphs at blank
    lines, line breaks kept. `style` is `narrative` or `quote`."""

    block = "client_text"  # what the renderers dispatch on (not a field)

    text: str
    style: str = "narrative"


@dataclass(frozen=True)
class Heading:
    """A heading inside a chapter (HTML h3, Word Heading 2). `aside` follows it in a quieter
    voice (a criterion's kind)."""

    block = "heading"  # what the renderers dispatch on (not a field)

    text: str
    aside: str = ""


@dataclass(frozen=True)
class BulletList:
    block = "list"  # what the renderers dispatch on (not a field)

    items: tuple[str, ...]
    ordered: bool = False
    style: str = ""  # `plan` for a numbered readiness plan


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False  # figures: right-aligned, never wrapped
    verdict: str = ""  # a verdict slug: the cell is shown in that verdict's colour
    bar: int | None = None  # a bar drawn before the text, in tenths of the column's width
    # Further paragraphs in the cell: an answer changed in a workshop, who among the client's
    # respondents said what and how a disagreement was settled.
    notes: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table. With `row_headers`, each row's first cell names the row (th scope=row);
    `header` names the columns. `stack`: on a phone, each row becomes a card whose cells are
    named by their column. `widths` are Word's column widths in cm."""

    block = "table"  # what the renderers dispatch on (not a field)

    rows: tuple[tuple[Cell, ...], ...]
    header: tuple[Cell, ...] = ()
    footer: tuple[Cell, ...] = ()
    row_headers: bool = False
    caption: str = ""
    style: str = "data"
    stack: bool = False
    widths: tuple[float, ...] = ()

    @property
    def body(self) -> tuple[tuple[tuple[Cell, bool, str], ...], ...]:
        """Each row's cells as (cell, is its row's header, its column's name when stacked)."""
        return tuple(self._laid_out(row, self.row_headers) for row in self.rows)

    @property
    def foot(self) -> tuple[tuple[Cell, bool, str], ...]:
        return self._laid_out(self.footer, True) if self.footer else ()

    def _laid_out(self, row, first_names_row: bool):
        names = [c.text for c in self.header] if self.stack else []
        return tuple(
            (cell, i == 0 and first_names_row, names[i] if i < len(names) and i else "") for i, cell in enumerate(row)
        )


@dataclass(frozen=True)
class ScoreRow:
    kind: str
    label: str
    count: str  # "1 of 4"
    share: float  # matched / total, 0..1
    fired: tuple[str, ...]
    none: str  # said when nothing of this kind matched


@dataclass(frozen=True)
class Scorecard:
    """The scorecard chart: per kind of criterion, how many matched and which."""

    block = "scorecard"  # what the renderers dispatch on (not a field)

    rows: tuple[ScoreRow, ...]


@dataclass(frozen=True)
class Group:
    """Blocks shown together (a criterion's card, the stated-vs-measured callout). `style`
    names the kind of group; `kind` a criterion kind, for its colour."""

    block = "group"  # what the renderers dispatch on (not a field)

    blocks: tuple
    style: str = ""
    kind: str = ""


Block = Paragraph | ClientText | Heading | BulletList | Table | Scorecard | Group


@dataclass(frozen=True)
class Section:
    """A chapter: an anchor, a title (HTML h2, Word Heading 1, a line of the contents)."""

    anchor: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Cover:
    kicker: str
    title: str
    label: str  # "Our recommendation"
    verdict: str  # the verdict shown (the architect's, when they differ), as a slug
    verdict_label: str
    # When the architect differs: before, the computed verdict (slug, label) as a chip, after.
    override: tuple[str, tuple[str, str], str] | None
    meta: Table


@dataclass(frozen=True)
class ReportDocument:
    title: str  # the HTML <title>, the PDF's and the Word file's title
    running_header: str  # at the top of every page but the first
    cover: Cover
    contents_title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)


def texts(document: ReportDocument) -> Iterator[str]:
    """Every piece of text a reader of `document` sees, in order (for the test that the three
    formats say the same; renderers add only numbering and separators)."""
    cover = document.cover
    yield from (document.running_header, cover.kicker, cover.title, cover.label, cover.verdict_label)
    if cover.override:
        before, (_, label), after = cover.override
        yield from (before, label, after)
    yield from _block_texts(cover.meta)
    yield document.contents_title
    for section in document.sections:
        yield section.title
        for block in section.blocks:
            yield from _block_texts(block)


def _block_texts(block) -> Iterator[str]:
    match block:
        case Paragraph(text=text, lead=lead):
            yield from (t for t in (lead, text) if t)
        case ClientText(text=text) | Heading(text=text, aside=""):
            yield text
        case Heading(text=text, aside=aside):
            yield from (text, aside)
        case BulletList(items=items):
            yield from items
        case Table():
            if block.caption:
                yield block.caption
            for cell in (*block.header, *(c for row in block.rows for c in row), *block.footer):
                if cell.text:
                    yield cell.text
                for note in cell.notes:
                    yield from _block_texts(note)
        case Scorecard(rows=rows):
            for row in rows:
                yield from (row.label, row.count, *(row.fired or (row.none,)))
        case Group(blocks=blocks):
            for inner in blocks:
                yield from _block_texts(inner)
