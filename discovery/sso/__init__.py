"""Single sign-on for staff over OpenID Connect (mozilla-django-oidc), configured by environment.

Modules:
    models.py — the email domains whose newcomers get an account at their first sign-in
    provider.py — the identity provider's endpoints, from its discovery document
    backend.py — match by verified email, create only for an allowed domain, never set a role
    services.py — allow or remove a domain, create a newcomer's account
    views.py — the two steps of a sign-in through the identity provider
    forms.py — the admin's allow-a-domain form
    pages.py — the admin's single sign-on page
    urls.py — the sign-in steps and the admin's page
"""
