"""Django management commands of the demo app (development only).

Modules:
    commands/ — load_demo, render_demo_reports, demo_mfa_code
"""
