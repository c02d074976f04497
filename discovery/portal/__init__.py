"""The client portal: intake, private links, questionnaire pages, uploads, status.

Everything a client sees, with no account: the public request form, the private link that opens a
session for one engagement, the questionnaire a section per page (autosave, review, submit),
training-sample and eval-set uploads, where their engagement stands and the delivered report. The
upload views also serve workshop mode's uploads (one upload path). `questions.py`,
`answer_input.py` and `answer_sheet.py` draw a questionnaire as pages and read posted fields back,
for the client, the workshop and the editor's preview. The rows stay in `discovery/models/links.py`
and `engagements.py`.

Modules:
    urls.py — the client's URLs: public intake and the private-link pages
    views/ — the client's pages: intake, private-link access, questionnaire, samples, status
    forms.py — public forms: the assessment request, asking for a new link
    services/ — client-side writes: intake, private links, the public forms' hourly limits
    answer_input.py — reading posted answers, the same for client and workshop
    answer_sheet.py — a whole questionnaire as one answerable sheet
    questions.py — questionnaire into pages, posted fields back into answers
    sample_panels.py — the upload panels beside the questionnaire
"""
