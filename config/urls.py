from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from discovery.engagements.views import queue
from discovery.roles import is_admin
from discovery.team.login_form import LoginForm
from discovery.views import health, pages

admin.site.site_header = "Discovery administration"
admin.site.site_title = "Discovery admin"
# Only admins reach the Django admin (content editing); consultants, even with is_staff, don't.
admin.site.has_permission = lambda request: request.user.is_active and is_admin(request.user)
# MFA devices are reset on the team page, which records who did it; django-otp's admin pages
# would change them with no trail (and its QR view needs a package we don't ship).
admin.site.unregister([TOTPDevice, StaticDevice])

urlpatterns = [
    path("", pages.public_home, name="public-home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("home/", pages.home, name="home"),
    path("queue/", queue.queue, name="queue"),
    # Each area of the product keeps its own URL module.
    path("", include("discovery.portal.urls")),  # public intake and the client's private link
    path("", include("discovery.engagements.urls")),  # queue, engagements
    path("", include("discovery.workshop.urls")),  # workshop mode under an engagement
    path("", include("discovery.team.urls")),  # admins: the team page; everyone: MFA, invitations
    path("", include("discovery.privacy.urls")),  # admins: a contact's export and erasure
    path("reports/", include("discovery.engagements.review_urls")),  # report review, delivery, PDFs
    path("editor/", include("assessments.editor.urls")),  # admins: criteria and questionnaire editor
    path("editor/", include("discovery.editor_urls")),  # admins: golden answers and preview, client widgets
    path("analytics/", include("discovery.analytics.urls")),  # portfolio figures and their CSVs
    path("admin/", admin.site.urls),
]
# Media (report PDFs) is never served as static files: views check who may see each one.
