"""Sample files the tests write: one helper per shape a client's file can take."""

import json
from pathlib import Path


def write_jsonl(path: Path, records) -> Path:
    """One JSON value per line; a str record is written as is (for broken lines)."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    return path


def openai_chat(user: str, assistant: str, system: str = "You answer for Acme's support desk.") -> dict:
    return {
        "messages": [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
            {"role": "assistant", "content": assistant},
        ]
    }


def bedrock_chat(*turns: str, system: str = "You answer for Acme.") -> dict:
    roles = ("user", "assistant")
    return {"system": system, "messages": [{"role": roles[i % 2], "content": t} for i, t in enumerate(turns)]}


def vertex_chat(user: str, model: str) -> dict:
    return {
        "contents": [
            {"role": "user", "parts": [{"text": user}]},
            {"role": "model", "parts": [{"text": model}]},
        ]
    }


def distinct_questions(n: int) -> list[str]:
    """n questions that share no three-word run, so none is a near duplicate of another."""
    topics = ["invoice", "refund", "delivery", "warranty", "password", "upgrade", "contract", "discount"]
    return [f"Case {i}: {topics[i % 8]} {i * 7919} query {i * 104729} detail {i * 15485863}" for i in range(n)]


def jsonl_upload(size: int = 0):
    """A valid OpenAI-chat JSON Lines upload of about `size` bytes, cut at a whole line (a small
    one by default): for the upload limits, which care about bytes, not content."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    records = [openai_chat(q, "An answer") for q in distinct_questions(40)]
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    while len(body) < size:
        body += body
    if size:
        body = body[: body.rindex(b"\n", 0, size) + 1]
    return SimpleUploadedFile("sample.jsonl", body)
