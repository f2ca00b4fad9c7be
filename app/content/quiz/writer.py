"""Writing a `Quiz` back as a quiz file in our Markdown format (docs/authoring.md, "Quiz files").

Used by the Moodle converters and by `flask courses export`. The output is canonical: default values
are left out and every answer is written the one way the parser reads it back, so that
`parse_quiz(quiz_to_markdown(q), q.path)` gives `q` again.
"""

from app.content.quiz.header import lang_of_path
from app.content.quiz.model import CHOICE_TYPES, NumericAnswer, Option, Question, Quiz
from app.content.quiz.syntax import format_number


def quiz_to_markdown(quiz: Quiz) -> str:
    """The Markdown source of `quiz`."""
    import yaml  # with the first quiz written, not with every `flask` command

    front: dict[str, object] = {"title": quiz.title}
    if quiz.lang and quiz.lang != lang_of_path(quiz.path):
        front["lang"] = quiz.lang
    if quiz.shuffle is not None:
        front["shuffle"] = quiz.shuffle
    if quiz.pass_mark is not None:
        front["pass_mark"] = int(quiz.pass_mark) if quiz.pass_mark.is_integer() else quiz.pass_mark
    if quiz.source_rev is not None:
        front["source_rev"] = quiz.source_rev
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1_000_000)
    parts = [f"---\n{header}---"]
    parts.extend(_question(q) for q in quiz.questions)
    return "\n\n".join(parts) + "\n"


def _question(q: Question) -> str:
    attributes = [f"#{q.id}", f"type={q.type}"]
    if q.points != 1:
        attributes.append(f"points={format_number(q.points)}")
    if q.scoring != "all":
        attributes.append(f"scoring={q.scoring}")
    if q.shuffle is not None:
        attributes.append(f"shuffle={'true' if q.shuffle else 'false'}")
    if q.localized:
        attributes.append("localized=true")
    blocks = ["## {" + " ".join(attributes) + "}\n" + q.text_md, _answers(q)]
    if q.hint_md:
        blocks.append(f":::hint\n{q.hint_md}\n:::")
    if q.explanation_md:
        blocks.append(f":::explanation\n{q.explanation_md}\n:::")
    return "\n\n".join(blocks)


def _answers(q: Question) -> str:
    if q.type in CHOICE_TYPES:
        return "\n".join(_item(f"- [{'x' if o.correct else ' '}] ", o) for o in q.options)
    if q.type == "ordering":
        return "\n".join(_item(f"{number}. ", item) for number, item in enumerate(q.options, 1))
    if q.type == "text":
        return "\n".join(
            f"= {answer.text}{_score(answer.score)}" + _feedback(answer.feedback_md)
            for answer in q.text_answers
        )
    if q.type == "numeric":
        return "\n".join(_numeric(answer) + _feedback(answer.feedback_md) for answer in q.numeric_answers)
    left, right = q.match_headers
    rows = [f"| id | {_cell(left)} | {_cell(right)} |", "|----|----|----|"]
    rows.extend(f"| {pair.id} | {_cell(pair.left_md)} | {_cell(pair.right_md)} |" for pair in q.pairs)
    return "\n".join(rows)


def _item(marker: str, option: Option) -> str:
    lines = option.text_md.split("\n")
    if lines[0].lstrip().startswith(("```", "~~~")):
        lines.insert(0, "")  # a fence must start a line of its own to be read back as a fence
    head = (
        f"{marker}{option.id})" + (f" {lines[0]}" if lines[0] else "") + (" {pin}" if option.pinned else "")
    )
    continuation = "".join(f"\n  {line}" if line else "\n" for line in lines[1:])
    return head + continuation + _feedback(option.feedback_md)


def _feedback(feedback_md: str) -> str:
    if not feedback_md:
        return ""
    return "".join(f"\n  > {line}" if line else "\n  >" for line in feedback_md.split("\n"))


def _score(score: float) -> str:
    return "" if score == 1 else f" {{score={format_number(score)}}}"


def _numeric(answer: NumericAnswer) -> str:
    if answer.kind == "range":
        text = f"[{_number(answer.low)}, {_number(answer.high)}]"
    elif answer.kind == "exact":
        text = _number(answer.value)
    else:
        percent = "%" if answer.kind == "rel" else ""
        text = f"{_number(answer.value)} +- {_number(answer.tol)}{percent}"
    return f"= {text}{_score(answer.score)}"


def _number(value: float | None) -> str:
    """A number of a numeric answer (its kind guarantees the field is set)."""
    return format_number(value or 0.0)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
