"""YAML text to plain Python data plus a line index, or located errors.

PyYAML's C composer builds the node tree (fast, and every node keeps its
position); we construct the Python values ourselves so that every value's line
is known (``lines[("records", 3, "values", 0)] == 17``) and duplicate keys, which
YAML loaders silently collapse, are reported. Hostile documents are refused
with a line: recursive aliases, nesting deeper than ``MAX_DEPTH``, and alias
expansion (each anchored node is built once and shared, so a "billion laughs"
document costs its size, not its expansion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: same behaviour, slower
    _Loader = yaml.SafeLoader

Path = tuple[Any, ...]

#: The tag of a YAML 1.1 merge key (``<<``).
MERGE_TAG = "tag:yaml.org,2002:merge"
#: Record files are three levels deep; anything near this is an attack or an accident.
MAX_DEPTH = 64
#: Characters YAML 1.1 treats as line breaks but editors and GitHub do not.
_HIDDEN_BREAKS = {
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
    "\u0085": "U+0085 NEXT LINE",
}


class YamlProblem(ValueError):
    """The text is not usable YAML; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    """The parsed document, its line index, and non-fatal problems met on the way."""

    data: Any
    lines: dict[Path, int]
    duplicates: list[tuple[int, str]]
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) to text; a bad byte is reported at its line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(line, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)") from None


def _hide_breaks(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Replace YAML-only line breaks by spaces, so lines match the editor's; note each."""
    problems: list[tuple[int, str]] = []
    if not any(ch in text for ch in _HIDDEN_BREAKS):
        return text, problems
    for index, ch in enumerate(text):
        if ch in _HIDDEN_BREAKS:
            line = text.count("\n", 0, index) + 1
            problems.append((line, f"invisible {_HIDDEN_BREAKS[ch]} here: YAML reads it as a line break; remove it"))
    for ch in _HIDDEN_BREAKS:
        text = text.replace(ch, " ")
    return text, problems


def parse(text: str) -> YamlDocument:
    """Parse one YAML document; raises YamlProblem with the offending line."""
    text, problems = _hide_breaks(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "file is empty: expected a mapping with 'zone' and 'records'")
        doc = YamlDocument(data=None, lines={}, duplicates=[], problems=problems)
        doc.data = _Builder(loader, doc).build(node, (), 0)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        opened = exc.context_mark
        if mark is not None and mark.index >= len(text) and opened is not None and opened is not mark:
            # The file ended inside a construct (an unclosed '[', '{' or quote): PyYAML marks the end of
            # the text, a line past the last one; the line that opened it is the one to fix.
            what = (exc.context or "").strip()
            for prefix in ("while parsing ", "while scanning ", "a "):
                what = what.removeprefix(prefix)
            line = opened.line + 1
            problem = f"{problem}: the file ends inside the {what or 'construct'} opened on this line"
        raise YamlProblem(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


class _Builder:
    """Node tree → Python values, recording lines; shares anchored nodes."""

    def __init__(self, loader: Any, doc: YamlDocument) -> None:
        self.loader = loader
        self.doc = doc
        self.done: dict[int, Any] = {}
        self.in_progress: set[int] = set()

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.doc.lines.setdefault(path, line)
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.in_progress:
            raise YamlProblem(line, "invalid YAML: an alias refers to the node that contains it (recursive alias)")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, f"invalid YAML: nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            self.in_progress.add(key)
            value: Any = self._mapping(node, path, depth)
            self.in_progress.discard(key)
        elif isinstance(node, yaml.SequenceNode):
            self.in_progress.add(key)
            value = [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            self.in_progress.discard(key)
        else:
            value = self._scalar(node)
        self.done[key] = value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        # YAML 1.1 merge keys (``<<: *base``): PyYAML puts the merged pairs first, so the
        # mapping's own keys override them; only a key written twice in the mapping itself
        # is a duplicate (https://yaml.org/type/merge.html).
        own = {id(k) for k, _ in node.value if k.tag != MERGE_TAG}
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        written: set[str] = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                shown = "a mapping or list" if not isinstance(key_node, yaml.ScalarNode) else _describe(key)
                self.doc.problems.append((line, f"keys must be text, found {shown} (quote it)"))
                continue
            if id(key_node) in own:
                if key in written:
                    self.doc.duplicates.append((line, key))
                written.add(key)
            result[key] = self.build(value_node, path + (key,), depth + 1)
            self.doc.lines[path + (key,)] = line
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
            raise YamlProblem(
                node.start_mark.line + 1,
                f"invalid YAML: {node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}",
            ) from None


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"{type(value).__name__} {value!r}"
