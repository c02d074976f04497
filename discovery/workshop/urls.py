"""Workshop mode under an engagement: a section at a time, the live verdict, the presenter view,
attendees, and the samples uploaded in the room (their views are the client portal's upload views)."""

from django.urls import path

from discovery.portal.views import samples
from discovery.workshop import views as workshop
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
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
]
