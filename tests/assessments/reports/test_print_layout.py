"""The PDF's page breaks, read from WeasyPrint's own layout of the report: a table row never
splits over two pages, a heading never ends a page, and no page holds a stray item or two of a
longer list."""

from collections import defaultdict

import pytest
from weasyprint import HTML

from assessments.models import Answer
from assessments.reports.html import report_html
from assessments.reports.pdf import BASE_URL, StaticOnlyFetcher
from assessments.reports.services import report_generate_now
from tests.assessments.reports.factories import make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample

pytestmark = pytest.mark.django_db


_LAYOUT = {}


@pytest.fixture
def laid_out(db):
    """The print layout of a long report (measured uploads, disagreements): element → pages, and
    each element's first box (for its computed style). Laid out once for the module: it is pure
    layout data, and WeasyPrint takes seconds."""
    if not _LAYOUT:
        assessment = make_assessment("fine_tune", curated_examples="over_1000")
        analysed_sample(assessment, unique=412, duplicates=38, pii=3)
        analysed_eval_set(assessment, with_expected=20, without=2)
        Answer.objects.filter(assessment=assessment).update(
            stakeholders_disagree=True, disagreement_detail="The CTO and the product lead see this differently."
        )
        report = report_generate_now(assessment=assessment, narrative="Fine-tune now. " * 40)
        html = report_html(report)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
        pages, first_box = defaultdict(set), {}
        for number, page in enumerate(document.pages, start=1):
            for box in page._page_box.descendants():
                element = getattr(box, "element", None)
                if element is not None:
                    pages[element].add(number)
                    first_box.setdefault(element, box)
        _LAYOUT["value"] = (pages, first_box)
    return _LAYOUT["value"]


def elements(laid_out, tag):
    pages, _ = laid_out
    return [e for e in pages if e.tag == tag]


def test_no_table_row_spans_two_pages(laid_out):
    pages, first_box = laid_out
    rows = elements(laid_out, "tr")
    assert len(rows) > 40
    assert [first_box[r].style["break_inside"] for r in rows if first_box[r].style["break_inside"] != "avoid"] == []
    # A header row is repeated on each page a long table runs over (print does that on purpose).
    headers = {row for head in elements(laid_out, "thead") for row in head}
    body = [r for r in rows if r not in headers]
    split = [" | ".join(c.text or "" for c in r)[:80] for r in body if len(pages[r]) > 1]
    assert split == []


def test_a_heading_is_on_the_page_where_what_follows_it_starts(laid_out):
    pages, first_box = laid_out
    headings = elements(laid_out, "h2") + elements(laid_out, "h3")
    assert all(first_box[h].style["break_after"] == "avoid" for h in headings)
    root = next(e for e in pages if e.tag == "html")
    next_sibling = {a: b for parent in root.iter() for a, b in zip(list(parent), list(parent)[1:], strict=False)}
    for heading in headings:
        following = next_sibling.get(heading)
        if following is not None and following in pages:
            assert min(pages[following]) == max(pages[heading]), heading.text


def test_no_page_holds_only_one_or_two_items_of_a_longer_list(laid_out):
    pages, first_box = laid_out
    longer = [listing for tag in ("ul", "ol") for listing in elements(laid_out, tag) if len(listing) > 3]
    assert longer
    for listing in longer:
        kept = [first_box[li].style["break_before"] for li in (listing[1], listing[2], listing[-2], listing[-1])]
        assert kept == ["avoid"] * 4
    for tag in ("ul", "ol"):
        for listing in elements(laid_out, tag):
            items = [li for li in listing if li.tag == "li" and li in pages]
            per_page = defaultdict(int)
            for li in items:
                per_page[min(pages[li])] += 1
            if len(items) > 3 and len(per_page) > 1:
                assert min(per_page.values()) >= 3, [li.text for li in items]
