"""Django management commands of the assessments app.

Modules:
    commands/ — assess, analyse_sample, run_baseline, export_content, import_content, generate_report
"""
