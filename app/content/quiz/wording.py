"""The words of quiz prose, per language, for the quiz-quality cues (app/content/quiz/cues.py).

German and English are compared by words (four letters or more, by their first six letters, so that
"anmeldet" and "Anmeldung" meet); Chinese, which has no spaces, by pairs of adjacent characters. Plain
functions on Markdown text: a rough reading of the prose is enough to flag a hint for a trainer to look at.
"""

import re

#: Words shorter than this carry little meaning (articles, prepositions).
MIN_WORD_LETTERS = 4
#: Words are compared by this many leading letters: a crude stem that survives German inflection.
STEM_LETTERS = 6

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`~>#|\[\]()]|!\[|\{pin\}")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles also auch auf aus bei beim bereits dabei damit dann darf
    darum dass dein deine dem den denen denn der des dessen dich dies diese diesem diesen dieser
    dieses doch dort durch eine einem einen einer eines etwa etwas euch für gegen haben hat hatte
    hier ihnen ihre ihrem ihren ihrer immer jede jedem jeden jeder jedes jetzt kann keine keinem
    keinen keiner können könnte machen mehr muss müssen nach nicht noch nur oder ohne schon sehr
    sein seine seinem seinen seiner selbst sich sie sind solche soll sollte sondern über unter
    viel vom von vor wann warum was weil welche welchem welchen welcher wenn wer werden wie wieder
    will wird wurde zum zur zwischen
    about above after also always among another because been before being both cannot could does
    each either every from have having into just many more most must only other over same should
    since some such than that their them then there these they this those through under until
    very what when where which while with within without would your
    """.split()
)

#: Options that stand for other options ("all/none of the above"): they test elimination, not knowledge.
_ABOVE = {
    "de": re.compile(
        r"\b(alle|keine)\s+(der\s+)?(oben\s+)?(genannten|vorgenannten|antworten|aussagen|optionen)\b"
        r"|\b(alles|nichts)\s+(davon|oben\s+genannte)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(all|none|both|neither)\s+of\s+the\s+(above|answers|options)\b|\ball\s+the\s+above\b",
        re.IGNORECASE,
    ),
    # at the start only: "500人以上均需申报" (everyone above 500) is no such option
    "zh": re.compile(r"^(以上|上述)(所有|全部)?(选项|答案|说法|各项)?(都|皆|均|全)"),
}


def plain(md: str) -> str:
    """The text of a Markdown snippet without markup characters and link targets, whitespace collapsed."""
    return _SPACES.sub(" ", _MARKUP.sub("", _LINK.sub(r"\1", md))).strip()


def length(md: str) -> int:
    """The length in characters a reader sees (markup removed)."""
    return len(plain(md))


def terms(md: str) -> set[str]:
    """The meaningful terms of a text: stems of longer words, and pairs of adjacent Chinese characters."""
    text = plain(md).lower()
    found: set[str] = set()
    for run in _HAN.findall(text):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    for word in _WORD.findall(_HAN.sub(" ", text)):
        if len(word) >= MIN_WORD_LETTERS and word not in _STOPWORDS:
            found.add(word[:STEM_LETTERS])
    return found


def stands_for_others(md: str) -> bool:
    """Whether an option reads like "all of the above" / "none of the above" in de, en or zh."""
    text = plain(md)
    return any(pattern.search(text) for pattern in _ABOVE.values())
