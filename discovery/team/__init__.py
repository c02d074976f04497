"""Team and sign-in: the team page, invitations, two-step sign-in (MFA).

The staff side of signing in and of the team: admins invite, edit and deactivate members; everyone
enrols in MFA and passes the MFA gate. The rows stay in `discovery/models/team.py` and
`discovery/models/people.py`; who may do what (roles) stays in `discovery/roles.py`, which every
concept asks.

Modules:
    urls.py — the team page, invitations and MFA URLs
    views/ — the team page, invitations and MFA pages
    forms.py — team forms (invite, role, profile) and the MFA forms
    services/ — team and MFA writes
    login_form.py — the login form (the root URLconf's sign-in page uses it)
    middleware.py — the MFA gate
"""
