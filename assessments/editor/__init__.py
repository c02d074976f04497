"""The content editor: admins change criteria and questionnaires as drafts, check them, publish.

The editor concept: admins change a draft of the criteria or the questionnaire safely (every view
is admin_required), see what a draft would change in every verdict on record, and publish. The rows
stay in `assessments/models/content.py`; its writes are `assessments/services/editing.py`,
`golden_cases.py`, `impact.py` and `publishing.py`. The editor's pages answered with the client's
widgets (golden answers, preview) are still `discovery/views/editor_answers.py` under the same
/editor/ prefix.

Modules:
    urls.py — the editor's URLs under /editor/
    views/ — the editor's pages: criteria, drafts, golden cases, publishing, the questionnaire
    access.py — a draft part for an editor request: `get_draft_part_or_400`, `@draft_edit`
"""
