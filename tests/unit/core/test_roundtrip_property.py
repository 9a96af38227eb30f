"""Property: any record set that ``validate`` accepts round-trips through
``export`` (BIND) → dnspython zone parse → ``import bind`` with the same values.

One record set per zone, so every type can stand at a name it is allowed at;
ALIAS is left out (BIND has no such type: ``export`` writes it as a comment and
says so). CDS is a record the old provider's DNSSEC signer makes, so ``import``
drops it on purpose and says so in a note (Gandi signs with its own keys): for
it the property is "dropped with a note". Warnings are allowed: they do not stop
a file from being published.
"""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

import dns.zone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zonestack.exporters.bind import render_bind
from zonestack.importers.assemble import SIGNER_TYPES, assemble
from zonestack.importers.bindfile import read_zone_file
from zonestack.loader import inspect_text
from zonestack.names import zone_origin

ZONE = "example.test"
SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_service_label = _label.map(lambda s: "_" + s)


@st.composite
def hostnames(draw: st.DrawFn) -> str:
    """Absolute names outside or inside the zone, relative names, mixed case, an underscore label."""
    labels = draw(st.lists(st.one_of(_label, _label, _service_label), min_size=1, max_size=3))
    name = ".".join(labels)
    if draw(st.booleans()):
        name = name.upper() if draw(st.booleans()) else name
    kind = draw(st.sampled_from(["absolute", "relative", "in-zone"]))
    if kind == "absolute":
        return f"{name}.example.net."
    if kind == "in-zone":
        return f"{name}.{ZONE}."
    return name


def _hex(octets: int) -> st.SearchStrategy[str]:
    return st.binary(min_size=octets, max_size=octets).map(bytes.hex)


_u16 = st.integers(0, 65535)
_text = st.text(alphabet=string.printable.replace("\n", "").replace("\r", "").replace("\t", "").replace("\x0b", "")
                .replace("\x0c", ""), min_size=1, max_size=600)
_caa_text = st.from_regex(r"[a-z0-9.=; -]{0,30}", fullmatch=True)


def _caa() -> st.SearchStrategy[str]:
    issue = st.builds(lambda f, t, d: f'{f} {t} "{d}"', st.sampled_from([0, 128]),
                      st.sampled_from(["issue", "issuewild", "issuemail"]),
                      st.one_of(st.just(""), st.just(";"), hostnames().map(lambda h: h.rstrip(".").lower())))
    other = st.builds(lambda f, t, v: f'{f} {t} "{v}"', st.sampled_from([0, 128]),
                      st.sampled_from(["contactemail", "contactphone"]), _caa_text)
    iodef = st.builds(lambda f, v: f'{f} iodef "mailto:{v}@example.test"', st.sampled_from([0, 128]), _label)
    return st.one_of(issue, other, iodef)


VALUES: dict[str, st.SearchStrategy[str]] = {
    "A": st.ip_addresses(v=4).map(str),
    "AAAA": st.ip_addresses(v=6).map(str),
    "CNAME": hostnames(),
    "DNAME": hostnames(),
    "PTR": hostnames(),
    "NS": hostnames(),
    "MX": st.one_of(st.builds(lambda p, h: f"{p} {h}", _u16, hostnames()), st.just("0 .")),
    "SRV": st.builds(lambda p, w, port, h: f"{p} {w} {port} {h}", _u16, _u16, _u16, hostnames()),
    "TXT": _text,
    "SPF": _text,
    "CAA": _caa(),
    "SSHFP": st.one_of(st.builds(lambda a, f: f"{a} 1 {f}", st.sampled_from([1, 2, 3, 4, 6]), _hex(20)),
                       st.builds(lambda a, f: f"{a} 2 {f}", st.sampled_from([1, 2, 3, 4, 6]), _hex(32))),
    "TLSA": st.builds(lambda u, s, m, d: f"{u} {s} {m} {d}", st.integers(0, 3), st.integers(0, 1),
                      st.sampled_from([1, 2]), st.just(0)).flatmap(
        lambda v: _hex(32 if v.split()[2] == "1" else 64).map(lambda d: v.rsplit(" ", 1)[0] + " " + d)),
    "DS": st.builds(lambda k, a, d: f"{k} {a} 2 {d}", _u16, st.sampled_from([8, 13, 14, 15]), _hex(32)),
    "CDS": st.builds(lambda k, a, d: f"{k} {a} 2 {d}", _u16, st.sampled_from([8, 13, 14, 15]), _hex(32)),
    "NAPTR": st.one_of(
        st.builds(lambda o, p, h: f'{o} {p} "S" "SIP+D2U" "" {h}', _u16, _u16, hostnames()),
        st.builds(lambda o, p, u: f'{o} {p} "U" "E2U+sip" "!^.*$!sip:{u}@example.net!" .', _u16, _u16, _label),
    ),
    "LOC": st.builds(lambda la, lo, alt, ns, ew: f"{la} 0 0.000 {ns} {lo} 30 1.500 {ew} {alt}m",
                     st.integers(0, 89), st.integers(0, 179), st.integers(-100000, 40000000),
                     st.sampled_from("NS"), st.sampled_from("EW")),
    "HTTPS": st.one_of(st.just("1 . alpn=h2,h3"), st.builds(lambda h: f"0 {h}", hostnames()),
                       st.builds(lambda p, port: f"{p} . alpn=h2 port={port}", st.integers(1, 65535), _u16)),
    "SVCB": st.builds(lambda p, h: f"{p} {h}", st.integers(1, 65535), hostnames()),
    "OPENPGPKEY": st.binary(min_size=1, max_size=80).map(lambda b: __import__("base64").b64encode(b).decode()),
}
OWNERS: dict[str, list[str]] = {
    "SRV": ["_sip._tcp", "_imaps._tcp.mail"], "TLSA": ["_443._tcp", "_25._tcp.mail"],
    "NS": ["lab", "deep.lab"], "DS": ["lab"], "CNAME": ["www", "*.dev", "x-1"], "DNAME": ["old"],
}
DEFAULT_OWNERS = ["@", "www", "_dmarc", "s1._domainkey", "*", "*.dev", "a.b.c"]


@st.composite
def record_sets(draw: st.DrawFn) -> tuple[str, str, list[str], int]:
    rtype = draw(st.sampled_from(sorted(VALUES)))
    owner = draw(st.sampled_from(OWNERS.get(rtype, DEFAULT_OWNERS)))
    single = rtype in ("CNAME", "DNAME")
    values = draw(st.lists(VALUES[rtype], min_size=1, max_size=1 if single else 3, unique=True))
    ttl = draw(st.sampled_from([300, 3600, 86400, 2592000]))
    return owner, rtype, values, ttl


@SETTINGS
@given(record_sets())
def test_accepted_record_sets_round_trip_through_bind(record_set: tuple[str, str, list[str], int]) -> None:
    owner, rtype, values, ttl = record_set
    entry = {"name": owner, "type": rtype, "values": values, "ttl": ttl}
    text = f"zone: {ZONE}\nrecords:\n  - {json.dumps(entry)}\n"
    zone, findings = inspect_text(text.encode(), f"{ZONE}.yaml", ZONE)
    assume(zone is not None and not [f for f in findings if f.is_error])
    assert zone is not None
    declared = {r.key: (r.ttl, set(r.values)) for r in zone.records}

    exported = render_bind(zone).text
    parsed = dns.zone.from_text(exported, origin=zone_origin(ZONE), relativize=False, check_origin=False)
    assert sum(len(rdataset) for _, rdataset in parsed.iterate_rdatasets()) == sum(len(v) for _, v in
                                                                                   declared.values())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "zone.db"
        path.write_text(exported, encoding="utf-8")
        imported = assemble(ZONE, read_zone_file(path, ZONE))
    assert imported.problems == [], imported.problems
    assert imported.loaded is not None
    signed = {key for key in declared if key[1] in SIGNER_TYPES}
    for name, rtype in signed:
        assert any(f"{name} {rtype}" in note for note in imported.notes), imported.notes
    expected = {key: value for key, value in declared.items() if key not in signed}
    assert {r.key: (r.ttl, set(r.values)) for r in imported.loaded.records} == expected, exported
