"""The question types, one handler each, keyed by the `type=` of the question heading.

The response a handler reads from the form, stores with the attempt and grades: single and truefalse an
option id; multiple a list of option ids; text and numeric the typed text; matching a mapping from left
pair id to the chosen right pair id; ordering the item ids in the order given.
"""

from app.content.quiz.kinds.base import Kind
from app.content.quiz.kinds.choice import Choice, Multiple, Single
from app.content.quiz.kinds.matching import Matching
from app.content.quiz.kinds.ordering import Ordering
from app.content.quiz.kinds.typed import Numeric, Text
from app.content.quiz.model import QuestionType

KINDS: dict[QuestionType, Kind] = {
    "single": Single(),
    "multiple": Multiple(),
    "truefalse": Choice(),
    "text": Text(),
    "numeric": Numeric(),
    "matching": Matching(),
    "ordering": Ordering(),
}
