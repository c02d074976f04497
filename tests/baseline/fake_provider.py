"""A small HTTP server of our own that speaks the providers' wire formats, so the real SDKs talk
to it through their base URL and no test ever reaches a real provider.

* OpenAI Chat Completions: ``POST /v1/chat/completions`` (base URL ``<url>/v1``)
* Anthropic Messages: ``POST /v1/messages`` (base URL ``<url>``)
* Gemini generateContent: ``POST /v1beta/models/<model>:generateContent`` (base URL ``<url>``)

Answers are chosen per case by ``answer(prompt) -> text`` (default: echo ``ANSWER:<x>`` → x);
``faults`` is a queue of scripted replies served first (status, headers, body or "slow" /
"malformed"); every request's headers and body are recorded; ``max_in_flight`` is the most
requests it ever held at once.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def default_answer(prompt: str) -> str:
    # "… ANSWER:Paris" → "Paris": a test decides what the model says by writing the case's input.
    return prompt.rsplit("ANSWER:", 1)[1].strip() if "ANSWER:" in prompt else "I don't know"


class FakeProvider:
    def __init__(self, answer=default_answer, delay: float = 0.0):
        self.answer = answer
        self.delay = delay
        self.faults: deque = deque()
        self.requests: list[dict] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet: the test output is not a request log
                pass

            def do_POST(self):  # noqa: N802 (the stdlib's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                provider._serve(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def base_url(self, kind: str) -> str:
        return self.url + "/v1" if kind == "openai" else self.url

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _send(self, handler, status: int, payload, headers=None):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _serve(self, handler, body: dict):
        with self._lock:
            self.requests.append({"path": handler.path, "headers": dict(handler.headers), "body": body})
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            fault = self.faults.popleft() if self.faults else None
        try:
            if self.delay:
                time.sleep(self.delay)
            if fault is not None and fault[0] == "slow":
                time.sleep(fault[1])
            elif fault is not None and fault[0] == "malformed":
                return self._send(handler, 200, b"<html>not json at all")
            elif fault is not None:
                status, headers = fault
                return self._send(handler, status, {"error": {"type": "error", "message": "scripted"}}, headers)
            path = handler.path.split("?")[0]
            if path.endswith("/chat/completions"):
                return self._send(handler, 200, self._openai(body))
            if path.endswith("/messages"):
                return self._send(handler, 200, self._anthropic(body))
            if path.endswith(":generateContent"):
                return self._send(handler, 200, self._gemini(body))
            return self._send(handler, 404, {"error": {"message": "no such route"}})
        finally:
            with self._lock:
                self.in_flight -= 1

    @staticmethod
    def _words(*texts) -> int:
        return sum(len(str(t).split()) for t in texts)

    def _openai(self, body):
        prompt = body["messages"][-1]["content"]
        text = self.answer(prompt)
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": self._words(*(m["content"] for m in body["messages"])),
                "completion_tokens": self._words(text),
                "total_tokens": 0,
            },
        }

    def _anthropic(self, body):
        prompt = body["messages"][-1]["content"]
        text = self.answer(prompt)
        return {
            "id": "msg_test",
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": self._words(body.get("system", ""), prompt), "output_tokens": self._words(text)},
        }

    def _gemini(self, body):
        prompt = body["contents"][-1]["parts"][0]["text"]
        text = self.answer(prompt)
        return {
            "candidates": [
                {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP", "index": 0}
            ],
            "usageMetadata": {"promptTokenCount": self._words(prompt), "candidatesTokenCount": self._words(text)},
        }
