"""YAML text to plain Python data plus a line index, or located errors.

PyYAML's C composer builds the node tree (fast, and every node keeps its
position); we construct the Python values ourselves so that every value's line
is known (``lines[("records", 3, "values", 0)] == 17``) and duplicate keys, which
YAML loaders silently collapse, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: same behaviour, slower
    _Loader = yaml.SafeLoader

Path = tuple[Any, ...]


class YamlProblem(ValueError):
    """The text is not usable YAML; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    """The parsed document, its line index, and duplicate keys found on the way."""

    data: Any
    lines: dict[Path, int]
    duplicates: list[tuple[int, str]]

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


def parse(text: str) -> YamlDocument:
    """Parse one YAML document; raises YamlProblem with the offending line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "file is empty: expected a mapping with 'zone' and 'records'")
        doc = YamlDocument(data=None, lines={}, duplicates=[])
        doc.data = _build(loader, node, (), doc)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlProblem(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _build(loader: Any, node: yaml.Node, path: Path, doc: YamlDocument) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise YamlProblem(key_node.start_mark.line + 1, "invalid YAML: mapping keys must be plain scalars")
            if key in result:
                doc.duplicates.append((key_node.start_mark.line + 1, str(key)))
            result[key] = _build(loader, value_node, path + (key,), doc)
            doc.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), doc) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
