"""`python manage.py <command>` for the demo data.

Modules:
    load_demo.py — load (or refresh) the demo data; idempotent
    render_demo_reports.py — reports for the demo engagements that reached submission
    demo_mfa_code.py — the demo admin's current MFA code (never in production)
"""
