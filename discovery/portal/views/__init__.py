"""The client's pages: intake, private-link access, questionnaire, samples, status.

Thin views of the client portal.

Modules:
    access.py — a private link opens a session for one engagement
    intake.py — public pages: request an assessment, use or replace a private link
    questionnaire.py — the client's questionnaire: a section per page, autosave, submit
    samples.py — uploading a training sample or eval set
    status.py — where the client's engagement stands, and the delivered report
"""
