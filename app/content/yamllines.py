"""YAML that remembers on which line each key was written.

`yaml.safe_load` returns plain values and forgets positions, so a message could only say "pass_mark is
wrong", not where. Here the document is composed into nodes first and converted by hand: every mapping
becomes a `LineDict` and every sequence a `LineList`, which are ordinary dicts and lists that also know
their lines. Aliases (`*name`) are refused: course files do not need them, and refusing them rules out
"billion laughs" documents that expand exponentially.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from app.content.messages import N_
from app.content.problems import Problem, error
from app.content.yamlerrors import explain_yaml_error

if TYPE_CHECKING:
    import yaml

_INVALID = N_("invalid YAML")


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the (1-based) line of itself and of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A YAML sequence that knows the (1-based) line of itself and of each item."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        """The line of item `index`."""
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


@functools.cache
def _no_alias_loader() -> type[yaml.SafeLoader]:
    """A safe loader that refuses aliases while composing; made with the first YAML read, so that PyYAML
    loads then and not with every `flask` command."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported", mark)
            return super().compose_node(parent, index)

    return NoAliasLoader


def load_yaml(
    text: str, path: str, first_line: int = 1, *, label: str = _INVALID
) -> tuple[Any, list[Problem]]:
    """Parse one YAML document whose first line is line `first_line` of the file `path`.

    Returns (None, problems) when the text is not valid YAML; never raises. `label` starts the message
    of a syntax error ("invalid YAML in the front matter" for a Markdown header).
    """
    import yaml

    problems: list[Problem] = []
    loader = None
    try:
        loader = _no_alias_loader()(text)  # already reads, and may reject, the text
        node = loader.get_single_node()
        value = _convert(loader, node, first_line - 1, path, problems, label) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        index, reason = explain_yaml_error(exc, text.split("\n"))
        return None, [
            error(path, first_line + index, N_("%(label)s: %(reason)s", label=label, reason=reason))
        ]
    except yaml.YAMLError as exc:
        return None, [
            error(
                path,
                first_line + _reader_line(text, exc),
                N_("%(label)s: %(reason)s", label=label, reason=_first_line(exc)),
            )
        ]
    except RecursionError:
        return None, [
            error(path, first_line, N_("%(label)s: %(reason)s", label=label, reason=N_("nested too deeply")))
        ]
    finally:
        if loader is not None:
            loader.dispose()
    return value, problems


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, offset: int, path: str, problems: list[Problem], label: str
) -> Any:
    import yaml

    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        mapping = LineDict(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(error(path, key_line, N_("keys must be plain words, not lists or mappings")))
                continue
            key = str(key_node.value)
            if key in mapping:
                problems.append(
                    error(
                        path,
                        key_line,
                        N_(
                            "duplicate key '%(key)s' (first on line %(line)s)",
                            key=key,
                            line=mapping.key_lines[key],
                        ),
                    )
                )
                continue
            mapping[key] = _convert(loader, value_node, offset, path, problems, label)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LineList(line)
        for item in node.value:
            sequence.append(_convert(loader, item, offset, path, problems, label))
            sequence.item_lines.append(item.start_mark.line + 1 + offset)
        return sequence
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        problems.append(error(path, line, N_("%(label)s: %(reason)s", label=label, reason=exc.problem or "")))
    except (ValueError, OverflowError):
        pass  # e.g. an impossible date like 2026-02-30: the caller's type check reports it
    return str(node.value)


def _reader_line(text: str, exc: yaml.YAMLError) -> int:
    """The 0-based line of a reader error (which has a character position, not a mark)."""
    position = getattr(exc, "position", None)
    return text.count("\n", 0, position) if isinstance(position, int) else 0


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
