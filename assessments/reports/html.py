"""The report's HTML (screen, and print through WeasyPrint): the document laid out by one template.

`reports/report.html` iterates the document's chapters and blocks (`reports/_blocks.html`); it
holds no sentence of its own (assessments/reports/document.py).
"""

import re
from html import unescape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from assessments.reports.document import ReportDocument
from assessments.reports.sections import report_document


def document_html(document: ReportDocument) -> str:
    return render_to_string("reports/report.html", {"doc": document})


def report_html(report) -> str:
    """The HTML of one version with its evaluation snapshot (the render service builds the
    document once and passes it to every renderer instead)."""
    return document_html(report_document(report))


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def report_body(document: str) -> SafeString:
    """The inside of a stored report document's <body>, to show within another page.

    The document was written by `report_html` from escaped content, so it is safe as it stands;
    a stored fragment without a <body> is shown whole.
    """
    found = _BODY.search(document)
    return mark_safe(found.group(1) if found else document)  # noqa: S308 - our own rendered, escaped report


_CHAPTER = re.compile(r'<section id="([\w-]+)" class="chapter">\s*<h2>(.*?)</h2>', re.DOTALL)


def report_chapters(document: str) -> list[tuple[str, str]]:
    """(anchor, title) of each chapter of a stored report document, in order: the review page's
    links into its preview. Read from the stored HTML, so they are the chapters that version has."""
    return [(anchor, unescape(title)) for anchor, title in _CHAPTER.findall(document or "")]
