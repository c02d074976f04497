"""`python manage.py <command>` for content, assessments, samples, baselines and reports.

Modules:
    analyse_sample.py — `analyse_sample FILE`: a training sample or eval set measured, in the terminal
    assess.py — `assess --answers FILE`: the engine's verdict for an answer file
    export_content.py — `export_content SLUG [VERSION]`: one content version as JSON
    generate_report.py — `generate_report --assessment ID`: a new report version, rendered in this process
    import_content.py — `import_content FILE`: a JSON document as a new draft (optionally published)
    run_baseline.py — `run_baseline --eval FILE --model KIND:MODEL`: a base model measured on an eval set, as JSON
"""
