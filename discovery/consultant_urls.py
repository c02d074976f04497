from django.urls import path

from discovery.views import engagements, queue, workshop

urlpatterns = [
    path("engagements/new/", queue.engagement_new, name="engagement-new"),
    path("queue/export.<str:fmt>", queue.queue_export, name="queue-export"),
    path("engagements/<int:pk>/", engagements.engagement, name="engagement"),
    path("engagements/<int:pk>/status/", engagements.engagement_transition_view, name="engagement-transition"),
    path("engagements/<int:pk>/withdraw/", engagements.engagement_withdraw_view, name="engagement-withdraw"),
    path("engagements/<int:pk>/reopen/", engagements.engagement_reopen_view, name="engagement-reopen"),
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
]
