"""The API's URLs under /api/v1/ (namespace "api"), its schema and the staff docs page, and the
admin's token page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.routers import SimpleRouter

from discovery.api import pages, views
from discovery.api.authentication import IntegrationTokenAuthentication
from discovery.api.permissions import StaffOrToken
from web import converters  # noqa: F401 - registers <id:…>

router = SimpleRouter(use_regex_path=False)
router.register("organisations", views.OrganisationViewSet)
router.register("engagements", views.EngagementViewSet)
router.register("assessments", views.AssessmentViewSet)
router.register("reports", views.ReportViewSet)
router.register("evaluations", views.EvaluationViewSet)

# The schema and docs: for a consultant signed in on the site, or a token.
_docs = {
    "authentication_classes": [IntegrationTokenAuthentication, SessionAuthentication],
    "permission_classes": [StaffOrToken],
}

api_patterns = [
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(**_docs), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html", **_docs),
        name="docs",
    ),
]

# DRF exempts its views from LoginRequiredMiddleware (the API authenticates by token, and its
# permission refuses with 401/403). The docs page is a staff page: the site's sign-in and its MFA
# gate apply to it as to any page.
for _pattern in api_patterns:
    if _pattern.name == "docs":
        _pattern.callback.login_required = True

urlpatterns = [
    path("api/v1/", include((api_patterns, "api"))),
    path("integrations/tokens/", pages.tokens, name="api-tokens"),
    path("integrations/tokens/<id:pk>/revoke/", pages.token_revoke, name="api-token-revoke"),
]
