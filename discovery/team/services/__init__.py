"""Team and MFA writes.

Writes of the team and sign-in concept: one verb per function.

Modules:
    members.py — invite, edit, deactivate team members
    mfa.py — enrolling in MFA and checking a code
"""
