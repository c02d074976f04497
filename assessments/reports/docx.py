"""The report as an editable Word document, from the same context as the HTML and PDF.

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

from django.core.files.base import ContentFile
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from assessments.engine import verdict_colour
from assessments.models import Report
from assessments.reports.charts import COLOURS
from assessments.reports.html import report_context
from web.names import display_name
from web.text import xml_safe

BAR_CELLS = 10  # the scorecard's bar is ten cells wide: each one is a tenth of the criteria of a kind


def docx_text(value) -> str:
    """Text as a Word document can hold it: no XML-illegal control characters, Windows newlines
    made plain."""
    return xml_safe(str(value if value is not None else "")).replace("\r\n", "\n").replace("\r", "\n")


def _paragraphs(document, text: str, style: str | None = None) -> None:
    """One Word paragraph per paragraph of `text` (blank lines), line breaks kept inside each."""
    for block in re.split(r"\n\s*\n", docx_text(text).strip()):
        paragraph = document.add_paragraph(style=style)
        for i, line in enumerate(block.split("\n")):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(line)


def _table(document, header: list[str] | None, rows: list[list], *, widths: list[float] | None = None):
    table = document.add_table(rows=0, cols=len(header or rows[0]))
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(docx_text(text)).bold = True
        _repeat_as_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = docx_text(text)
    if widths:
        _set_widths(table, widths)
    document.add_paragraph()
    return table


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


def _scorecard(document, rows: list[dict]) -> None:
    """Criteria matched by kind: a label, a bar of shaded cells, the count."""
    table = document.add_table(rows=0, cols=BAR_CELLS + 2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = docx_text(row["label"])
        filled = round(BAR_CELLS * row["matched"] / row["total"]) if row["total"] else 0
        for i in range(BAR_CELLS):
            _shade(cells[1 + i], COLOURS[row["kind"]] if i < filled else "#E9ECEF")
        cells[-1].text = f"{row['matched']} of {row['total']}"
    _set_widths(table, [6.5] + [0.7] * BAR_CELLS + [2.5])
    document.add_paragraph()


def _section_titles(c: dict) -> list[str]:
    titles = ["Executive summary", "Scorecard", "Why: the criteria that applied", "What would change the answer"]
    titles.append("Next steps: readiness plan")
    if c.get("measured"):
        titles.append("Measured readiness")
    if c["scope"]:
        titles.append("Fine-tuning programme scope")
    if c["disagreements"]:
        titles.append("Points of disagreement")
    titles.append("Proposed team")
    if c["attendees"]:
        titles.append("Who took part in the workshop")
    return [*titles, "Appendix: every answer"]


def report_document(report: Report):
    """The python-docx Document for `report`: the PDF's sections, in the same order."""
    c = report_context(report)
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    organisation = docx_text(c["organisation"])
    engagement = c["engagement"]

    document.add_paragraph("Discovery · Fine-tuning readiness", style="Subtitle")
    document.add_paragraph(f"Recommendation for {organisation}", style="Title")
    overridden = report.override_verdict and report.override_verdict != c["verdict"]
    verdict = document.add_paragraph()
    run = verdict.add_run(c["override_label"] if overridden else c["verdict_label"])
    # The verdict in its colour, as on the PDF's cover (each passes AA as text on white).
    shown = report.override_verdict if overridden else c["verdict"]
    run.bold, run.font.size = True, Pt(20)
    run.font.color.rgb = RGBColor.from_string(verdict_colour(shown).lstrip("#").upper())
    if overridden:
        document.add_paragraph(
            f"Our architect's recommendation. Computed from your answers: {c['verdict_label']}. "
            "The architect's judgement differs; the executive summary says why."
        )
    client = organisation + (f" · {docx_text(engagement.contact.name)}" if engagement.contact else "")
    lead = engagement.lead
    led_by = f" · led by {docx_text(display_name(lead))}" if lead else ""
    _table(
        document,
        None,
        [
            ["Client", client],
            ["Engagement", f"No. {engagement.pk} · {engagement.get_source_display()} assessment{led_by}"],
            ["Report version", str(report.number)],
            ["Prepared", f"{c['generated_at']:%d %B %Y}"],
            ["Questionnaire", f"{c['questionnaire']['slug']} v{c['questionnaire']['version']}"],
            ["Criteria", f"{c['criteria_set']['slug']} v{c['criteria_set']['version']}"],
        ],
        widths=[4, 12],
    )
    document.add_paragraph("Contents", style="TOC Heading" if "TOC Heading" in document.styles else None)
    _toc(document, _section_titles(c))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("Executive summary", level=1)
    summary = [["Computed verdict", c["verdict_label"]]]
    if report.override_verdict:
        summary += [
            ["Architect's judgement", c["override_label"]],
            ["Why the architect differs", report.override_justification],
        ]
    summary.append(["Approaches your answers point to, in order", ", ".join(c["approaches"])])
    _table(document, None, summary, widths=[6, 10])
    for sentence in c["explanation"]:
        _paragraphs(document, sentence)
    if report.narrative:
        _paragraphs(document, report.narrative)
    if c["use_case"]:
        document.add_heading("The use case, in your words", level=2)
        _paragraphs(document, c["use_case"], style="Quote")

    document.add_heading("Scorecard", level=1)
    _scorecard(document, c["scorecard"])
    _table(
        document,
        ["Kind of criterion", "Matched"],
        [[r["label"], f"{r['matched']} of {r['total']}"] for r in c["scorecard"]],
    )

    document.add_heading("Why: the criteria that applied", level=1)
    for criterion in c["matched"]:
        alternative = f" ({criterion['alternative']})" if criterion["alternative"] else ""
        document.add_heading(f"{docx_text(criterion['title'])} — {criterion['kind']}{alternative}", level=2)
        if criterion["rationale"]:
            _paragraphs(document, criterion["rationale"])
        if criterion["evidence"]:
            _table(document, ["Question", "Your answer"], [[e["prompt"], e["answer"]] for e in criterion["evidence"]])
    if not c["matched"]:
        document.add_paragraph("None of the criteria matched your answers.")
    if c["unmatched_fits"]:
        document.add_paragraph("None of the needs fine-tuning serves well came up in your answers. We looked for:")
        for title in c["unmatched_fits"]:
            document.add_paragraph(docx_text(title), style="List Bullet")

    document.add_heading("What would change the answer", level=1)
    for cf in c["counterfactuals"]:
        document.add_paragraph(docx_text(cf["sentence"]), style="List Bullet")
    if not c["counterfactuals"]:
        document.add_paragraph("No change of one or two answers would lead to a different verdict.")

    document.add_heading("Next steps: readiness plan", level=1)
    for step in c["next_steps"]:
        document.add_paragraph(docx_text(step), style="List Number")
    if not c["next_steps"]:
        if c["verdict"] == "do_not_fine_tune":
            document.add_paragraph(
                f"No criterion added a step. Start with {', then '.join(c['approaches'])}; "
                "we will agree the first steps with you."
            )
        else:
            document.add_paragraph("Nothing needs to be in place before the programme starts.")

    if c.get("measured"):
        _measured(document, c["measured"])

    scope = c["scope"]
    if scope:
        document.add_heading("Fine-tuning programme scope", level=1)
        if scope.get("starts_after_readiness"):
            document.add_paragraph(
                "This programme starts once the readiness plan above is complete; until then, keep improving "
                "the prompt-based solution."
            )
        phases = [[p["name"], str(p["weeks"]), p["work"]] for p in scope["phases"]]
        phases.append(["Total", str(scope["total_weeks"]), f"About {scope['total_weeks']} weeks end to end."])
        _table(document, ["Phase", "Weeks", "Work"], phases, widths=[4, 2, 10])

    if c["disagreements"]:
        document.add_heading("Points of disagreement", level=1)
        document.add_paragraph(
            "In the workshop, people held different views on these answers. The report uses the answer shown; "
            "the views are as recorded."
        )
        rows = [[d["prompt"], d["answer"], d["detail"] or "Not recorded"] for d in c["disagreements"]]
        _table(document, ["Question", "Answer used", "Who held which view"], rows, widths=[5, 4, 7])

    document.add_heading("Proposed team", level=1)
    if c["team"]:
        _table(
            document,
            ["Name", "Role", "Skills"],
            [[p.display_name, p.title, ", ".join(p.skill_labels())] for p in c["team"]],
        )
    elif report.no_engineers_reason:
        _paragraphs(document, report.no_engineers_reason)
    else:
        document.add_paragraph("The team will be confirmed with you before work starts.")

    if c["attendees"]:
        document.add_heading("Who took part in the workshop", level=1)
        for attendee in c["attendees"]:
            role = f", {attendee.role}" if attendee.role else ""
            document.add_paragraph(docx_text(f"{attendee.name}{role}"), style="List Bullet")

    document.add_heading("Appendix: every answer", level=1)
    for section in c["appendix"]:
        if section["answers"]:
            document.add_heading(docx_text(section["title"]), level=2)
            _table(document, None, [[a["prompt"], a["answer"]] for a in section["answers"]], widths=[7, 9])

    properties = document.core_properties
    properties.title = f"Recommendation for {organisation} (version {report.number})"
    properties.author = "Discovery"
    return document


def _measured(document, measured: dict) -> None:
    """The "Measured readiness" chapter, as the HTML report has it (reports/_measured.html)."""
    document.add_heading("Measured readiness", level=1)
    document.add_paragraph(measured["kept_note"])
    if measured["disagreements"]:
        document.add_heading("Where your answers and the measurement differ", level=2)
        for sentence in measured["disagreements"]:
            document.add_paragraph(docx_text(sentence), style="List Bullet")
    for part, heading in measured["parts"]:
        if not part:
            continue
        f = part["findings"]
        document.add_heading(docx_text(f"{heading}: {part['name']}"), level=2)
        rows = [
            ["Lines", f["lines"]],
            ["Valid", f["valid_examples"]],
            ["Unique (no exact or near duplicate)", f["unique_examples"]],
            ["Duplicates", part["duplicates"]],
            ["Lines with personal data", part["pii_count"]],
        ]
        if f.get("cases_with_expected") is not None:
            rows.append(["Cases with an expected answer", f["cases_with_expected"]])
            rows.append(["Cases that repeat a training example", part["contaminated"]])
        _table(document, None, [[label, str(value)] for label, value in rows], widths=[10, 6])
        for issue in part["issues"]:
            document.add_paragraph(docx_text(issue["sentence"]), style="List Bullet")
        document.add_paragraph(
            f"Tokens per example: median {f['tokens']['p50']}, 90th percentile {f['tokens']['p90']}, "
            f"longest {f['tokens']['max']} (OpenAI's o200k_base tokenizer, exact for gpt-4o and gpt-4.1; "
            "an estimate for Claude and Gemini)."
        )
        if part["histogram"]:
            _table(
                document,
                ["Tokens", "Examples", "Share"],
                [[r["label"], str(r["count"]), f"{r['percent']}%"] for r in part["histogram"]],
            )
        if part["providers"]:
            providers = [[p["name"], p["verdict"], p["over_limit_text"]] for p in part["providers"]]
            _table(document, ["Provider", "Examples", "Over the token limit"], providers, widths=[6, 6, 4])
            for p in part["providers"]:
                if p["availability"]:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(docx_text(p["name"]) + ". ").bold = True
                    paragraph.add_run(docx_text(p["availability"]))
    if measured["next_steps"]:
        document.add_heading("What to do next", level=2)
        for step in measured["next_steps"]:
            document.add_paragraph(docx_text(step), style="List Number")


def report_docx(report: Report) -> bytes:
    """The report version as .docx bytes."""
    out = io.BytesIO()
    report_document(report).save(out)
    return out.getvalue()


def report_docx_store(report: Report) -> None:
    """Render the DOCX and store it with the version (called by the render service, in the worker).

    Written with an update rather than `save()` so it composes with whatever the render service
    saves afterwards, and adds no field to its list.
    """
    report.docx.save(
        f"report-{report.assessment_id}-v{report.number}.docx", ContentFile(report_docx(report)), save=False
    )
    Report.objects.filter(pk=report.pk).update(docx=report.docx.name)
