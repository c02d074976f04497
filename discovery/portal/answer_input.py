"""Reading an answer out of a POST, the same way for the client's form and the workshop screen."""

from assessments import engine


def posted_text(post, name: str) -> str:
    """A posted text field (NUL characters were already dropped by web.middleware)."""
    return post.get(name, "")


def posted_answer(question: engine.Question, post, name: str):
    """The value posted under `name` for `question`, typed as the engine expects.

    A yes/no field that says neither comes back as the raw text, so validation refuses it with
    the question's own message; nothing here decides what is valid.
    """
    if question.type == "multi_choice":
        return post.getlist(name)
    raw = posted_text(post, name)
    if question.type != "yes_no":
        return raw
    if raw == "":
        return None
    return {"yes": True, "no": False}.get(raw, raw)
