"""The `reports:` namespace under /reports/: the report package's own pages plus the review page
and delivery, which are the engagement side's (discovery/views/report_review.py)."""

from django.urls import path

from assessments.reports import urls as report_urls
from discovery.views import report_exports, report_golden_case, report_review
from web import converters  # noqa: F401 - registers <id:…>

app_name = "reports"

urlpatterns = [
    path("<id:pk>/", report_review.review, name="review"),
    path("<id:pk>/deliver/", report_review.deliver, name="deliver"),
    path("<id:pk>/golden-case/", report_golden_case.save_as_golden_case, name="golden-case"),
    path("<id:pk>/docx/", report_exports.docx, name="docx"),
    path("<id:pk>/action-plan.<str:fmt>", report_exports.action_plan, name="action-plan"),
    *report_urls.urlpatterns,
]
