"""The queue, the engagement page, report review and delivery, downloads.

Thin views of the engagements concept. `review.py` is the review page and delivery (engagement
concerns; the report's own pages are `assessments/reports/views.py`).

Modules:
    baseline.py — the measured baseline: prepare, start, watch, cancel and resume a run, its results
    detail.py — the engagement page and its actions
    disagreements.py — respondents' disagreements side by side, settled by consultants; inviting a colleague
    golden_case.py — "Save as golden case" on the review page
    organisations.py — an organisation over time, and two of its assessments compared
    queue.py — the consultants' queue, its export, new workshop engagements
    report_exports.py — report downloads: DOCX, action plan CSV/XLSX
    review.py — the architect's review of a report version, and its delivery
"""
