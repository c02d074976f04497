"""Admins: a contact's data-protection requests (export, erasure)."""

from django.urls import path

from discovery.privacy import views
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("contacts/<id:pk>/privacy/", views.contact_privacy, name="contact-privacy"),
    path("contacts/<id:pk>/privacy/export/", views.contact_privacy_export, name="contact-privacy-export"),
    path("contacts/<id:pk>/privacy/erase/", views.contact_privacy_erase, name="contact-privacy-erase"),
]
