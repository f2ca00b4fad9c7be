"""The line diff: its rows rebuild both texts, unchanged stretches fold, and the limits hold."""

from __future__ import annotations

import random

from app.authoring import linediff
from app.authoring.linediff import DELETE, EQUAL, INSERT, SKIP, line_diff, lines


def rebuilt(diff: linediff.LineDiff) -> tuple[list[str], list[str]]:
    """The older and the newer text from a diff with every unchanged line kept."""
    old = [r.text for r in diff.rows if r.kind in (EQUAL, DELETE)]
    new = [r.text for r in diff.rows if r.kind in (EQUAL, INSERT)]
    return old, new


def test_rows_rebuild_both_texts_and_number_their_lines():
    rng = random.Random(19)
    words = ["# Titel", "", "Text", "- [x] a) ja", "- [ ] b) nein", "---", "title: x", "Mehr Text"]
    for _round in range(200):
        a = [rng.choice(words) for _ in range(rng.randrange(0, 40))]
        b = [line for line in a if rng.random() > 0.2]
        for _insert in range(rng.randrange(0, 5)):
            b.insert(rng.randrange(0, len(b) + 1), rng.choice(words) + " neu")
        diff = line_diff("".join(f"{line}\n" for line in a), "".join(f"{line}\n" for line in b), context=None)
        assert rebuilt(diff) == (a, b)
        assert [r.old for r in diff.rows if r.old is not None] == list(range(1, len(a) + 1))
        assert [r.new for r in diff.rows if r.new is not None] == list(range(1, len(b) + 1))
        assert diff.added == sum(r.kind == INSERT for r in diff.rows)
        assert diff.removed == sum(r.kind == DELETE for r in diff.rows)
        assert diff.same == (a == b)


def test_unchanged_stretches_fold_around_each_change():
    a = [f"Zeile {i}" for i in range(1, 101)]
    b = a[:49] + ["neu"] + a[49:]
    diff = line_diff("\n".join(a), "\n".join(b))
    kinds = [r.kind for r in diff.rows]
    assert kinds == [SKIP, EQUAL, EQUAL, EQUAL, INSERT, EQUAL, EQUAL, EQUAL, SKIP]
    assert (diff.rows[0].skipped, diff.rows[-1].skipped) == (46, 48)
    assert (diff.rows[4].new, diff.rows[4].text) == (50, "neu")
    assert (diff.rows[-1].old, diff.rows[-1].new) == (53, 54)  # where the folded stretch starts


def test_line_endings_and_a_final_newline_are_not_changes():
    assert lines("a\r\nb\rc\n") == ["a", "b", "c"]
    assert lines("") == [] and lines("\n") == [""]
    assert line_diff("a\r\nb\r\n", "a\nb\n").same
    assert not line_diff("a\nb\n", "a\nb\n\n").same


def test_huge_texts_are_not_compared_and_long_diffs_are_cut():
    huge = "x\n" * (linediff.MAX_LINES + 1)
    assert line_diff(huge, "y\n").too_large
    assert not line_diff(huge, "y\n").same
    a = "\n".join(f"alt {i}" for i in range(3000))
    b = "\n".join(f"neu {i}" for i in range(3000))
    diff = line_diff(a, b)
    assert diff.truncated and len(diff.rows) == linediff.MAX_ROWS
    assert (diff.added, diff.removed) == (3000, 3000)  # the counts cover the whole diff


def test_lines_replaced_one_for_one_mark_their_changed_words():
    diff = line_diff("# Titel\nDer Hund bellt laut.\n", "# Titel\nDer Kater bellt laut!\n")
    removed, added = diff.rows[1], diff.rows[2]
    assert removed.parts == ((False, "Der"), (True, " Hund"), (False, " bellt laut"), (True, "."))
    assert added.parts == ((False, "Der"), (True, " Kater"), (False, " bellt laut"), (True, "!"))
    assert "".join(piece for _changed, piece in added.parts) == added.text
    unlike = line_diff("# Titel\nDer Hund bellt laut.\n", "# Titel\nEin ganz anderer Satz hier!\n")
    assert not any(r.parts for r in unlike.rows)  # not versions of each other: nothing marked
    moved = line_diff("a\nDer Hund bellt.\ny\n", "a\nNeu\nDer Hund bellt laut.\ny\n")
    assert [r.parts for r in moved.rows if r.kind == INSERT] == [
        (),
        ((False, "Der Hund bellt"), (True, " laut"), (False, ".")),
    ]  # paired with its new version, not with the inserted line before it
    chinese = line_diff("商标在中国注册。\n", "商标在中华人民共和国注册。\n").rows[1]
    assert chinese.parts == (
        (False, "商标在中"),
        (True, "华人民共和"),
        (False, "国注册。"),
    )  # CJK: by character


def test_word_marks_stop_at_the_budget_and_at_long_lines():
    long_line = "wort " * (linediff.MAX_WORDS_LINE // 5 + 1)
    assert all(not r.parts for r in line_diff(long_line + "\n", long_line + "x\n").rows)
    many = linediff.WORDS_BUDGET // 100 + 10
    a = "".join(f"{'wort ' * 12}alt {i}\n" for i in range(many))
    b = "".join(f"{'wort ' * 12}neu {i}\n" for i in range(many))
    marked = [r for r in line_diff(a, b).rows if r.parts]
    assert 0 < len(marked) < 2 * many
