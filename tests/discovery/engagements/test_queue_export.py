"""The queue as CSV and XLSX: the filters on screen, every page, formulas neutralised."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.discovery.engagement_factories import make_engagement, make_submitted
from web.exports import xlsx_bytes


@pytest.mark.django_db
def test_the_queue_csv_has_every_filtered_row_in_queue_order_with_client_text_neutralised(client, alice):
    make_submitted("Late Logistics", hours_ago=50, lead=alice)
    make_engagement("=HYPERLINK(evil)", lead=alice)
    make_engagement("Not Mine Ltd")
    client.force_login(alice)
    response = client.get(reverse("queue-export", args=["csv"]), {"owner": "me"})
    assert response["Content-Disposition"].startswith('attachment; filename="discovery-queue-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Organisation,Contact,Email,Source,Status,Lead architect")
    assert lines[1].startswith("Late Logistics,") and "Overdue" in lines[1]
    assert lines[2].startswith("'=HYPERLINK(evil),")
    assert len(lines) == 3


@pytest.mark.django_db
def test_the_queue_xlsx_keeps_dates_as_dates_and_client_text_as_text(client, alice):
    make_submitted("@SUM(1)", hours_ago=3)
    client.force_login(alice)
    response = client.get(reverse("queue-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Organisation" and sheet["A1"].font.bold
    assert sheet["A2"].value == "@SUM(1)" and sheet["A2"].data_type == "s"
    assert sheet["H2"].is_date


@pytest.mark.django_db
def test_one_organisation_name_xml_cannot_hold_does_not_break_the_queue_xlsx(client, alice):
    make_submitted("Evil\uffff Co", hours_ago=3)
    client.force_login(alice)
    response = client.get(reverse("queue-export", args=["xlsx"]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "Evil Co"


def test_no_xlsx_cell_is_ever_a_formula_and_xml_illegal_characters_are_dropped():
    book = load_workbook(io.BytesIO(xlsx_bytes([["Name"], ["=1+1"], ["+cmd"], ["a\x00b\x1bc"], [12.5]], title="T")))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "+cmd", "abc", 12.5]
    assert [c.data_type for c in cells] == ["s", "s", "s", "n"]
    assert cells[0].quotePrefix  # Excel keeps it text when the cell is edited


@pytest.mark.django_db
def test_an_unknown_export_format_is_not_found_and_strangers_get_nothing(client, alice, charlie):
    client.force_login(alice)
    assert client.get(reverse("queue-export", args=["pdf"])).status_code == 404
    client.force_login(charlie)
    assert client.get(reverse("queue-export", args=["csv"])).status_code in (302, 403)
