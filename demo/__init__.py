"""Demo data for `make run`: rich enough that a newcomer sees every feature. Development only.

A Django app of its own, so only development loads it: config/settings.py installs it unless
DISCOVERY_ENV=production, the Docker image doesn't copy it, pyproject doesn't install it, and an
import-linter contract keeps every runtime package from importing it. Its commands (load_demo,
render_demo_reports, demo_mfa_code) are the only way in. Each data module adds one part
(`build(stdout)`), idempotently; steps.py runs them in order. This package imports nothing at
load time: Django imports an app's package before its models are ready.

Modules:
    apps.py — the app config (installed in development only)
    steps.py — the order the parts are built in (STEPS), run by load_demo
    management/ — the demo commands: load_demo, render_demo_reports, demo_mfa_code
    people.py — demo consultants and an admin, with profiles
    engagements.py — a dozen clients in every status, both sources, every SLA state
    samples.py — demo uploads, analysed
    respondents.py — three respondents who disagree twice; an organisation assessed twice, six months apart
    baseline.py — a recorded (labelled) baseline run for Meridian Retail, and a demo model connection
    reports.py — a rendered report for every submitted demo assessment
    paths.py — recorded traffic and earlier provider figures some demo reports carry
    history.py — eight months of past engagements for the analytics charts
    client_links.py — a self-service client half-way through, with a working link
    integrations.py — API tokens (one printed), a webhook endpoint with recorded deliveries, an SSO domain
"""
