"""The report as an editable Word document: the report's document (document.py) walked block by
block, as the HTML template lays out the same blocks. No sentence is written here.

Consultancies tailor the deliverable in Word before it goes out, so this is a document to edit,
not a picture of the PDF: real Heading 1/Heading 2 styles (Word's table of contents field picks
them up and updates), real tables, and the scorecard drawn as a table with shaded cells.

Why a shaded table and not the SVG as a picture: WeasyPrint can't rasterise SVG on its own and
no SVG rasteriser (cairosvg) is a dependency; a chart of four bars reads the same as shaded
cells, stays sharp at every zoom and in print, and a consultant can edit its numbers.

python-docx escapes XML itself; control characters XML can't hold (a pasted form feed, a NUL)
would make it refuse the text, so every client-supplied string passes through `docx_text`.
"""

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from assessments.engine import verdict_colour
from assessments.reports.charts import COLOURS
from assessments.reports.document import Cell, Cover, Paragraph, ReportDocument, Scorecard, Table
from assessments.reports.sections import report_document
from web.text import xml_safe

BAR_CELLS = 10  # the scorecard's bar is ten cells wide: each one is a tenth of the criteria of a kind


def docx_text(value) -> str:
    """Text as a Word document can hold it: no XML-illegal control characters, Windows newlines
    made plain."""
    return xml_safe(str(value if value is not None else "")).replace("\r\n", "\n").replace("\r", "\n")


def _paragraphs(document, text: str, style: str | None = None) -> None:
    """One Word paragraph per paragraph of `text` (blank lines), line breaks kept inside each."""
    for block in re.split(r"\n\s*\n", docx_text(text).strip()):
        _lines(document.add_paragraph(style=style), block)


def _lines(paragraph, text: str, *, bold: bool = False) -> None:
    """`text` into `paragraph`, its line breaks kept as Word line breaks."""
    for i, line in enumerate(docx_text(text).split("\n")):
        if i:
            paragraph.add_run().add_break()
        paragraph.add_run(line).bold = bold or None


def _set_widths(table, widths: list[float]) -> None:
    """Fixed column widths in cm; Word reads the cells', LibreOffice the grid's, so set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _repeat_as_header(row) -> None:
    """Mark a table's first row as its header, repeated on every page it spans."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _toc(document, sections: list[str]) -> None:
    """A real table-of-contents field over Heading 1–2; Word fills it in on open (or F9).
    Until it does (or in a viewer that never updates fields), the field shows `sections`."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # ask Word to update the field when the file opens
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate):
        run._r.append(element)
    for i, title in enumerate(sections):
        if i:
            run._r.append(OxmlElement("w:br"))
        text = OxmlElement("w:t")
        text.text = f"{i + 1}. {title}"
        run._r.append(text)
    run._r.append(end)


def _coloured(run, verdict: str) -> None:
    """A verdict in its colour, as on the PDF (each passes AA as text on white)."""
    run.font.color.rgb = RGBColor.from_string(verdict_colour(verdict).lstrip("#").upper())


def _cover(document, cover: Cover) -> None:
    document.add_paragraph(docx_text(cover.kicker), style="Subtitle")
    document.add_paragraph(docx_text(cover.title), style="Title")
    document.add_paragraph(docx_text(cover.label))
    run = document.add_paragraph().add_run(docx_text(cover.verdict_label))
    run.bold, run.font.size = True, Pt(20)
    _coloured(run, cover.verdict)
    if cover.override:
        before, (verdict, label), after = cover.override
        paragraph = document.add_paragraph(docx_text(before) + " ")
        chip = paragraph.add_run(docx_text(label))
        chip.bold = True
        _coloured(chip, verdict)
        paragraph.add_run(". " + docx_text(after))
    _table(document, cover.meta)


def _running_header(document, text: str) -> None:
    """On every page but the first (the cover), as the PDF has it."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = docx_text(text)


def _cell(cell, content: Cell, *, bold: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    _lines(paragraph, content.text, bold=bold or bool(content.verdict))
    if content.verdict:
        for run in paragraph.runs:
            _coloured(run, content.verdict)
    for note in content.notes:
        _paragraph(cell.add_paragraph(), note)


def _table(document, table: Table) -> None:
    if table.caption:
        document.add_paragraph(docx_text(table.caption), style="Caption")
    grid = document.add_table(rows=0, cols=len(table.header or table.rows[0]))
    grid.style = "Table Grid"
    rows = []
    if table.header:
        rows.append([(c, True) for c in table.header])
    rows += [[(c, heads) for c, heads, _ in row] for row in table.body]
    rows += [[(c, heads) for c, heads, _ in table.foot]] if table.footer else []
    for row in rows:
        for cell, (content, heads) in zip(grid.add_row().cells, row, strict=True):
            _cell(cell, content, bold=heads)
    if table.header:
        _repeat_as_header(grid.rows[0])
    if table.widths:
        _set_widths(grid, list(table.widths))
    document.add_paragraph()


def _scorecard(document, scorecard: Scorecard) -> None:
    """Per kind: its label with the criteria that matched, a bar of shaded cells, the count."""
    grid = document.add_table(rows=0, cols=BAR_CELLS + 2)
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for row in scorecard.rows:
        cells = grid.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(docx_text(row.label)).bold = True
        for title in row.fired or (row.none,):
            cells[0].add_paragraph(docx_text(title), style="List Bullet" if row.fired else None)
        filled = round(BAR_CELLS * row.share)
        for i in range(BAR_CELLS):
            _shade(cells[1 + i], COLOURS[row.kind] if i < filled else "#E9ECEF")
        cells[-1].text = docx_text(row.count)
    _set_widths(grid, [6.5] + [0.7] * BAR_CELLS + [2.5])
    document.add_paragraph()


def _number_from_one(document, paragraphs) -> None:
    """Give a numbered list its own numbering, so it counts from 1 (Word's "List Number" style
    otherwise runs on from the previous numbered list in the document)."""
    numbering = document.part.numbering_part.element
    style_num = paragraphs[0].style.element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    own = numbering.add_num(abstract)
    own.add_lvlOverride(ilvl=0).add_startOverride(1)
    for paragraph in paragraphs:
        numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbered.get_or_add_ilvl().val = 0
        numbered.get_or_add_numId().val = own.numId


def _paragraph(paragraph, block: Paragraph) -> None:
    if block.lead:
        paragraph.add_run(docx_text(block.lead) + " ").bold = True
    _lines(paragraph, block.text)


def _blocks(document, blocks) -> None:
    for block in blocks:
        match block.block:
            case "paragraph":
                _paragraph(document.add_paragraph(), block)
            case "client_text":
                _paragraphs(document, block.text, style="Quote" if block.style == "quote" else None)
            case "heading":
                aside = f" — {block.aside}" if block.aside else ""
                document.add_heading(docx_text(block.text + aside), level=2)
            case "list":
                style = "List Number" if block.ordered else "List Bullet"
                paragraphs = [document.add_paragraph(docx_text(item), style=style) for item in block.items]
                if block.ordered and paragraphs:
                    _number_from_one(document, paragraphs)
            case "table":
                _table(document, block)
            case "scorecard":
                _scorecard(document, block)
            case "group":
                _blocks(document, block.blocks)


def document_docx(report: ReportDocument) -> bytes:
    """The report's document as .docx bytes: the PDF's chapters in the same order, as Heading 1
    with a contents field over them."""
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    _running_header(document, report.running_header)
    _cover(document, report.cover)
    contents = "TOC Heading" if "TOC Heading" in document.styles else None
    document.add_paragraph(docx_text(report.contents_title), style=contents)
    _toc(document, [docx_text(s.title) for s in report.sections])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for section in report.sections:
        document.add_heading(docx_text(section.title), level=1)
        _blocks(document, section.blocks)
    properties = document.core_properties
    properties.title = docx_text(report.title)
    properties.author = "Discovery"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_docx(report) -> bytes:
    """One version as .docx bytes (the render service builds the document once for every format)."""
    return document_docx(report_document(report))
