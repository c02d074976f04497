from django.urls import path

from discovery.views import baseline, engagements, privacy, queue, samples, workshop
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("engagements/new/", queue.engagement_new, name="engagement-new"),
    path("queue/export.<str:fmt>", queue.queue_export, name="queue-export"),
    path("engagements/<id:pk>/", engagements.engagement, name="engagement"),
    path("engagements/<id:pk>/status/", engagements.engagement_transition_view, name="engagement-transition"),
    path("engagements/<id:pk>/withdraw/", engagements.engagement_withdraw_view, name="engagement-withdraw"),
    path("engagements/<id:pk>/reopen/", engagements.engagement_reopen_view, name="engagement-reopen"),
    path("engagements/<id:pk>/assign/", engagements.engagement_assign_view, name="engagement-assign"),
    path("engagements/<id:pk>/notes/", engagements.engagement_note_view, name="engagement-note"),
    path("engagements/<id:pk>/contact/", engagements.engagement_contact_update, name="engagement-contact-update"),
    path("engagements/<id:pk>/link/reissue/", engagements.engagement_link_reissue, name="engagement-link-reissue"),
    path(
        "engagements/<id:pk>/links/<id:link_id>/revoke/",
        engagements.engagement_link_revoke,
        name="engagement-link-revoke",
    ),
    path(
        "engagements/<id:pk>/emails/<id:email_id>/resend/",
        engagements.engagement_email_resend,
        name="engagement-email-resend",
    ),
    path("engagements/<id:pk>/workshop/", workshop.workshop, name="workshop"),
    path("engagements/<id:pk>/workshop/start/", workshop.workshop_begin, name="workshop-start"),
    path("engagements/<id:pk>/workshop/end/", workshop.workshop_finish, name="workshop-end"),
    path("engagements/<id:pk>/workshop/verdict/", workshop.workshop_verdict, name="workshop-verdict"),
    path("engagements/<id:pk>/workshop/presenter/", workshop.workshop_presenter, name="workshop-presenter"),
    path("engagements/<id:pk>/workshop/attendees/", workshop.workshop_attendees, name="workshop-attendees"),
    path("engagements/<id:pk>/workshop/answers/<slug:slug>/", workshop.workshop_answer, name="workshop-answer"),
    path(
        "engagements/<id:pk>/workshop/samples/<slug:kind>/upload/",
        samples.workshop_sample_upload,
        name="workshop-sample-upload",
    ),
    path("engagements/<id:pk>/workshop/samples/<id:sample_id>/", samples.workshop_sample, name="workshop-sample"),
    path(
        "engagements/<id:pk>/workshop/samples/<id:sample_id>/retry/",
        samples.workshop_sample_retry,
        name="workshop-sample-retry",
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
    # Admins: a contact's data-protection requests (export, erasure).
    path("contacts/<id:pk>/privacy/", privacy.contact_privacy, name="contact-privacy"),
    path("contacts/<id:pk>/privacy/export/", privacy.contact_privacy_export, name="contact-privacy-export"),
    path("contacts/<id:pk>/privacy/erase/", privacy.contact_privacy_erase, name="contact-privacy-erase"),
]
