"""The team page, invitations and MFA pages.

Views of the team and sign-in concept.

Modules:
    members.py — the team page for admins, and accepting an invitation
    mfa.py — MFA enrolment and the code check
"""
