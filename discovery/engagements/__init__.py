"""The queue, the state machine, the response clock (SLA), review and delivery, their emails.

An engagement from request to delivered report, as consultants work it: the queue, the engagement
page and its state machine, the 48-hour response clock, the review of a report version and its
delivery, and the emails each change sends (the outbox). The rows stay in `discovery/models/`
(`engagements.py`, `outbox.py`, `organisations.py`: the models package keeps one module per
concept); the Celery tasks stay in `discovery/tasks.py`, where Celery's autodiscovery finds them
and their registered names live.

Modules:
    urls.py — the consultants' URLs: the queue's export, new workshop engagements, the engagement page and its actions
    views/ — the queue, the engagement page, report review and delivery, downloads
    forms.py — consultant forms: queue filters, notes, new workshop engagements
    baseline_forms.py — the baseline run forms: prepare (inputs, target) and start (cap, consent)
    services/ — engagement writes: state changes, submission, delivery, organisations, the outbox and its emails
    selectors.py — reads for the consultant pages: queue, engagement, review team
    review_urls.py — the `reports:` namespace: the report package's pages plus review, delivery and downloads
    sla.py — the 48-hour promise as a pure function
"""
