from django.urls import path

from discovery.views import engagements, privacy, queue, workshop

urlpatterns = [
    path("engagements/new/", queue.engagement_new, name="engagement-new"),
    path("engagements/<int:pk>/", engagements.engagement, name="engagement"),
    path("engagements/<int:pk>/status/", engagements.engagement_transition_view, name="engagement-transition"),
    path("engagements/<int:pk>/assign/", engagements.engagement_assign_view, name="engagement-assign"),
    path("engagements/<int:pk>/notes/", engagements.engagement_note_view, name="engagement-note"),
    path("engagements/<int:pk>/contact/", engagements.engagement_contact_update, name="engagement-contact-update"),
    path("engagements/<int:pk>/link/reissue/", engagements.engagement_link_reissue, name="engagement-link-reissue"),
    path(
        "engagements/<int:pk>/links/<int:link_id>/revoke/",
        engagements.engagement_link_revoke,
        name="engagement-link-revoke",
    ),
    path("engagements/<int:pk>/workshop/", workshop.workshop, name="workshop"),
    path("engagements/<int:pk>/workshop/start/", workshop.workshop_begin, name="workshop-start"),
    path("engagements/<int:pk>/workshop/end/", workshop.workshop_finish, name="workshop-end"),
    path("engagements/<int:pk>/workshop/verdict/", workshop.workshop_verdict, name="workshop-verdict"),
    path("engagements/<int:pk>/workshop/attendees/", workshop.workshop_attendees, name="workshop-attendees"),
    path("engagements/<int:pk>/workshop/answers/<slug:slug>/", workshop.workshop_answer, name="workshop-answer"),
    # Admins: a contact's data-protection requests (export, erasure).
    path("contacts/<int:pk>/privacy/", privacy.contact_privacy, name="contact-privacy"),
    path("contacts/<int:pk>/privacy/export/", privacy.contact_privacy_export, name="contact-privacy-export"),
    path("contacts/<int:pk>/privacy/erase/", privacy.contact_privacy_erase, name="contact-privacy-erase"),
]
