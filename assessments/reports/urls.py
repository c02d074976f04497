"""The report's own pages. discovery/report_urls.py adds the review page and delivery (the
engagement side's) and serves them all as the `reports:` namespace under /reports/."""

from django.urls import path

from assessments.reports import views

urlpatterns = [
    path("<int:pk>/draft/", views.html, name="html"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/regenerate/", views.regenerate, name="regenerate"),
    path("assessment/<int:assessment_id>/", views.latest, name="latest"),
]
