"""Recommendation reports, one concept in one package (the Report model stays in models/).

The review page and delivery are the engagement side's (discovery/engagements/views/review.py and
discovery/engagements/services/delivery.py): they rank consultants and act for the engagement's lead.
Report code reaches the engagement only through its foreign keys (report.assessment.engagement).

Modules:
    services.py — writes: request, revise, render, retry, sweep (tasks queued on commit)
    events.py — the signals the report concept sends (report_ready), apart from the service
    selectors.py — reads: newest version, versions, the delivered one, the answers shown beside it
    views.py — the report itself: draft HTML, PDF, retry, regenerate, newest version
    access.py — a report version for a request (get_report_or_404); erased ones go back to review
    urls.py — the `reports:` URL namespace's report pages
    forms.py — the architect's review form
    document.py — the report as structured content (chapters of blocks): the one source of its words
    sections.py — builds that document once per version, one small builder per chapter (CHAPTERS)
    html.py — the document laid out by the report template (screen, and print through WeasyPrint)
    pdf.py — HTML → PDF with WeasyPrint, fetching only the project's own static files
    docx.py — the document walked into an editable Word file
    charts.py — the scorecard per kind of criterion
    measured.py — the "Measured readiness" section and stated-vs-measured sentences
    paths.py — the "Training paths and cost" section, from the profiles each version froze
    baseline.py — the "Measured baseline" chapter: pass rates and intervals per prompt, cost, what follows
    scope.py — the fine-tuning programme scope, sized by the answers
    since.py — "Points of disagreement" (respondents) and "Since your last assessment", in words
"""
