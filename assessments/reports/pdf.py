"""HTML → PDF with WeasyPrint, fetching only the project's own static files.

The report contains client text; even though it is escaped, the renderer must never reach the
network or the file system on the document's behalf. Only `/static/...` under BASE_URL resolves,
through Django's staticfiles finders; everything else (http, file://, data:) is refused.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

BASE_URL = "https://report.discovery.invalid/"
_STATIC_PREFIX = BASE_URL.rstrip("/") + settings.STATIC_URL


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        return static_only_fetch(url)


def _static_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


def static_only_fetch(url: str) -> URLFetcherResponse:
    """Serve `url` if it names a file in the project's static dirs; refuse anything else."""
    if not url.startswith(_STATIC_PREFIX):
        raise URLFetchingError(f"Refused to fetch {url[:200]!r}: reports may only use the project's static files")
    relative = url[len(_STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    if ".." in relative.split("/") or relative.startswith("/"):
        raise URLFetchingError(f"Refused to fetch {relative!r}: outside the static dirs")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise URLFetchingError(f"Refused to fetch {relative!r}: outside the static dirs") from exc
    if not found:
        raise URLFetchingError(f"No static file {relative!r}")
    path = Path(found).resolve()
    if not any(path.is_relative_to(root) for root in _static_roots()):
        raise URLFetchingError(f"Refused to fetch {relative!r}: outside the static dirs")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document: screen readers get the structure (headings, tables, lists), the
    title and language come from the HTML, and every heading becomes a bookmark."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(pdf_variant="pdf/ua-1")
