"""Demo consultants and an admin, with profiles the report can propose.

Admins need MFA, so the demo admin gets an authenticator device with a known secret: add
DEMO_ADMIN_TOTP_SECRET to any authenticator app, or run `manage.py demo_mfa_code` for the code.
"""

from base64 import b32encode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from discovery.models import ConsultantProfile
from discovery.roles import ADMINS, CONSULTANTS

DEMO_PASSWORD = "discovery-demo"  # noqa: S105 - printed on purpose: local demo only
DEMO_ADMIN = "admin"
DEMO_DEVICE_NAME = "Demo authenticator"
DEMO_ADMIN_TOTP_KEY = b"discovery-demo-admin".hex()  # printed on purpose: local demo only
DEMO_ADMIN_TOTP_SECRET = b32encode(bytes.fromhex(DEMO_ADMIN_TOTP_KEY)).decode()

PEOPLE = [
    # username, first, last, title, skills, external load, groups
    ("admin", "Ada", "Admin", "Head of Architecture", ["fine_tuning", "evaluation", "mlops"], 1, [ADMINS, CONSULTANTS]),
    (
        "maya",
        "Maya",
        "Okafor",
        "Principal AI Architect",
        ["fine_tuning", "evaluation", "data_curation"],
        1,
        [CONSULTANTS],
    ),
    ("tom", "Tom", "Lindqvist", "Senior AI Architect", ["rag", "prompt_engineering", "mlops"], 0, [CONSULTANTS]),
    ("priya", "Priya", "Raman", "ML Engineer", ["fine_tuning", "mlops", "data_curation"], 2, [CONSULTANTS]),
    ("sam", "Sam", "Doyle", "Applied AI Engineer", ["prompt_engineering", "rag", "evaluation"], 0, [CONSULTANTS]),
]


def build(stdout) -> None:
    User = get_user_model()
    known_skills = {slug for slug, _ in ConsultantProfile.SKILLS}
    for username, first, last, title, skills, load, groups in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@discovery.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = ADMINS in groups  # the Django admin needs is_staff; only admins get it
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
        ConsultantProfile.objects.update_or_create(
            user=user,
            defaults={"title": title, "skills": [s for s in skills if s in known_skills], "external_load": load},
        )
    admin = User.objects.get(username=DEMO_ADMIN)
    TOTPDevice.objects.update_or_create(
        user=admin, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_ADMIN_TOTP_KEY, "confirmed": True}
    )
