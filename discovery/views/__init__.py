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
    workshop.py — workshop mode: a section at a time, a live provisional verdict
    samples.py — uploading a training sample or eval set
    sample_panels.py — the upload panels beside the questionnaire
    editor_answers.py — the editor's pages answered with the client's widgets
    health.py — liveness and readiness probes
"""
