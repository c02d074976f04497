from django.core.management.base import BaseCommand

from demo.people import DEMO_ADMIN, DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD, PEOPLE
from demo.steps import STEPS


class Command(BaseCommand):
    help = "Load (or refresh) the demo data used by `make run`. Safe to run repeatedly."

    def handle(self, *args, **options):
        for step in STEPS:
            step(self.stdout)
        self.stdout.write(self.style.SUCCESS("\nDemo data is ready. Sign in at /accounts/login/ with:"))
        for username, first, last, title, _skills, _load, groups in PEOPLE:
            role = "admin + consultant" if "Admins" in groups else "consultant"
            self.stdout.write(f"  {username:<8} / {DEMO_PASSWORD}   ({first} {last}, {title}; {role})")
        self.stdout.write(
            f"  {DEMO_ADMIN} also needs a one-time code (MFA is required for admins): run\n"
            "      python manage.py demo_mfa_code\n"
            f"  for the current one, or add the key {DEMO_ADMIN_TOTP_SECRET} to an authenticator app."
        )
