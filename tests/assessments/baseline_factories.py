"""Connections and eval sets for baseline-run tests, pointing at our fake provider."""

import datetime
import json

from assessments.models import ModelConnection
from assessments.services.baseline import connection_key_store

KEY = "sk-test-NEVER-SHOWN-7d2e"


def make_connection(provider=None, kind="openai", *, sealed=True, name=None, **fields) -> ModelConnection:
    connection = ModelConnection.objects.create(
        name=name or f"Test {kind}",
        kind=kind,
        base_url=provider.base_url(kind) if provider else "",
        models_allowed=["test-model"],
        price_input_per_million=1,
        price_output_per_million=2,
        price_source="https://example.com/pricing",
        price_checked=datetime.date(2026, 12, 1),
        concurrency_limit=fields.pop("concurrency_limit", 2),
        timeout_seconds=fields.pop("timeout_seconds", 5),
        **fields,
    )
    if sealed:
        connection_key_store(connection=connection, key=KEY)
    return connection


def eval_lines(n: int, right: int | None = None) -> list[bytes]:
    """n cases expecting "yes"; the first ``right`` (default all) are answered "yes" by the fake provider."""
    right = n if right is None else right
    return [
        json.dumps({"input": f"case {i} ANSWER:{'yes' if i < right else 'no'}", "expected": "yes"}).encode()
        for i in range(n)
    ]
