"""The editor's pages: criteria, drafts, golden cases, publishing, the questionnaire.

Thin views of the editor; each POST that changes a row starts with `get_draft_part_or_400`
(`assessments/editor/access.py`).

Modules:
    criteria.py — the criteria editor: criteria, policy and golden cases of a draft
    drafts.py — a draft's lifecycle in the editor: start, continue, discard
    golden.py — golden cases in the criteria editor: add, rename, remove
    publish.py — impact analysis, publishing and history
    questionnaire.py — the questionnaire editor and its logic check
"""
