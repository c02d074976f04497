"""Django management commands of the assessments app.

Modules:
    commands/ — assess, analyse_sample, export_content, import_content, generate_report
"""
