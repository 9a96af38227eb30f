"""``GandiZone``: one zone as Gandi LiveDNS resources, from a record file, from code, or both.

Knows cdktf and the provider schema; knows nothing of YAML. Record files are
loaded and validated by the core (``zonestack.loader``); record sets declared
in Python go through the same checks (:mod:`constructs_lib.record_checks`) at
the moment they are added, and a problem raises ``ValidationFailed`` located at
the caller's ``file.py:line``.

Example (another cdktf app; ``server`` is any resource with an address)::

    stack = TerraformStack(app, "dns")
    GandiProvider(stack, "gandi")
    zone = GandiZone.from_file(stack, "zone", "records/example.com.yaml")
    zone.add_record_set("api", "A", [server.ipv4_address], ttl=300)
    TerraformOutput(stack, "api", value=zone.record_set("api", "A").fqdn)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any

from constructs_lib.cdk import Construct, is_list_token, is_token, token_fragments
from constructs_lib.gandi import LivednsDomainConfig, LivednsRecordConfig
from constructs_lib.gandi.record_resource import RecordAddress, TokenRecordBlock
from constructs_lib.record_checks import (
    Origin,
    check_entry_with_neighbours,
    check_zone_header,
    load_record_file,
    stand_in_value,
)
from constructs_lib.resource_block import ResourceBlock, claim_address
from zonestack.findings import Finding, ValidationFailed
from zonestack.imports_plan import DEFAULT_IMPORTS_DIR, ImportPlan, load_import_plan
from zonestack.model import RecordSet, Zone
from zonestack.names import APEX, NameProblem, normalise_name
from zonestack.rdata import text_to_wire
from zonestack.resource_ids import DOMAIN_RESOURCE_TYPE, RECORD_RESOURCE_TYPE, domain_id, record_id
from zonestack.rrtypes import TEXT_TYPES

_HERE = str(Path(__file__).resolve().parent)


@dataclass(frozen=True)
class GandiZoneProps:
    """Inputs of a ``GandiZone``.

    ``record_imports`` maps resource IDs to provider import IDs
    (``zone/name/TYPE``) for record sets that already exist at Gandi, and
    ``import_domain`` adopts an existing zone: both become Terraform ``import``
    blocks, so adopting a live zone creates nothing (entries for record sets the
    zone does not declare are left out, so a stale import plan never breaks a
    plan). ``manage_domain=False`` manages record sets only (the zone exists at
    LiveDNS, e.g. created by registering the domain at Gandi).
    ``qualified_ids`` gives the zone's resources zone-qualified names
    (``MX_APEX_IN_example-org``, see ``zonestack.resource_ids``): needed for a
    second zone in one stack; changing it on a deployed zone renames its
    resources, which Terraform plans as destroy and create.
    """

    zone: Zone
    manage_domain: bool = True
    automatic_snapshots: bool | None = None
    import_domain: bool = False
    record_imports: dict[str, str] = field(default_factory=dict)
    qualified_ids: bool = False


@dataclass(frozen=True)
class RecordSetRef:
    """A declared record set as other resources and outputs can use it.

    ``id``, ``href`` and ``fqdn`` are cdktf tokens (Terraform references to
    ``gandi_livedns_record.<address>``), so whatever uses them depends on the
    record set, in this stack or, through cdktf's cross-stack references, in
    another. ``fqdn`` has no trailing dot (``api.example.com``; the apex is the
    zone name).
    """

    zone: str
    name: str
    type: str
    address: str
    _element: Callable[[], Any] = field(repr=False, compare=False)

    @property
    def element(self) -> Any:
        """The cdktf element whose attributes these are (created on first use)."""
        return self._element()

    @property
    def id(self) -> str:
        """The provider's ID of the record set (``zone/name/TYPE``)."""
        return self.element.get_string_attribute("id")

    @property
    def href(self) -> str:
        """The record set's LiveDNS API URL."""
        return self.element.get_string_attribute("href")

    @property
    def fqdn(self) -> str:
        """The owner name, fully qualified, without the trailing dot."""
        zone = self.element.get_string_attribute("zone")
        return zone if self.name == APEX else self.element.get_string_attribute("name") + "." + zone


@dataclass
class _Declared:
    record: RecordSet
    origin: Origin
    element: Any = None  # the reference-only element, once the set is referenced


def caller_origin() -> Origin:
    """The first stack frame outside ``constructs_lib``: the user's ``file.py:line``.

    The path is relative to the working directory when it lies below it.
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_HERE):
        frame = frame.f_back
    if frame is None:  # pragma: no cover - only reachable from inside this package
        return Origin("<unknown>", 0)
    path = frame.f_code.co_filename
    try:
        shown = os.path.relpath(path)
        path = shown if not shown.startswith("..") else path
    except ValueError:  # another drive (Windows)
        pass
    return Origin(path, frame.f_lineno)


class GandiZone(Construct):
    """The ``gandi_livedns_domain`` of a zone and one ``gandi_livedns_record`` per record set.

    Build it with :meth:`from_file` (a record file, then optionally sets in
    code), :meth:`from_name` (sets in code only), or from a validated core
    ``Zone`` in ``GandiZoneProps`` (what the CLI's app does). It holds the
    declaration only: a zone that already exists at Gandi (every registered
    domain has one, with Gandi's default records) is adopted by ``zonestack
    deploy`` itself, or, for plain ``cdktf deploy``, by ``zonestack adopt`` once
    before (it writes ``imports/<zone>.json`` and removes the sets in the way).

    Errors: ``ValidationFailed`` (``zonestack.findings``) with every finding as
    ``path:line: message [rule]``, raised by :meth:`from_file` for a record
    file and by :meth:`add_record_set` for a set in code (at the caller's line).

    Example::

        zone = GandiZone.from_name(stack, "zone", "example.org", ttl=3600, manage_domain=False)
        zone.add_record_set("@", "MX", ["10 mail.example.net."])
        api = zone.add_record_set("api", "A", [server_ip.string_value], ttl=300)
        TerraformOutput(stack, "api", value=api.fqdn)
    """

    def __init__(self, scope: Construct, id: str, props: GandiZoneProps) -> None:
        super().__init__(scope, id)
        zone = props.zone
        self.zone = zone
        self._qualifier = zone.name if props.qualified_ids else None
        self._record_imports = dict(props.record_imports)
        depends: tuple[str, ...] = ()
        if props.manage_domain:
            zone_id = domain_id(self._qualifier)
            domain = ResourceBlock(
                self,
                "domain",
                resource_type=DOMAIN_RESOURCE_TYPE,
                resources={
                    zone_id: LivednsDomainConfig(name=zone.name, automatic_snapshots=props.automatic_snapshots)
                },
                imports={zone_id: zone.name} if props.import_domain else None,
                owner=zone.name,
            )
            depends = tuple(domain.addresses)
        self.depends_on = depends
        self.records = {
            record_id(r.name, r.type, self._qualifier): LivednsRecordConfig(
                zone=zone.name, name=r.name, type=r.type, ttl=r.ttl, values=r.values,
                depends_on=self.depends_on,
            )
            for r in zone.records
        }
        self._block = ResourceBlock(
            self,
            "records",
            resource_type=RECORD_RESOURCE_TYPE,
            resources=self.records,
            imports={rid: iid for rid, iid in self._record_imports.items() if rid in self.records},
            owner=zone.name,
        )
        self._index: tuple[dict[tuple[str, str], _Declared], dict[str, list[tuple[str, str]]]] | None = None
        self._token_block: TokenRecordBlock | None = None

    @classmethod
    def from_file(
        cls, scope: Construct, id: str, path: str | os.PathLike[str], *, manage_domain: bool = True,
        automatic_snapshots: bool | None = None, qualified_ids: bool = False,
        imports_dir: str | os.PathLike[str] | None = DEFAULT_IMPORTS_DIR,
    ) -> GandiZone:
        """A zone from a record file (``records/<zone>.yaml``, see the README's contract).

        ``automatic_snapshots`` defaults to the file's ``settings``.
        ``imports_dir`` (relative to the working directory, where cdktf runs the
        app: the folder of ``cdktf.json``) holds ``<zone>.json``, the import plan
        ``zonestack adopt`` writes; ``None`` reads none. Raises
        ``ValidationFailed`` with every problem of the file
        (``path:line: message [rule]``), exactly as ``zonestack validate``.
        """
        zone = load_record_file(path)
        if automatic_snapshots is None:
            automatic_snapshots = zone.settings.automatic_snapshots
        return cls(scope, id, _props(zone, manage_domain, automatic_snapshots, qualified_ids, imports_dir))

    @classmethod
    def from_name(
        cls, scope: Construct, id: str, zone: str, *, ttl: int | None = None, ignore: Sequence[str] = (),
        forbid: Sequence[str] = (), mode: str | None = None, manage_domain: bool = True,
        automatic_snapshots: bool | None = None, qualified_ids: bool = False,
        imports_dir: str | os.PathLike[str] | None = DEFAULT_IMPORTS_DIR,
    ) -> GandiZone:
        """An empty zone named ``zone`` (e.g. ``"example.com"``) to add record sets to in code.

        ``ttl`` is the default TTL of its record sets (Gandi's 10800 when
        omitted); ``ignore``/``forbid`` are the record file's name globs and
        ``mode`` its ownership mode (``additive``/``authoritative``);
        ``qualified_ids`` and ``imports_dir`` as for :meth:`from_file`. Raises
        ``ValidationFailed`` at the caller's line for an invalid zone name,
        TTL or glob list (the record file's messages).
        """
        origin = caller_origin()
        header: dict[str, Any] = {"zone": zone, "ignore": _as_list(ignore), "forbid": _as_list(forbid)}
        if ttl is not None:
            header["ttl"] = ttl
        if mode is not None:
            header["mode"] = mode
        checked = check_zone_header(header, origin)
        checked = replace(checked, path=origin.path, lines={})
        return cls(scope, id, _props(checked, manage_domain, automatic_snapshots, qualified_ids, imports_dir))

    # -- record sets in code -------------------------------------------------------------

    def add_record_set(self, name: str, type: str, values: Sequence[str], *, ttl: int | None = None) -> RecordSetRef:
        """Declare the record set ``name``/``type`` with ``values``; returns its :class:`RecordSetRef`.

        ``name`` is relative (``"@"`` for the apex) or absolute inside the zone;
        ``values`` are written as in a record file (TXT as plain text). A value
        may be, or contain, a cdktf token (another resource's attribute, a
        ``TerraformVariable``, a remote-state output, a cross-stack reference),
        and ``values`` may be a whole list token: tokens pass into
        ``cdk.tf.json`` as Terraform references. The literal parts of a value
        are validated; what a token will hold can only be checked by Gandi's
        API at deploy time (e.g. that an A value is an IPv4 address, that a TXT
        value holding a token is printable ASCII without quotes or
        backslashes and under 255 octets). ``name``, ``type`` and ``ttl`` must be
        literals.

        Raises ``ValidationFailed`` located at the caller's ``file.py:line``
        with the record file's rules and messages; a (name, type) declared
        twice (in the record file and in code, or twice in code) is a
        ``duplicates`` finding naming both places.
        """
        origin = caller_origin()
        literal_problem = next(
            (f"{what} must be a literal, not a token" for what, v in (("name", name), ("type", type), ("ttl", ttl))
             if is_token(v)), None,
        )
        if literal_problem:
            raise ValidationFailed([Finding(origin.path, origin.line, literal_problem, "schema")])
        list_token, pieces, stand_ins = self._stand_ins(type, values)
        entry: dict[str, Any] = {"name": name, "type": type, "values": stand_ins}
        if ttl is not None:
            entry["ttl"] = ttl
        key = self._key_of(name, type)
        if key is not None and key in self._declared:
            first = self._declared[key].origin
            raise ValidationFailed([Finding(
                origin.path, origin.line,
                f"{key[0]} {key[1]} is already declared at {first}; put all values in one record set", "duplicates",
            )])
        neighbours = self._neighbours(key) if key is not None else []
        record, findings = check_entry_with_neighbours(self.zone, entry, neighbours, origin)
        if findings or record is None:
            raise ValidationFailed([self._show_tokens(f, stand_ins, values, pieces) for f in findings])
        has_tokens = list_token or any(p is not None for p in pieces)
        final_values = self._token_values(record, values, pieces, list_token) if has_tokens else record.values
        if len(set(final_values)) != len(final_values):
            raise ValidationFailed([Finding(origin.path, origin.line,
                                            f"{record.name} {record.type}: a value appears twice", "duplicates")])
        config = LivednsRecordConfig(zone=self.zone.name, name=record.name, type=record.type, ttl=record.ttl,
                                     values=tuple(final_values), depends_on=self.depends_on)
        rid = record_id(record.name, record.type, self._qualifier)
        declared = _Declared(replace(record, line=origin.line), origin)
        if has_tokens:
            claim_address(self._block._stack, f"{RECORD_RESOURCE_TYPE}.{rid}", self.zone.name)
            if self._token_block is None:
                self._token_block = TokenRecordBlock(self, "token-records")
            self._token_block.add(rid, config)
        else:
            self.records[rid] = config
            self._block.add(rid, config)
        if rid in self._record_imports:
            self._block.add_imports({rid: self._record_imports[rid]})
        self._declared[record.key] = declared
        self._names.setdefault(record.name, []).append(record.key)
        return self._ref(record.key)

    def record_set(self, name: str, type: str) -> RecordSetRef:
        """The declared record set ``name``/``type`` (from the file or code), for references.

        Raises ``KeyError`` naming the set when it is not declared in this zone.
        """
        key = self._key_of(name, type)
        if key is None or key not in self._declared:
            raise KeyError(f"{name} {type} is not declared in zone {self.zone.name}")
        return self._ref(key)

    # -- helpers ------------------------------------------------------------------------------

    @property
    def _declared(self) -> dict[tuple[str, str], _Declared]:
        """Every declared set by (name, type), with where it was declared (built on first use,
        so a zone from a record file alone pays nothing for it)."""
        return self._indexes()[0]

    @property
    def _names(self) -> dict[str, list[tuple[str, str]]]:
        """Declared (name, type) keys by name."""
        return self._indexes()[1]

    def _indexes(self) -> tuple[dict[tuple[str, str], _Declared], dict[str, list[tuple[str, str]]]]:
        if self._index is None:
            file_path = self.zone.path or "<zone>"
            declared = {r.key: _Declared(r, Origin(file_path, r.line)) for r in self.zone.records}
            names: dict[str, list[tuple[str, str]]] = {}
            for key in declared:
                names.setdefault(key[0], []).append(key)
            self._index = (declared, names)
        return self._index

    def _ref(self, key: tuple[str, str]) -> RecordSetRef:
        declared = self._declared[key]
        rid = record_id(*key, self._qualifier)

        def element() -> Any:
            if declared.element is None:  # a literal set: a reference-only element, made once
                declared.element = RecordAddress(self, f"ref-{rid}", logical_id=rid)
            return declared.element

        return RecordSetRef(self.zone.name, key[0], key[1], f"{RECORD_RESOURCE_TYPE}.{rid}", element)

    def _key_of(self, name: Any, type: Any) -> tuple[str, str] | None:
        if not isinstance(name, str) or not isinstance(type, str):
            return None
        try:
            return normalise_name(name, self.zone.name), type.strip().upper()
        except NameProblem:
            return None

    def _neighbours(self, key: tuple[str, str]) -> list[tuple[RecordSet, Origin]]:
        """Declared sets the new one can conflict with: its name, its ancestors, and
        (for NS, a delegation) the names below it."""
        name, rtype = key
        names = {name}
        if name != APEX:
            labels = name.split(".")
            names.update(".".join(labels[i:]) for i in range(1, len(labels)))
            names.add(APEX)
            if rtype == "NS":
                suffix = "." + name
                names.update(n for n in self._names if n.endswith(suffix))
        return [(self._declared[k].record, self._declared[k].origin) for n in sorted(names)
                for k in self._names.get(n, ())]

    def _stand_ins(self, rtype: Any, values: Any) -> tuple[bool, list[Any], Any]:
        """``(values is a list token, token pieces of each value or None, values to validate)``:
        each token replaced by a stand-in literal (see ``record_checks.stand_in_value``)."""
        kind = str(rtype).strip().upper()
        if is_list_token(values):
            return True, [None], [stand_in_value(kind, [(True, "")], self.zone.name, 0)]
        if not isinstance(values, (list, tuple)):
            return False, [], values  # the schema check reports the wrong shape
        pieces: list[Any] = []
        stand_ins: list[Any] = []
        for index, value in enumerate(values):
            parts = token_fragments(value) if isinstance(value, str) and is_token(value) else None
            pieces.append(parts)
            stand_ins.append(value if parts is None else stand_in_value(kind, parts, self.zone.name, index))
        return False, pieces, stand_ins

    def _token_values(self, record: RecordSet, values: Any, pieces: list[Any], list_token: bool) -> list[Any]:
        """Declared values as sent: literal values canonical, token values as written
        (TXT ones quoted, with their literal parts escaped as TXT)."""
        if list_token:
            return list(values)
        canonical = iter(record.values)
        out: list[Any] = []
        for value, parts in zip(values, pieces, strict=True):
            literal = next(canonical)
            if parts is None:
                out.append(literal)
            elif record.type in TEXT_TYPES:
                out.append('"' + "".join(p if t else _txt_escape(p) for t, p in parts) + '"')
            else:
                out.append(value)
        return out

    @staticmethod
    def _show_tokens(finding: Finding, stand_ins: Any, values: Any, pieces: list[Any]) -> Finding:
        """A finding about a value that holds tokens shows ``${…}``, not the stand-in."""
        message = finding.message
        for stand_in, parts in zip(stand_ins if isinstance(stand_ins, list) else [], pieces, strict=False):
            if parts is not None and isinstance(stand_in, str) and repr(stand_in) in message:
                shown = "".join("${…}" if t else p for t, p in parts)
                message = message.replace(repr(stand_in), repr(shown)) + " (whatever the token holds)"
        return replace(finding, message=message)


def _props(zone: Zone, manage_domain: bool, automatic_snapshots: bool | None, qualified_ids: bool,
           imports_dir: str | os.PathLike[str] | None) -> GandiZoneProps:
    """Props of a zone built by a user's app, with its import plan (``imports_dir/<zone>.json``)."""
    plan = load_import_plan(zone.name, Path(imports_dir)) if imports_dir is not None else ImportPlan()
    return GandiZoneProps(zone=zone, manage_domain=manage_domain, automatic_snapshots=automatic_snapshots,
                          import_domain=plan.domain and manage_domain, record_imports=plan.records,
                          qualified_ids=qualified_ids)


def _txt_escape(text: str) -> str:
    """Literal TXT text inside a quoted character-string (RFC 1035 §5.1)."""
    return text_to_wire(text)[1:-1] if text else ""


def _as_list(value: Any) -> Any:
    """A list or tuple as a list; anything else unchanged, for the schema check to name."""
    return list(value) if isinstance(value, (list, tuple)) else value
