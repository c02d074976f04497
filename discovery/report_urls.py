"""The `reports:` namespace under /reports/: the report package's own pages plus the review page
and delivery, which are the engagement side's (discovery/views/report_review.py)."""

from django.urls import path

from assessments.reports import urls as report_urls
from discovery.views import report_review
from web import converters  # noqa: F401 - registers <id:…>

app_name = "reports"

urlpatterns = [
    path("<id:pk>/", report_review.review, name="review"),
    path("<id:pk>/deliver/", report_review.deliver, name="deliver"),
    *report_urls.urlpatterns,
]
