"""Issue 19 item 9: YAML 1.1 merge keys (``<<: *base``) with an override are valid, not duplicate keys.

PyYAML accepts them (https://yaml.org/type/merge.html): the mapping's own keys win over
merged ones. A key written twice in one mapping is still a duplicate.
"""

from __future__ import annotations

import yaml

from tests.unit.core.validation_helpers import PATH
from zonestack.loader import inspect_text

MERGED = """\
zone: example.test
ttl: 3600
records:
  - &google-mx
    name: "@"
    type: MX
    ttl: 3600
    values: ["1 aspmx.l.google.com.", "5 alt1.aspmx.l.google.com."]
  - <<: *google-mx
    name: shop
    ttl: 600
  - &web {name: www, type: A, values: [192.0.2.10]}
  - {<<: *web, name: api}
"""


def test_a_merge_key_with_an_override_is_accepted_as_pyyaml_reads_it() -> None:
    zone, findings = inspect_text(MERGED.encode(), PATH, expected_zone="example.test")
    assert findings == [] and zone is not None
    sets = {r.key: (r.ttl, r.values, r.line) for r in zone.records}
    assert sets[("shop", "MX")] == (600, ("1 aspmx.l.google.com.", "5 alt1.aspmx.l.google.com."), 9)
    assert sets[("@", "MX")][0] == 3600
    assert sets[("api", "A")] == (3600, ("192.0.2.10",), 13)
    plain = {(r["name"], r["type"]): r.get("ttl") for r in yaml.safe_load(MERGED)["records"]}
    assert plain == {("@", "MX"): 3600, ("shop", "MX"): 600, ("www", "A"): None, ("api", "A"): None}  # same reading

def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate() -> None:
    text = MERGED.replace("    ttl: 600\n", "    ttl: 600\n    ttl: 900\n")
    _, findings = inspect_text(text.encode(), PATH, expected_zone="example.test")
    assert [(f.line, f.rule) for f in findings] == [(12, "schema")]
    assert "duplicate key 'ttl'" in findings[0].message
