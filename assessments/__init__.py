"""The assessment side: what is asked, how a verdict is decided, and the report that says it.

Modules:
    answering/ — a questionnaire drawn as pages and posted fields read back: client, workshop, editor
    editor/ — the content editor: admins change criteria and questionnaires as drafts, check them, publish
    engine/ — the decision engine, pure Python (no Django): definitions, evaluation, validation, golden cases
    models/ — rows that carry their invariants: content versions, answers, evaluations, reports, samples
    services/ — writes: answers, evaluation, content, publishing, editing, golden cases, impact, samples
    reports/ — the recommendation report concept: services, selectors, views, rendering
    samples/ — the training-sample and eval-set analyser, pure Python (no Django)
    baseline/ — measuring the base model on the client's eval set: graders, runner, SDK adapter (no Django)
    management/ — manage.py commands of this app
    templatetags/ — template filters (verdict_label)
    selectors.py — reads: published versions, content as the engine sees it, who changed what
    tasks.py — Celery tasks: report rendering and sweep, impact runs, sample analysis, purge
    admin.py — the Django admin for questionnaires and criteria sets
    admin_forms.py — forms and widgets for the content admin
    admin_profiles.py — provider profiles in the Django admin
    admin_connections.py — model connections in the Django admin (the API key write-only)
    signals.py — signal receivers: install content on an empty database
    apps.py — the app config (connects the signals)
"""
