"""Shared by the operating commands: which declared zones a ``--zone`` option selects."""

from __future__ import annotations

from pathlib import Path

from zonestack.catalog import DEFAULT_RECORDS_DIR, record_file
from zonestack.loader import check_zone
from zonestack.model import Zone


class SelectionError(Exception):
    """Record files that do not validate, or a zone that is not declared (one line per problem)."""


class MissingRecordFile(SelectionError):
    """The zone has no record file; the message is ``<path>: no such record file``."""


def load_declared_zone(zone: str, records_dir: Path = DEFAULT_RECORDS_DIR) -> Zone:
    """The one valid zone ``records_dir/<zone>.yaml``; raises MissingRecordFile or
    SelectionError (its findings, one per line)."""
    path = record_file(records_dir, zone)
    if not path.is_file():
        raise MissingRecordFile(f"{path}: no such record file")
    loaded, findings = check_zone(path)
    if findings or loaded is None:
        raise SelectionError("\n".join(str(f) for f in findings))
    return loaded
