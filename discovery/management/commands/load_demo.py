from django.core.management.base import BaseCommand

from discovery.demo import STEPS
from discovery.demo.people import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Load (or refresh) the demo data used by `make run`. Safe to run repeatedly."

    def handle(self, *args, **options):
        for step in STEPS:
            step(self.stdout)
        self.stdout.write(self.style.SUCCESS("\nDemo data is ready. Sign in at /accounts/login/ with:"))
        for username, first, last, title, _skills, _load, groups in PEOPLE:
            role = "admin + consultant" if "Admins" in groups else "consultant"
            self.stdout.write(f"  {username:<8} / {DEMO_PASSWORD}   ({first} {last}, {title}; {role})")
