"""Demo consultants and an admin, with profiles the report can propose."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from discovery.models import ConsultantProfile
from discovery.roles import ADMINS, CONSULTANTS

DEMO_PASSWORD = "discovery-demo"  # noqa: S105 - printed on purpose: local demo only

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
