"""Reading the platform's HTML forms as a browser would, and answering a quiz page.

Plain Python (html.parser), no app imports: the simulated participants only know what the pages show and
what they have learnt (the answer key written by prepare.py, in terms of the labels on the page).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class Question:
    qid: str
    choices: list[tuple[str, str]] = field(default_factory=list)  #: (input type, value) of radios/boxes
    choice_name: str = ""
    typed: str = ""  #: name of the text input, if any
    selects: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  #: name -> [(value, label)]
    select_labels: dict[str, str] = field(default_factory=dict)  #: select name -> its <label> text
    ordering: bool = False  #: the selects give positions (ordering), not partners (matching)


@dataclass
class PageForm:
    """A POST form of a page: hidden fields, every field name and, on a quiz page, its questions."""

    hidden: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    questions: dict[str, Question] = field(default_factory=dict)
    lang: str = ""


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.form = PageForm()
        self.lang = ""
        self._in_form = False
        self._question: Question | None = None
        self._select: str | None = None
        self._option: list[str] | None = None  # [value, text…]
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._labels: dict[str, str] = {}  # element id -> label text
        self._select_ids: dict[str, tuple[str, str]] = {}  # element id -> (question id, select name)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "section" and "quiz" in a.get("class", "").split():
            self.lang = a.get("lang", "").split("-")[0]
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form, self.form = True, PageForm(lang=self.lang)
            self.forms.append(self.form)
        if not self._in_form:
            return
        if a.get("name") and tag in ("input", "select", "textarea"):
            self.form.names.add(a["name"])
        if tag == "fieldset" and a.get("id", "").startswith("question-"):
            qid = a["id"][len("question-") :]
            self._question = self.form.questions.setdefault(qid, Question(qid))
        elif tag == "input":
            kind, name = a.get("type", "text"), a.get("name", "")
            if kind == "hidden":
                self.form.hidden[name] = a.get("value", "")
            elif self._question is not None and kind in ("radio", "checkbox"):
                self._question.choice_name = name
                self._question.choices.append((kind, a.get("value", "")))
            elif self._question is not None and kind == "text":
                self._question.typed = name
        elif tag == "select" and self._question is not None:
            self._select = a.get("name", "")
            self._question.selects[self._select] = []
            self._question.ordering = a.get("id", "").startswith("o-")
            self._select_ids[a.get("id", "")] = (self._question.qid, self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value", "")]
        elif tag == "label" and a.get("for"):
            self._label_for, self._label_text = a["for"], []

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option.append(data)
        if self._label_for is not None:
            self._label_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None and self._question:
            value, text = self._option[0], " ".join("".join(self._option[1:]).split())
            self._question.selects[self._select].append((value, text))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "label" and self._label_for is not None:
            self._labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        elif tag == "fieldset":
            self._question = None
        elif tag == "form":
            self._in_form = False

    def close(self) -> None:
        super().close()
        for element_id, (qid, name) in self._select_ids.items():
            self.form.questions[qid].select_labels[name] = self._labels.get(element_id, "")


def parse_form(html: str, having: str) -> PageForm:
    """The first POST form of the page with a field named ``having`` (an empty one if there is none)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return next((form for form in parser.forms if having in form.names), PageForm())


def _pick(options: list[tuple[str, str]], rng: random.Random) -> str:
    return rng.choice([value for value, _label in options if value])


def answer(form: PageForm, key: dict[str, Any] | None, rng: random.Random) -> list[tuple[str, str]]:
    """The fields to post: right answers from ``key`` where it fits the page, otherwise guesses."""
    fields = list(form.hidden.items())
    for qid, q in form.questions.items():
        known = (key or {}).get(qid)
        right = known["right"] if known else None
        if q.choices:
            values = [value for _kind, value in q.choices]
            if right is not None and set(right) <= set(values):
                chosen = right if q.choices[0][0] == "checkbox" else right[:1]
            elif q.choices[0][0] == "checkbox":
                chosen = rng.sample(values, rng.randint(1, len(values)))
            else:
                chosen = [rng.choice(values)]
            fields += [(q.choice_name, value) for value in chosen]
        elif q.typed:
            fields.append(
                (q.typed, right if right is not None else rng.choice(["weiß nicht", "不知道", "42"]))
            )
        elif known and known["type"] == "ordering" and set(q.select_labels.values()) <= set(right):
            fields += [(name, str(right[label])) for name, label in q.select_labels.items()]
        elif known and known["type"] == "matching":
            for name, options in q.selects.items():
                pair = name[len(f"q-{qid}-") :]
                wanted = right.get(pair)
                values = [value for value, label in options if value and label == wanted]
                fields.append((name, values[0] if values else _pick(options, rng)))
        elif q.ordering:
            positions = list(range(1, len(q.selects) + 1))  # ordering: a permutation, never a repeat
            rng.shuffle(positions)
            fields += [(name, str(n)) for name, n in zip(q.selects, positions, strict=True)]
        else:
            fields += [(name, _pick(options, rng)) for name, options in q.selects.items()]
    return fields
