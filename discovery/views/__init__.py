"""The engagement side's views: thin, they call services and selectors.

Modules:
    pages.py — the public home page and the signed-in home
    client_intake.py — public pages: request an assessment, use or replace a private link
    client_access.py — a private link opens a session for one engagement
    client_questionnaire.py — the client's questionnaire: a section per page, autosave, submit
    client_questions.py — questionnaire into pages, posted fields back into answers
    client_status.py — where the client's engagement stands, and the delivered report
    answer_input.py — reading posted answers, the same for client and workshop
    answer_sheet.py — a whole questionnaire as one answerable sheet
    queue.py — the consultants' queue, its export, new workshop engagements
    engagements.py — the engagement page and its actions
    workshop.py — workshop mode: a section at a time, a live provisional verdict
    samples.py — uploading a training sample or eval set
    baseline.py — the measured baseline: prepare, start, watch, cancel and resume a run, its results
    sample_panels.py — the upload panels beside the questionnaire
    report_review.py — the architect's review of a report version, and its delivery
    report_exports.py — report downloads: DOCX, action plan CSV/XLSX
    report_golden_case.py — "Save as golden case" on the review page
    editor_answers.py — the editor's pages answered with the client's widgets
    team.py — the team page for admins
    mfa.py — MFA enrolment and the code check
    privacy.py — data-protection requests for a contact: view, export, erase
    health.py — liveness and readiness probes
"""
