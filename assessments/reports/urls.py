"""The report's own pages. discovery/engagements/review_urls.py adds the review page and delivery (the
engagement side's) and serves them all as the `reports:` namespace under /reports/."""

from django.urls import path

from assessments.reports import views
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("<id:pk>/draft/", views.html, name="html"),
    path("<id:pk>/pdf/", views.pdf, name="pdf"),
    path("<id:pk>/retry/", views.retry, name="retry"),
    path("<id:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("assessment/<id:assessment_id>/", views.latest, name="latest"),
]
