"""One small adapter over the providers' official SDKs (``anthropic``, ``openai``,
``google-genai``): a chat turn in, text and token counts out, and every failure as one of a
few kinds. The rest of Discovery never imports an SDK.

Why the SDKs and not raw HTTP or a router library: each SDK is kept by the provider in step with
its API, already retries 429 and 5xx with exponential backoff (the Anthropic and OpenAI ones
honour ``Retry-After`` / ``retry-after-ms``) and types the usage counts; the adapter is the only
code that knows their shapes, so a fourth provider is one more function.

The API key is passed to the SDK client and nowhere else: it is never part of an error message,
a result or a log line (the SDKs log requests without their auth headers).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

KINDS = ("anthropic", "openai", "gemini")
KEY_VARIABLES = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY", "gemini": "GEMINI_API_KEY"}
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3

# Failure kinds. Per call: the case is counted as an error of that kind and the run goes on.
PER_CALL_ERRORS = ("timeout", "refused", "malformed", "rate_limited", "server")
# Fatal: no later call can succeed either (wrong key, nothing listening); the run stops.
FATAL_ERRORS = ("auth", "unreachable")


class CallFailed(Exception):
    """A call that produced no usable answer. ``kind`` is one of the kinds above; the message
    never holds the key, the prompt or the answer."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail

    @property
    def fatal(self) -> bool:
        return self.kind in FATAL_ERRORS


@dataclass(frozen=True)
class Reply:
    text: str
    tokens_in: int
    tokens_out: int
    seconds: float = 0.0


@dataclass(frozen=True)
class Request:
    model: str
    system: str
    messages: tuple[tuple[str, str], ...]  # (role, text), alternating, ending with a user turn
    temperature: float = 0.0
    max_tokens: int = 512


Complete = Callable[[Request], Reply]


def _status_kind(status: int) -> str:
    if status in (401, 403):
        return "auth"
    if status == 429:
        return "rate_limited"
    if status >= 500:
        return "server"
    return "refused"


def openai_client(*, api_key: str, base_url: str | None, timeout: float, max_retries: int) -> Complete:
    import openai

    client = openai.OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=max_retries)

    def complete(request: Request) -> Reply:
        messages = ([{"role": "system", "content": request.system}] if request.system else []) + [
            {"role": role, "content": text} for role, text in request.messages
        ]
        started = time.perf_counter()
        try:
            response = client.chat.completions.create(
                model=request.model, messages=messages, temperature=request.temperature, max_tokens=request.max_tokens
            )
        except openai.APITimeoutError as error:
            raise CallFailed("timeout") from error
        except openai.APIConnectionError as error:
            raise CallFailed("unreachable", "no answer from the endpoint") from error
        except openai.APIStatusError as error:
            raise CallFailed(_status_kind(error.status_code), f"HTTP {error.status_code}") from error
        except (openai.APIResponseValidationError, ValueError) as error:  # ValueError: a body that isn't JSON
            raise CallFailed("malformed", "the answer's body is not a chat completion") from error
        try:
            choice = response.choices[0]
            text = choice.message.content
            usage = response.usage
            if choice.finish_reason == "content_filter" or (text is None and getattr(choice.message, "refusal", None)):
                raise CallFailed("refused", "the model declined to answer")
            if not isinstance(text, str):
                raise CallFailed("malformed", "the answer holds no text")
            return Reply(text, int(usage.prompt_tokens), int(usage.completion_tokens), time.perf_counter() - started)
        except (AttributeError, IndexError, TypeError, ValueError) as error:
            raise CallFailed("malformed", "the answer's body is not a chat completion") from error

    return complete


def anthropic_client(*, api_key: str, base_url: str | None, timeout: float, max_retries: int) -> Complete:
    import anthropic

    client = anthropic.Anthropic(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=max_retries)

    def complete(request: Request) -> Reply:
        extra = {"system": request.system} if request.system else {}
        started = time.perf_counter()
        try:
            response = client.messages.create(
                model=request.model,
                max_tokens=request.max_tokens,
                temperature=request.temperature,
                messages=[{"role": role, "content": text} for role, text in request.messages],
                **extra,
            )
        except anthropic.APITimeoutError as error:
            raise CallFailed("timeout") from error
        except anthropic.APIConnectionError as error:
            raise CallFailed("unreachable", "no answer from the endpoint") from error
        except anthropic.APIStatusError as error:
            raise CallFailed(_status_kind(error.status_code), f"HTTP {error.status_code}") from error
        except (anthropic.APIResponseValidationError, ValueError) as error:  # ValueError: a body that isn't JSON
            raise CallFailed("malformed", "the answer's body is not a message") from error
        try:
            if response.stop_reason == "refusal":
                raise CallFailed("refused", "the model declined to answer")
            texts = [block.text for block in response.content if getattr(block, "type", None) == "text"]
            if not texts:
                raise CallFailed("malformed", "the answer holds no text")
            usage = response.usage
            return Reply(
                "".join(texts), int(usage.input_tokens), int(usage.output_tokens), time.perf_counter() - started
            )
        except (AttributeError, TypeError, ValueError) as error:
            raise CallFailed("malformed", "the answer's body is not a message") from error

    return complete


def gemini_client(*, api_key: str, base_url: str | None, timeout: float, max_retries: int) -> Complete:
    import httpx
    from google import genai
    from google.genai import errors, types

    # google-genai retries 408, 429 and 5xx with exponential backoff; unlike the other two SDKs
    # it does not read Retry-After (its own delays apply).
    options = types.HttpOptions(
        base_url=base_url or None,
        timeout=int(timeout * 1000),
        retry_options=types.HttpRetryOptions(attempts=max_retries + 1, initial_delay=0.5, max_delay=30),
    )
    client = genai.Client(api_key=api_key, http_options=options)

    def complete(request: Request) -> Reply:
        contents = [
            types.Content(role="model" if role == "assistant" else "user", parts=[types.Part(text=text)])
            for role, text in request.messages
        ]
        config = types.GenerateContentConfig(
            system_instruction=request.system or None,
            temperature=request.temperature,
            max_output_tokens=request.max_tokens,
        )
        started = time.perf_counter()
        try:
            response = client.models.generate_content(model=request.model, contents=contents, config=config)
        except httpx.TimeoutException as error:
            raise CallFailed("timeout") from error
        except httpx.TransportError as error:
            raise CallFailed("unreachable", "no answer from the endpoint") from error
        except errors.APIError as error:
            raise CallFailed(_status_kind(int(error.code or 500)), f"HTTP {error.code}") from error
        except (ValueError, TypeError) as error:
            raise CallFailed("malformed", "the answer's body is not a generateContent response") from error
        try:
            candidate = (response.candidates or [None])[0]
            if candidate is None or str(getattr(candidate, "finish_reason", "")).endswith("SAFETY"):
                raise CallFailed("refused", "the model declined to answer")
            text = response.text
            if not isinstance(text, str):
                raise CallFailed("malformed", "the answer holds no text")
            usage = response.usage_metadata
            return Reply(
                text,
                int(usage.prompt_token_count or 0),
                int(usage.candidates_token_count or 0),
                time.perf_counter() - started,
            )
        except (AttributeError, TypeError, ValueError) as error:
            raise CallFailed("malformed", "the answer's body is not a generateContent response") from error

    return complete


FACTORIES = {"anthropic": anthropic_client, "openai": openai_client, "gemini": gemini_client}


def make_client(
    kind: str,
    *,
    api_key: str,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_RETRIES,
) -> Complete:
    """A ``complete(request) -> Reply`` for one provider kind; ValueError for an unknown kind
    or an empty key."""
    if kind not in FACTORIES:
        raise ValueError(f"unknown model kind {kind!r}; known kinds are {', '.join(KINDS)}")
    if not api_key:
        raise ValueError(f"no API key for {kind}")
    return FACTORIES[kind](api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)
