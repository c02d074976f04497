"""Recommendation reports, one concept in one package (the Report model stays in models/).

    services.py   writes: request, revise, render, retry, sweep (tasks queued on commit)
    selectors.py  reads: newest version, versions, the delivered one, the answers shown beside it
    views.py      the report itself: draft HTML, PDF, retry, regenerate, newest version
    urls.py       the `reports:` URL namespace
    forms.py      the architect's review form
    html.py, pdf.py, charts.py, scope.py   rendering

The review page and delivery are the engagement side's (discovery/views/report_review.py and
discovery/services/delivery.py): they rank consultants and act for the engagement's lead.
Report code reaches the engagement only through its foreign keys (report.assessment.engagement).
"""
