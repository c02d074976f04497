"""The `reports:` namespace under /reports/: the report package's own pages plus the review page
and delivery, which are the engagement side's (discovery/engagements/views/review.py)."""

from django.urls import path

from assessments.reports import urls as report_urls
from discovery.engagements.views import golden_case, report_exports, review
from web import converters  # noqa: F401 - registers <id:…>

app_name = "reports"

urlpatterns = [
    path("<id:pk>/", review.review, name="review"),
    path("<id:pk>/deliver/", review.deliver, name="deliver"),
    path("<id:pk>/golden-case/", golden_case.save_as_golden_case, name="golden-case"),
    path("<id:pk>/docx/", report_exports.docx, name="docx"),
    path("<id:pk>/action-plan.<str:fmt>", report_exports.action_plan, name="action-plan"),
    *report_urls.urlpatterns,
]
