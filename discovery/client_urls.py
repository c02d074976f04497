"""The client's side: public intake and everything behind a private link (no account)."""

from django.urls import path

from web import converters  # noqa: F401 - registers <id:…>

from .views import client_colleagues, client_intake, client_questionnaire, client_status, samples

urlpatterns = [
    path("request/", client_intake.intake, name="client-intake"),
    path("request/sent/", client_intake.confirmation, name="client-confirmation"),
    path("request/new-link/", client_intake.link_request, name="client-link-request"),
    path("request/link-not-valid/", client_intake.link_invalid, name="client-link-invalid"),
    path("c/<str:token>/", client_intake.link, name="client-link"),
    # Served, not redirected to the slash form: a redirect would repeat the token in Location.
    path("c/<str:token>", client_intake.link, name="client-link-no-slash"),
    path("my/", client_status.status, name="client-status"),
    path("my/questions/<slug:slug>/", client_questionnaire.section, name="client-section"),
    path("my/questions/<slug:slug>/autosave/", client_questionnaire.autosave, name="client-autosave"),
    path("my/samples/<slug:kind>/upload/", samples.client_sample_upload, name="client-sample-upload"),
    path("my/samples/<id:pk>/", samples.client_sample, name="client-sample"),
    path("my/samples/<id:pk>/retry/", samples.client_sample_retry, name="client-sample-retry"),
    path("my/review/", client_questionnaire.review, name="client-review"),
    path("my/submit/", client_questionnaire.submit, name="client-submit"),
    path("my/colleagues/", client_colleagues.client_colleagues, name="client-colleagues"),
    path(
        "my/disagreements/<slug:slug>/settle/",
        client_colleagues.client_disagreement_settle,
        name="client-disagreement-settle",
    ),
    path("my/report/", client_status.report, name="client-report"),
    path("my/report.pdf", client_status.report_pdf, name="client-report-pdf"),
    path("my/report.docx", client_status.report_docx, name="client-report-docx"),
]
