"""Answers as values and as words: the one definition of "answered" and of an answer in words."""

from __future__ import annotations

from typing import Any

from .definitions import Question


def is_answered(value: Any) -> bool:
    """Unanswered means missing, None, an empty string or an empty multi-choice list."""
    return value is not None and value != "" and value != []


def answer_text(question: Question, value: Any, *, unanswered: str = "Not answered") -> str:
    """An answer in the client's words: choice labels, Yes/No, or their own text.

    `unanswered` is what an empty answer reads as ("Not answered" in a report, "" on a form).
    """
    if not is_answered(value):
        return unanswered
    if isinstance(value, list):
        return ", ".join(question.label_for(v) for v in value)
    if question.type == "yes_no":
        return "Yes" if value else "No"  # a whole cell or line on its own, so capitalised
    return question.label_for(value)
