"""The content editor's views (admins only); thin: they call services and selectors.

Modules:
    editor.py — the criteria editor: criteria, policy and golden cases of a draft
    editor_drafts.py — a draft's lifecycle in the editor: start, continue, discard
    editor_golden.py — golden cases in the criteria editor: add, rename, remove
    editor_publish.py — impact analysis, publishing and history
    editor_questionnaire.py — the questionnaire editor and its logic check
"""
