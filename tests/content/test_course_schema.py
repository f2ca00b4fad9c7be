"""course.yaml and module front matter: every mistake reported on the line where it was written."""

from datetime import date

import pytest

from app.content.course.module_meta import validate_module_meta
from app.content.course.schema import CertificateSpec, validate_course
from app.content.frontmatter import split_front_matter


def problems_of(text: str, folder: str = "demo") -> list[str]:
    return [str(p) for p in validate_course(text, "course.yaml", folder)[1]]


def test_valid_course_gives_spec_with_defaults(course_yaml: str) -> None:
    spec, problems = validate_course(course_yaml, "course.yaml", "demo")
    assert problems == []
    assert spec is not None
    assert (spec.slug, spec.source_lang, spec.languages) == ("demo", "de", ("de", "en"))
    assert spec.modules == ("basics", "advanced")
    assert spec.title == {"de": "Demokurs", "en": "Demo course"}
    assert spec.current_as_of == date(2026, 11, 1)
    assert (spec.pass_mark, spec.completion, spec.attempts, spec.retake_wait_minutes, spec.score_counts) == (
        70, "quizzes", 0, 30, "best",
    )  # fmt: skip
    assert spec.certificate == CertificateSpec(True, False, 0, ("Dr. Anna Beispiel",))
    assert spec.module_lines == {"basics": 11, "advanced": 11}


def test_source_lang_comes_first_in_languages(course_yaml: str) -> None:
    spec, _ = validate_course(course_yaml.replace("[de, en]", "[en, de]"), "course.yaml", "demo")
    assert spec is not None and spec.languages == ("de", "en")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("pass_mark: 70", "pass_mark: 170", "course.yaml:12: pass_mark must be a number between 0 and 100"),
        ("pass_mark: 70", "pass_mark: .nan", "course.yaml:12: pass_mark must be a number between 0 and 100"),
        ("pass_mark: 70", "pass_mark: true", "course.yaml:12: pass_mark must be a number between 0 and 100"),
        ("pass_mark: 70", "pasmark: 70", "course.yaml:12: unknown key 'pasmark' (did you mean 'pass_mark'?)"),
        ("slug: demo", "slug: demo-x", "course.yaml:1: slug 'demo-x' must equal the folder name 'demo'"),
        (
            "slug: demo",
            "slug: Demo_X",
            "course.yaml:1: slug 'Demo_X' must be lower-case letters, digits and hyphens",
        ),
        ("  en: A small course.\n", "", "course.yaml:7: description is missing the 'en' text"),
        (
            "  en: Demo course\n",
            "  en: Demo course\n  fr: Cours\n",
            "course.yaml:7: title has a text for 'fr', which is not in languages",
        ),
        ("  en: Demo course", "  en: ''", "course.yaml:6: title.en must be a non-empty text"),
        (
            "current_as_of: 2026-11-01",
            "current_as_of: 2026-02-30",
            "course.yaml:10: current_as_of must be a date written YYYY-MM-DD (not '2026-02-30')",
        ),
        (
            "current_as_of: 2026-11-01",
            "current_as_of: soon",
            "course.yaml:10: current_as_of must be a date written YYYY-MM-DD (not 'soon')",
        ),
        (
            "modules: [basics, advanced]",
            "modules: [basics, basics]",
            "course.yaml:11: module 'basics' is listed twice (first on line 11)",
        ),
        (
            "modules: [basics, advanced]",
            "modules:\n  - basics\n  - Advanced",
            "course.yaml:13: module slug 'Advanced' must be lower-case letters, digits and hyphens",
        ),
        (
            "modules: [basics, advanced]",
            "modules: []",
            "course.yaml:11: modules must list at least one module",
        ),
        (
            "modules: [basics, advanced]",
            "modules: [images]",
            "course.yaml:11: module slug 'images' is reserved for the course's pictures",
        ),
        (
            "languages: [de, en]",
            "languages: [de, en, fr]",
            "course.yaml:3: unknown language 'fr' (use de, en, zh)",
        ),
        ("languages: [de, en]", "languages: [de, en, en]", "course.yaml:3: language 'en' is listed twice"),
        (
            "pass_mark: 70",
            "completion: exam",
            "course.yaml:12: completion must be one of: quizzes, reading (not 'exam')",
        ),
        (
            "pass_mark: 70",
            "attempts: -1",
            "course.yaml:12: attempts must be a whole number between 0 and 1000",
        ),
        (
            "pass_mark: 70",
            "attempts: 2.5",
            "course.yaml:12: attempts must be a whole number between 0 and 1000",
        ),
        (
            "pass_mark: 70",
            "retake_wait_minutes: x",
            "course.yaml:12: retake_wait_minutes must be a whole number between 0 and 525600",
        ),
        (
            "pass_mark: 70",
            "score_counts: worst",
            "course.yaml:12: score_counts must be one of: best, last (not 'worst')",
        ),
        (
            "  enabled: true",
            "  enabled: yes please",
            "course.yaml:14: certificate.enabled must be true or false",
        ),
        (
            "  enabled: true",
            "  show_scor: true",
            "course.yaml:14: unknown key 'certificate.show_scor' (did you mean 'certificate.show_score'?)",
        ),
        (
            "  enabled: true",
            "  validity_months: -3",
            "course.yaml:14: certificate.validity_months must be a whole number between 0 and 1200",
        ),
        (
            '  trainers: ["Dr. Anna Beispiel"]',
            "  trainers: Dr. Anna",
            "course.yaml:15: certificate.trainers must be a list, like [a, b]",
        ),
        (
            '  trainers: ["Dr. Anna Beispiel"]',
            "  trainers: [1, ok]",
            "course.yaml:15: certificate.trainers must contain only texts",
        ),
        (
            "certificate:\n",
            "certificate: yes\nx:\n",
            "course.yaml:13: certificate must be a mapping ('key: value' lines indented under it)",
        ),
        (
            "pass_mark: 70",
            "pass_mark: 70\npass_mark: 80",
            "course.yaml:13: duplicate key 'pass_mark' (first on line 12)",
        ),
    ],
)
def test_course_errors_on_their_line(course_yaml: str, old: str, new: str, expected: str) -> None:
    assert old in course_yaml
    assert expected in problems_of(course_yaml.replace(old, new, 1))


def test_one_mistake_does_not_hide_the_next(course_yaml: str) -> None:
    text = course_yaml.replace("pass_mark: 70", "pass_mark: 700\nattempts: many")
    spec, problems = validate_course(text, "course.yaml", "demo")
    assert spec is not None and spec.pass_mark == 70
    assert [p.line for p in problems] == [12, 13]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, "", "course.yaml:1: course.yaml is empty"),
        (None, "- a\n- b\n", "course.yaml:1: course.yaml must be 'key: value' lines (see docs/authoring.md)"),
        (None, "slug: demo\nlanguages: [de]\n", "course.yaml:1: source_lang is required"),
        (
            "source_lang: de",
            "source_lang: zh",
            "course.yaml:2: source_lang 'zh' must be one of languages (de, en)",
        ),
        (
            "modules: [basics, advanced]",
            "modules: basics",
            "course.yaml:11: modules must be a list, like [a, b]",
        ),
        (
            None,
            "slug: [unclosed\n",
            "course.yaml:1: invalid YAML: '[' starts an inline list that is not closed",
        ),
    ],
)
def test_fatal_course_errors_give_no_spec(course_yaml: str, old: str | None, new: str, expected: str) -> None:
    text = new if old is None else course_yaml.replace(old, new)
    spec, problems = validate_course(text, "course.yaml", "demo")
    assert spec is None
    assert any(str(p).startswith(expected) for p in problems), problems


def meta_problems(text: str, *, is_source: bool) -> list[str]:
    meta, _body, _start, problems = split_front_matter(text, "m.md")
    return [str(p) for p in problems + validate_module_meta(meta, "m.md", is_source=is_source)[1]]


def test_module_meta_valid() -> None:
    meta = split_front_matter("---\ntitle: T\nduration_minutes: 5\ncurrent_as_of: 2026-01-02\n---\n", "m.md")[
        0
    ]
    info, problems = validate_module_meta(meta, "m.md", is_source=True)
    assert problems == [] and (info.title, info.duration_minutes, info.current_as_of) == (
        "T",
        5,
        date(2026, 1, 2),
    )


@pytest.mark.parametrize(
    ("text", "is_source", "expected"),
    [
        ("# no front matter\n", True, "m.md:1: front matter is missing or empty"),
        ("---\nduration_minutes: 5\n---\n", True, "m.md:2: title is required"),
        ("---\ntitle: T\n---\n", True, "m.md:2: duration_minutes is required"),
        (
            "---\ntitle: T\nduration_minutes: 0\n---\n",
            True,
            "m.md:3: duration_minutes must be a whole number between 1 and 10000",
        ),
        (
            "---\ntitle: T\nduration_minutes: 5\ncurrent_as_of: 1.1.2026\n---\n",
            True,
            "m.md:4: current_as_of must be a date",
        ),
        (
            "---\ntitle: T\nduraton_minutes: 5\n---\n",
            False,
            "m.md:3: unknown key 'duraton_minutes' (did you mean 'duration_minutes'?)",
        ),
        (
            "---\ntitle: T\nsource_rev: 3F9A\n---\n",
            False,
            "m.md:3: source_rev must be 12 hex digits (0-9, a-f), not '3F9A'",
        ),
        (
            "---\ntitle: T\nduration_minutes: 5\nsource_rev: 3f9a0c12b7de\n---\n",
            True,
            "m.md:4: warning: source_rev is only used in translations",
        ),
    ],
)
def test_module_meta_problems(text: str, is_source: bool, expected: str) -> None:
    found = meta_problems(text, is_source=is_source)
    assert any(p.startswith(expected) for p in found), found


def test_translation_needs_only_title() -> None:
    assert meta_problems("---\ntitle: T\nsource_rev: 3f9a0c12b7de\n---\n", is_source=False) == []


CURRENCY = (
    "---\ntitle: T\nduration_minutes: 5\nreview_by: 2027-06-30\nwatch:\n"
    "  - what: PRC Trademark Law, revision of 26 June 2026\n    date: 2027-01-01\n"
    "  - what: 'Customs rule'\n    date: '2027-03-01'\n---\n"
)


def test_module_meta_reads_review_by_and_watch_with_their_lines() -> None:
    meta = split_front_matter(CURRENCY, "m.md")[0]
    info, problems = validate_module_meta(meta, "m.md", is_source=True)
    assert problems == []
    assert (info.review_by, info.review_by_line) == (date(2027, 6, 30), 4)
    assert [(w.what, w.date, w.line) for w in info.watch] == [
        ("PRC Trademark Law, revision of 26 June 2026", date(2027, 1, 1), 6),
        ("Customs rule", date(2027, 3, 1), 8),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "review_by: 2027-06-30",
            "review_by: 30.6.2027",
            "m.md:4: review_by must be a date written YYYY-MM-DD",
        ),
        ("review_by: 2027-06-30", "reviewby: 2027-06-30", "m.md:4: unknown key 'reviewby' (did you mean"),
        ("    date: 2027-01-01", "    date: soon", "m.md:7: watch.date must be a date written YYYY-MM-DD"),
        ("    date: 2027-01-01", "    when: 2027-01-01", "m.md:7: unknown key 'watch.when'"),
        ("    date: 2027-01-01\n", "", "m.md:6: watch.date is required"),
        ("  - what: 'Customs rule'", "  - wat: 'Customs rule'", "m.md:8: unknown key 'watch.wat'"),
        ("  - what: 'Customs rule'", "  - what: ''", "m.md:8: watch.what must be a non-empty text"),
        (
            "  - what: 'Customs rule'\n    date: '2027-03-01'\n",
            "  - Customs rule\n",
            "m.md:8: each watch entry must be a mapping with 'what:' and 'date:'",
        ),
        (
            "watch:\n  - what: PRC Trademark Law, revision of 26 June 2026\n    date: 2027-01-01\n"
            "  - what: 'Customs rule'\n    date: '2027-03-01'\n",
            "watch: 2027-01-01\n",
            "m.md:5: watch must be a list of entries",
        ),
    ],
)
def test_review_by_and_watch_errors_on_their_line(old: str, new: str, expected: str) -> None:
    text = CURRENCY.replace(old, new, 1)
    assert text != CURRENCY
    found = meta_problems(text, is_source=True)
    assert any(p.startswith(expected) for p in found), found


def test_review_by_and_watch_in_a_translation_are_ignored_with_a_warning() -> None:
    text = CURRENCY.replace("duration_minutes: 5\n", "source_rev: 3f9a0c12b7de\n")
    meta = split_front_matter(text, "m.md")[0]
    info, problems = validate_module_meta(meta, "m.md", is_source=False)
    assert [str(p) for p in problems] == [
        "m.md:4: warning: review_by is only used in the source-language file (this one is ignored)",
        "m.md:5: warning: watch is only used in the source-language file (this one is ignored)",
    ]
    assert (info.review_by, info.watch) == (None, ())
