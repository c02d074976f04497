"""Django management commands of the discovery app.

Modules:
    commands/ — load_demo, render_demo_reports, demo_mfa_code
"""
