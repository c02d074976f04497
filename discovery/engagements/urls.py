from django.urls import path

from discovery.engagements.views import baseline, detail, disagreements, organisations, queue
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("engagements/new/", queue.engagement_new, name="engagement-new"),
    path("queue/export.<str:fmt>", queue.queue_export, name="queue-export"),
    path("engagements/<id:pk>/", detail.engagement, name="engagement"),
    path("engagements/<id:pk>/reassess/", detail.engagement_reassess, name="engagement-reassess"),
    path("engagements/<id:pk>/disagreements/", disagreements.engagement_disagreements, name="engagement-disagreements"),
    path(
        "engagements/<id:pk>/disagreements/<slug:slug>/settle/",
        disagreements.engagement_disagreement_settle,
        name="engagement-disagreement-settle",
    ),
    path(
        "engagements/<id:pk>/respondents/invite/",
        disagreements.engagement_respondent_invite,
        name="engagement-respondent-invite",
    ),
    path(
        "engagements/<id:pk>/respondents/<id:respondent>/remove/",
        disagreements.engagement_respondent_remove,
        name="engagement-respondent-remove",
    ),
    path("organisations/<id:pk>/", organisations.organisation, name="organisation"),
    path("organisations/<id:pk>/compare/", organisations.organisation_compare, name="organisation-compare"),
    path("engagements/<id:pk>/status/", detail.engagement_transition_view, name="engagement-transition"),
    path("engagements/<id:pk>/withdraw/", detail.engagement_withdraw_view, name="engagement-withdraw"),
    path("engagements/<id:pk>/reopen/", detail.engagement_reopen_view, name="engagement-reopen"),
    path("engagements/<id:pk>/assign/", detail.engagement_assign_view, name="engagement-assign"),
    path("engagements/<id:pk>/notes/", detail.engagement_note_view, name="engagement-note"),
    path("engagements/<id:pk>/contact/", detail.engagement_contact_update, name="engagement-contact-update"),
    path("engagements/<id:pk>/link/reissue/", detail.engagement_link_reissue, name="engagement-link-reissue"),
    path(
        "engagements/<id:pk>/links/<id:link_id>/revoke/",
        detail.engagement_link_revoke,
        name="engagement-link-revoke",
    ),
    path(
        "engagements/<id:pk>/emails/<id:email_id>/resend/",
        detail.engagement_email_resend,
        name="engagement-email-resend",
    ),
    # The measured baseline: prepare, start, watch, cancel, resume a run on the client's eval set.
    path("engagements/<id:pk>/baseline/", baseline.baseline_page, name="baseline"),
    path("engagements/<id:pk>/baseline/runs/<id:run_id>/", baseline.baseline_run, name="baseline-run"),
    path(
        "engagements/<id:pk>/baseline/runs/<id:run_id>/start/", baseline.baseline_run_start, name="baseline-run-start"
    ),
    path(
        "engagements/<id:pk>/baseline/runs/<id:run_id>/cancel/",
        baseline.baseline_run_cancel,
        name="baseline-run-cancel",
    ),
    path(
        "engagements/<id:pk>/baseline/runs/<id:run_id>/resume/",
        baseline.baseline_run_resume,
        name="baseline-run-resume",
    ),
]
