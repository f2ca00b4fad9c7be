"""Item analysis of a quiz: facility, discrimination and the choices made, overall and per language.

Plain Python over plain records (no Flask, no SQLAlchemy), so every figure can be checked by hand.

- *Facility*: the mean share of a question's points earned (for all-or-nothing questions: the share
  answered correctly).
- *Item-rest correlation*: Pearson's r between the share earned on the question and the points earned on
  the rest of the quiz (the corrected point-biserial for right/wrong questions). Low or negative values
  mean the question does not separate stronger from weaker learners – often a wrong key or an ambiguity.
- *Upper-lower index*: facility among the best 27 % of attempts (by total points) minus facility among the
  weakest 27 % (Kelley). Ties at the group border are broken by the order of the records.
- *Language flags*: a language stands out when, with at least ``min_n`` attempts, its facility differs
  from that of *every* other language with at least ``min_n`` attempts by more than ``threshold`` *and*
  the difference passes a two-sided z test at the 5 % level. Smaller samples are reported, never flagged.
- *Localised questions* (``localized=true`` in a translation) are a different question in that language:
  its attempts in that language are left out of the question's figures and never compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.analytics.measures import (
    FLAG_THRESHOLD,
    MIN_N,
    LanguageFlag,
    item_rest_correlation,
    language_flags,
    mean,
    upper_lower_index,
)

#: How many of the most frequent typed answers (text and numeric questions) are listed.
TOP_ANSWERS = 5
#: Typed answers are shortened to this many characters in the list.
ANSWER_CHARS = 60

CHOICE_TYPES = ("single", "multiple", "truefalse")
TYPED_TYPES = ("text", "numeric")


@dataclass(frozen=True)
class AttemptRecord:
    """One submitted attempt as the statistics need it.

    ``results`` maps question id -> {score, max, correct, items} and ``responses`` question id -> the answer
    as received (see app.content.quiz.kinds for the shapes).
    """

    user_id: int
    number: int
    lang: str
    percent: float
    results: Mapping[str, Mapping[str, Any]]
    responses: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionSpec:
    """What the statistics need to know about a question: its kind and the ids of its answer parts."""

    id: str
    type: str
    #: Choices: (option id, correct); ordering: (item id, True) in the correct order.
    options: tuple[tuple[str, bool], ...] = ()
    #: Matching: (pair id, right-hand text, is distractor) – rows sharing a right-hand text are equivalent.
    pairs: tuple[tuple[str, str, bool], ...] = ()


def localized_langs(texts: Mapping[str, Mapping[str, Any]]) -> dict[str, frozenset[str]]:
    """Question id -> the languages in which it is a localised question, from the stored quiz texts."""
    found: dict[str, set[str]] = {}
    for lang, data in texts.items():
        for q in data.get("questions", []):
            if q.get("localized"):
                found.setdefault(q["id"], set()).add(lang)
    return {qid: frozenset(langs) for qid, langs in found.items()}


def specs_from_data(data: Mapping[str, Any]) -> list[QuestionSpec]:
    """The question specs of a stored quiz (``QuizText.data``)."""
    specs = []
    for q in data.get("questions", []):
        options: tuple[tuple[str, bool], ...] = ()
        if q["type"] in CHOICE_TYPES:
            options = tuple((o["id"], bool(o.get("correct"))) for o in q.get("options", []))
        elif q["type"] == "ordering":
            options = tuple((item, True) for item in q.get("order", []))
        pairs = tuple(
            (p["id"], (p.get("right_md") or "").strip(), not p.get("left_md")) for p in q.get("pairs", [])
        )
        specs.append(QuestionSpec(q["id"], q["type"], options, pairs))
    return specs


# --- per question ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """How often an answer part was chosen. Choices: the option was ticked; matching: this right-hand
    item was chosen for the row; ordering: the item was put at its correct position."""

    id: str
    count: int
    share: float | None
    correct: bool


@dataclass(frozen=True)
class PairChoices:
    """Matching: for one left-hand row, how often its right partner was chosen, and what was chosen."""

    left: str
    right_share: float | None
    choices: tuple[Choice, ...]
    unanswered: int


@dataclass(frozen=True)
class Cell:
    """The figures for one question over one group of attempts (all, or one language); n is the group size."""

    n: int
    facility: float | None = None
    #: Share of attempts with full points.
    full_credit: float | None = None
    item_rest: float | None = None
    upper_lower: float | None = None
    choices: tuple[Choice, ...] = ()
    unanswered: int = 0
    pairs: tuple[PairChoices, ...] = ()
    #: Most frequent typed answers (normalised), with their counts.
    answers: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class QuestionStats:
    id: str
    type: str
    position: int
    overall: Cell
    by_lang: Mapping[str, Cell]
    flags: tuple[LanguageFlag, ...]
    #: Languages in which this is a different, localised question: empty cells, not comparable.
    localized: frozenset[str] = frozenset()

    @property
    def flagged_langs(self) -> frozenset[str]:
        return frozenset(flag.lang for flag in self.flags)


@dataclass(frozen=True)
class QuizStats:
    n: int
    n_by_lang: Mapping[str, int]
    mean_percent: float | None
    mean_by_lang: Mapping[str, float | None]
    langs: tuple[str, ...]
    first_only: bool
    threshold: float
    min_n: int
    questions: tuple[QuestionStats, ...]

    @property
    def flagged(self) -> list[tuple[QuestionStats, LanguageFlag]]:
        return [(q, flag) for q in self.questions for flag in q.flags]


def first_attempts(records: Iterable[AttemptRecord]) -> list[AttemptRecord]:
    """Each participant's earliest attempt among ``records`` (later attempts have seen the questions)."""
    first: dict[int, AttemptRecord] = {}
    for record in records:
        kept = first.get(record.user_id)
        if kept is None or record.number < kept.number:
            first[record.user_id] = record
    return sorted(first.values(), key=lambda r: (r.user_id, r.number))


def _share(result: Mapping[str, Any]) -> float:
    maximum = float(result.get("max") or 0)
    return float(result.get("score") or 0) / maximum if maximum > 0 else 0.0


def _total(record: AttemptRecord) -> float:
    return sum(float(r.get("score") or 0) for r in record.results.values())


def _chosen_options(spec: QuestionSpec, response: Any) -> set[str]:
    ids = {option for option, _correct in spec.options}
    if spec.type == "multiple":
        values = response if isinstance(response, list | tuple) else []
        return {v for v in values if isinstance(v, str) and v in ids}
    return {response} if isinstance(response, str) and response in ids else set()


def _share_of(count: int, n: int) -> float | None:
    return count / n if n else None


def _choice_cell(spec: QuestionSpec, records: Sequence[AttemptRecord]) -> tuple[tuple[Choice, ...], int]:
    counts: Counter[str] = Counter()
    unanswered = 0
    for record in records:
        chosen = _chosen_options(spec, record.responses.get(spec.id))
        if not chosen:
            unanswered += 1
        counts.update(chosen)
    n = len(records)
    choices = tuple(
        Choice(oid, counts[oid], _share_of(counts[oid], n), correct) for oid, correct in spec.options
    )
    return choices, unanswered


def _ordering_cell(spec: QuestionSpec, records: Sequence[AttemptRecord]) -> tuple[Choice, ...]:
    placed: Counter[str] = Counter()
    for record in records:
        items = record.results.get(spec.id, {}).get("items") or []
        placed.update(item["id"] for item in items if isinstance(item, Mapping) and item.get("right"))
    n = len(records)
    return tuple(Choice(item, placed[item], _share_of(placed[item], n), True) for item, _ in spec.options)


def _matching_cell(spec: QuestionSpec, records: Sequence[AttemptRecord]) -> tuple[PairChoices, ...]:
    right_text = {pid: text for pid, text, _distractor in spec.pairs}
    n = len(records)
    rows = []
    for left, text, distractor in spec.pairs:
        if distractor:
            continue
        counts: Counter[str] = Counter()
        unanswered = right = 0
        for record in records:
            response = record.responses.get(spec.id)
            given = response.get(left) if isinstance(response, Mapping) else None
            if not isinstance(given, str) or given not in right_text:
                unanswered += 1
                continue
            counts[given] += 1
            right += right_text[given] == text
        choices = tuple(
            Choice(pid, counts[pid], _share_of(counts[pid], n), right_text[pid] == text)
            for pid, _t, _d in spec.pairs
            if counts[pid]
        )
        rows.append(PairChoices(left, _share_of(right, n), choices, unanswered))
    return tuple(rows)


def _typed_answers(spec: QuestionSpec, records: Sequence[AttemptRecord]) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for record in records:
        response = record.responses.get(spec.id)
        if isinstance(response, str) and response.strip():
            counts[" ".join(response.split()).casefold()[:ANSWER_CHARS]] += 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_ANSWERS])


def question_cell(spec: QuestionSpec, records: Sequence[AttemptRecord]) -> Cell:
    """The figures for ``spec`` over ``records`` (attempts without a result for it are left out)."""
    records = [r for r in records if spec.id in r.results]
    n = len(records)
    if not n:
        return Cell(0)
    shares = [_share(r.results[spec.id]) for r in records]
    points = [float(r.results[spec.id].get("score") or 0) for r in records]
    totals = [_total(r) for r in records]
    full = sum(1 for r in records if r.results[spec.id].get("correct"))
    choices: tuple[Choice, ...] = ()
    unanswered = 0
    pairs: tuple[PairChoices, ...] = ()
    answers: tuple[tuple[str, int], ...] = ()
    if spec.type in CHOICE_TYPES:
        choices, unanswered = _choice_cell(spec, records)
    elif spec.type == "ordering":
        choices = _ordering_cell(spec, records)
    elif spec.type == "matching":
        pairs = _matching_cell(spec, records)
    elif spec.type in TYPED_TYPES:
        answers = _typed_answers(spec, records)
    return Cell(
        n=n,
        facility=sum(shares) / n,
        full_credit=full / n,
        item_rest=item_rest_correlation(shares, totals, points),
        upper_lower=upper_lower_index(shares, totals),
        choices=choices,
        unanswered=unanswered,
        pairs=pairs,
        answers=answers,
    )


def quiz_stats(
    specs: Sequence[QuestionSpec],
    records: Iterable[AttemptRecord],
    *,
    first_only: bool = True,
    langs: Sequence[str] = (),
    threshold: float = FLAG_THRESHOLD,
    min_n: int = MIN_N,
    localized: Mapping[str, frozenset[str]] | None = None,
) -> QuizStats:
    """Item analysis of one quiz revision.

    :param specs: the revision's questions, in quiz order.
    :param records: its submitted attempts.
    :param first_only: count each participant's first attempt only (the default), else every attempt.
    :param langs: the languages to report, in this order (languages found in the records are added).
    :param localized: question id -> languages where it is localised (see `localized_langs`); attempts
        in those languages are left out of that question's figures.
    """
    records = first_attempts(records) if first_only else list(records)
    found = sorted({r.lang for r in records} - set(langs))
    all_langs = tuple(langs) + tuple(found)
    groups = {lang: [r for r in records if r.lang == lang] for lang in all_langs}
    questions = []
    for position, spec in enumerate(specs, start=1):
        other = (localized or {}).get(spec.id, frozenset())
        compared = [lang for lang in all_langs if lang not in other]
        by_lang = {
            lang: question_cell(spec, groups[lang]) if lang in compared else Cell(0) for lang in all_langs
        }
        shares = {
            lang: [_share(r.results[spec.id]) for r in groups[lang] if spec.id in r.results]
            for lang in compared
        }
        questions.append(
            QuestionStats(
                id=spec.id,
                type=spec.type,
                position=position,
                overall=question_cell(spec, [r for r in records if r.lang not in other]),
                by_lang=by_lang,
                flags=language_flags(shares, threshold, min_n),
                localized=other & set(all_langs),
            )
        )
    return QuizStats(
        n=len(records),
        n_by_lang={lang: len(groups[lang]) for lang in all_langs},
        mean_percent=mean([r.percent for r in records]),
        mean_by_lang={lang: mean([r.percent for r in groups[lang]]) for lang in all_langs},
        langs=all_langs,
        first_only=first_only,
        threshold=threshold,
        min_n=min_n,
        questions=tuple(questions),
    )
