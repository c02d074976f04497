"""The client's side: public intake and everything behind a private link (no account)."""

from django.urls import path

from discovery.portal.views import colleagues, intake, questionnaire, samples, status
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("request/", intake.intake, name="client-intake"),
    path("request/sent/", intake.confirmation, name="client-confirmation"),
    path("request/new-link/", intake.link_request, name="client-link-request"),
    path("request/link-not-valid/", intake.link_invalid, name="client-link-invalid"),
    path("c/<str:token>/", intake.link, name="client-link"),
    # Served, not redirected to the slash form: a redirect would repeat the token in Location.
    path("c/<str:token>", intake.link, name="client-link-no-slash"),
    path("my/", status.status, name="client-status"),
    path("my/questions/<slug:slug>/", questionnaire.section, name="client-section"),
    path("my/questions/<slug:slug>/autosave/", questionnaire.autosave, name="client-autosave"),
    path("my/samples/<slug:kind>/upload/", samples.client_sample_upload, name="client-sample-upload"),
    path("my/samples/<id:pk>/", samples.client_sample, name="client-sample"),
    path("my/samples/<id:pk>/retry/", samples.client_sample_retry, name="client-sample-retry"),
    path("my/review/", questionnaire.review, name="client-review"),
    path("my/submit/", questionnaire.submit, name="client-submit"),
    path("my/colleagues/", colleagues.client_colleagues, name="client-colleagues"),
    path("my/colleagues/<id:pk>/remove/", colleagues.client_colleague_remove, name="client-colleague-remove"),
    path(
        "my/disagreements/<slug:slug>/settle/",
        colleagues.client_disagreement_settle,
        name="client-disagreement-settle",
    ),
    path("my/report/", status.report, name="client-report"),
    path("my/report.pdf", status.report_pdf, name="client-report-pdf"),
    path("my/report.docx", status.report_docx, name="client-report-docx"),
]
