from django.urls import path

from discovery.sso import pages, views
from web import converters  # noqa: F401 - registers <id:…>

# mozilla-django-oidc reverses these two names.
urlpatterns = [
    path("accounts/sso/start/", views.SsoStart.as_view(), name="oidc_authentication_init"),
    path("accounts/sso/callback/", views.SsoCallback.as_view(), name="oidc_authentication_callback"),
    path("integrations/sso/", pages.sso_domains, name="sso-domains"),
    path("integrations/sso/<id:pk>/remove/", pages.sso_domain_remove_view, name="sso-domain-remove"),
]
