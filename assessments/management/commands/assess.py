"""`python manage.py assess [--partial] --answers FILE [--facts FILE]` (`-` for standard input):
the contract's command.

Evaluates one answer set (a JSON object: slug → value) against the published criteria set and
the questionnaire it targets, and prints the result as one JSON object. ``--facts`` adds
measured facts (a JSON object of fact name → number, as an analysed sample yields them) for
criteria that read them. Bad input never gives a verdict: it exits with status 2 and one line
per problem on standard error, naming the slug.

``--partial`` (decision-model.md, "Undecided results") accepts open required questions and adds
``decided``, ``possible`` and ``open`` to the object; ``verdict`` is null while undecided.
Without it an open required question is bad input, as before.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from assessments import engine
from assessments.selectors import NothingPublished, definitions_for, published_criteria_set

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Evaluate one answer set (JSON object, slug -> value) against the published criteria and print JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--answers", required=True, metavar="FILE", help="JSON file with the answers, or - for standard input"
        )
        parser.add_argument("--facts", metavar="FILE", help="JSON file with measured facts (fact name -> number)")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="accept open required questions: say whether the verdict is decided and what it depends on",
        )

    def handle(self, *args, answers, facts, partial=False, **options):
        raw, problems = self._read(answers, "answers")
        raw_facts = None
        if facts is not None and not problems:
            raw_facts, problems = self._read(facts, "facts")
        if not problems:
            try:
                questionnaire, criteria_set = definitions_for(published_criteria_set())
            except NothingPublished as exc:
                raise CommandError(str(exc)) from exc
            except DatabaseError as exc:  # e.g. a new checkout before its first migrate
                raise CommandError(f"the database is not ready ({exc}); run `python manage.py migrate` first") from exc
            check = engine.assess_partial if partial else engine.assess
            evaluation, found = check(questionnaire, criteria_set, raw, raw_facts)
            problems = [str(p) for p in found]
        if problems:
            for line in problems:
                self.stderr.write(line.replace("\n", " "))
            sys.exit(BAD_INPUT)
        self.stdout.write(json.dumps(evaluation.to_dict(), indent=2, ensure_ascii=False))

    def _read(self, path: str, what: str):
        """(parsed JSON, []) or (None, [one line saying why the input can't be read])."""
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            return None, [f"{what}: can't read {path}: {getattr(exc, 'strerror', None) or exc}"]
        try:
            return json.loads(text), []
        except json.JSONDecodeError as exc:
            return None, [f"{what}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
