"""The runbook reader itself (fast; no emulator): sh commands and the placeholder table."""

from __future__ import annotations

from devkit.runbook import Command, commands, placeholders

DOC = """\
# Title

| Placeholder | Meaning | Test value |
|---|---|---|
| `<zone>` | the zone | `a.example.org` |
| `$GANDI_URL` | API | set by the test |

Prose with `inline code` that is not run.

```sh
# a comment line
pipenv run zonestack audit --zone <zone>  # expect exit 2

pipenv run zonestack acme-cleanup \\
  --zone <zone> --doit
```

```yaml
not: run
```
"""


def test_commands_join_continuations_and_read_expectations() -> None:
    assert commands(DOC) == [
        Command(12, "pipenv run zonestack audit --zone <zone>", 2),
        Command(14, "pipenv run zonestack acme-cleanup    --zone <zone> --doit", 0),
    ]


def test_placeholder_table_literals_and_test_supplied() -> None:
    assert placeholders(DOC) == {"<zone>": "a.example.org", "$GANDI_URL": None}
