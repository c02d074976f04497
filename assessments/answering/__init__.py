"""Answering a questionnaire: its sections drawn as pages and posted fields read back into answers.

One set of question widgets for everyone who answers: the client's private-link pages, workshop
mode and the editor's golden-case answers and preview (both apps' views use it, so it sits below
the views of both). Nothing here renders a page or decides a verdict; answers are stored by
`assessments/services/answers.py`.

Modules:
    questions.py — questionnaire into pages, posted fields back into answers
    answer_input.py — reading one posted answer, the same for client and workshop
    answer_sheet.py — a whole questionnaire as one answerable sheet (the editor's)
"""
