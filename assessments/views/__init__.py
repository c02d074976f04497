"""The content editor's views (admins only); thin: they call services and selectors.

Modules:
    editor.py — the criteria editor: criteria, policy and golden cases of a draft
    editor_drafts.py — a draft's lifecycle in the editor: start, continue, discard
    editor_golden.py — golden cases in the criteria editor: add, rename, remove
    editor_lookup.py — what the editor's views share: get_draft_part_or_400, @draft_edit
    editor_publish.py — impact analysis, publishing and history
    editor_questionnaire.py — the questionnaire editor and its logic check
"""
