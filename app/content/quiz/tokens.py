"""Per-attempt stand-ins for matching and ordering ids in the quiz form.

In the files, a matching row and its right-hand partner share an id, and ordering items are usually
labelled a, b, c in the correct order. Sent as they are, the form would give the answers away, so the page
shows an HMAC of (attempt, question, id) instead and the server maps it back.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any


class AttemptTokens:
    def __init__(self, secret: str, attempt_id: int) -> None:
        self._key = hashlib.sha256(f"quiz-items\0{secret}".encode()).digest()
        self._attempt = attempt_id
        #: Each token made once: the page asks for every partner once per row of a matching question.
        self._made: dict[tuple[str, str], str] = {}

    def __call__(self, question_id: str, item_id: str) -> str:
        token = self._made.get((question_id, item_id))
        if token is None:
            message = f"{self._attempt}\0{question_id}\0{item_id}".encode()
            token = self._made[question_id, item_id] = hmac.new(
                self._key, message, hashlib.sha256
            ).hexdigest()[:16]
        return token

    def decoder(self, question_id: str, item_ids: list[str]) -> dict[str, str]:
        """Token -> id for the given items of one question."""
        return {self(question_id, item): item for item in item_ids}

    def encode_form(self, quiz: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
        """A form written with plain ids (tests, demo data) as the page would send it."""
        encoded = dict(form)
        for q in quiz["questions"]:
            qid = q["id"]
            if q["type"] == "matching":
                for pair in q["pairs"]:
                    name = f"q-{qid}-{pair['id']}"
                    if encoded.get(name):
                        encoded[name] = self(qid, encoded[name])
            elif q["type"] == "ordering":
                for item in q["order"]:
                    name = f"q-{qid}-{item}"
                    if name in encoded:
                        encoded[f"q-{qid}-{self(qid, item)}"] = encoded.pop(name)
        return encoded
