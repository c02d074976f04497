"""Portfolio analytics: how verdicts, criteria, response times and overrides add up across
engagements. Reads only (selectors, pure figures, SVG charts), a page and its CSV downloads.

Modules:
    figures.py — the portfolio figures as pure functions
    selectors.py — reads: a few flat queries, then the figures
    charts.py — inline SVG charts drawn on the server
    forms.py — the filters (period, industry, lead)
    views.py — the analytics page and its CSV downloads
    urls.py — the analytics URLs
"""
