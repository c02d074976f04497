from django.urls import path

from assessments.views import reports

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", reports.review, name="review"),
    path("<int:pk>/draft/", reports.html, name="html"),
    path("<int:pk>/pdf/", reports.pdf, name="pdf"),
    path("<int:pk>/deliver/", reports.deliver, name="deliver"),
    path("<int:pk>/retry/", reports.retry, name="retry"),
    path("<int:pk>/regenerate/", reports.regenerate, name="regenerate"),
    path("assessment/<int:assessment_id>/", reports.latest, name="latest"),
]
