#!/usr/bin/env python3
"""Sends bad values in every field of every operation of openapi.yaml to a live server, one field at a time.

For each operation the driver builds a valid request (records the paths name are created first: a department,
people, customers, a contact, requests, a calendar, an SLA policy, canned responses, an interaction, a file, an
import, a token, requirements (one accepted, for projects to include), a requirement document, projects with tasks,
milestones, an included requirement, a communication plan, risks, an issue, progress reports, change requests, a
checked deliverable, charters sent to a portal contact, a project in its closure work, an improvement action and
commitments), then
replaces one field with one bad value and sends it, for every path parameter, query parameter, header parameter and
body property (nested objects, array items, map keys and values, and the body as a whole).
The bad values: whitespace only, full-width spaces (U+3000), control characters (NUL, U+0001, U+007F, U+0085,
U+2028, U+202E, alone and after a valid value), very long strings, invalid UUIDs, impossible and far-off dates,
huge and negative numbers, and every wrong JSON type.

A run fails on:
  crash         the server process died (the request that kills it is found by replaying the suspects alone)
  server error  an answer of 500 or more
  no answer     the connection closed or timed out with the server still running
  not problem   a 4xx that is not application/problem+json, or any answer other than 2xx / 4xx
  stored        a create or update accepted (2xx) a control character and the record now holds it
  accepted      a create or update accepted (2xx) a value openapi.yaml rules out: blank where text is required, an
                impossible date (2026-02-30T25:61:00Z), a number or length outside its bounds, a value outside its
                enum, a control character in a UUID, date or email; or any operation accepted a path or query
                UUID or date with a control character after it
  rolled over   a query accepted (2xx) an impossible date
  baseline      the valid request itself was refused, so the field tests of that operation prove little

Header fields get no C0 control characters: HTTP forbids them there, and the connection is dropped before Liaison
sees the request.

Deterministic: the same openapi.yaml and server give the same requests. Prints operations × fields × values tried.
Usage: scripts/fuzz-fields [--workers N] [--only operationId,...]   (starts its own server; needs PyYAML)
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liaisontest import REPO, Client, Server  # noqa: E402

API = "/api/v1"
ADMIN = ("fuzz-admin@fuzz.test", "字段模糊测试", "admin", "Fields-Fuzz-Passw0rd!")
# Characters no stored text should hold: C0 controls but tab, newline and carriage return; DEL; C1 controls (U+0085
# among them); line and paragraph separators; bidirectional overrides and isolates (U+202E reverses what follows).
FORBIDDEN = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
BLANK = re.compile(r"^[\s\u3000]*$")


class Raw:
    """A JSON value written as is (numbers JSON allows but Python cannot hold)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return self.text


CONTROLS = [("NUL", "\u0000"), ("U+0001", "\u0001"), ("U+007F", "\u007f"), ("U+0085", "\u0085"),
            ("U+2028", "\u2028"), ("U+202E", "\u202e")]
IMPOSSIBLE_DATES = ["2026-02-30T25:61:00Z", "2026-02-30", "2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z",
                    "0000-00-00T00:00:00Z", "2026-04-31"]
LONG_BODY = 100_001
LONG_URL = 8_000


def bad_values(baseline, in_url: bool) -> list[tuple[str, object]]:
    """The bad values for one field; `baseline` is the field's valid value (a control character is also appended
    to it, so that enums, UUIDs, emails and dates get one after something valid)."""
    values: list[tuple[str, object]] = [
        ("empty", ""), ("spaces", "   "), ("tab-newline", " \t\n "), ("U+3000", "\u3000"),
        ("U+3000 mixed", "\u3000 \u3000"),
    ]
    values += [(name, char) for name, char in CONTROLS]
    values.append(("NUL inside", "a\u0000b"))
    stem = baseline if isinstance(baseline, str) and baseline else "x"
    values += [(f"valid+{name}", stem + char) for name, char in CONTROLS]
    long = LONG_URL if in_url else LONG_BODY
    values += [("long ASCII", "x" * long), ("long CJK", "长" * (long // 2))]
    values += [("uuid: word", "not-a-uuid"), ("uuid: bad digit", "00000000-0000-0000-0000-00000000000g"),
               ("uuid: too long", "123e4567-e89b-12d3-a456-4266141740000"),
               ("uuid: nil", "00000000-0000-0000-0000-000000000000"),
               ("uuid: braces", "{123e4567-e89b-12d3-a456-426614174000}")]
    values += [(f"date {d}", d) for d in IMPOSSIBLE_DATES]
    values += [("year 0001", "0001-01-01T00:00:00Z"), ("year 9999", "9999-12-31T23:59:59Z"),
               ("year 10000", "10000-01-01T00:00:00Z")]
    numbers = [("0", 0), ("-1", -1), ("-2^31-1", -2147483649), ("2^31", 2147483648),
               ("Int64.max", 9223372036854775807), ("Int64.max+1", 9223372036854775808),
               ("Int64.min-1", -9223372036854775809), ("10^30", 10**30), ("1.5", 1.5), ("1e308", Raw("1e308")),
               ("1e400", Raw("1e400")), ("-1e400", Raw("-1e400"))]
    if in_url:  # numbers and types as text: what a client could put in a URL
        values += [(f"number {name}", repr(v) if isinstance(v, Raw) else str(v)) for name, v in numbers]
        values += [("text null", "null"), ("text true", "true"), ("text []", "[]"), ("text {}", "{}")]
    else:
        values += [(f"number {name}", v) for name, v in numbers]
        values += [("null", None), ("true", True), ("false", False), ("[]", []), ("{}", {}), ('["x"]', ["x"]),
                   ('{"a":1}', {"a": 1}), ("[null]", [None]), ('"3"-like number string', "3")]
    return values


# --- openapi.yaml --------------------------------------------------------------------------------------------------


class Spec:
    def __init__(self, path: Path):
        try:
            self.document = yaml.safe_load(path.read_text())
        except yaml.YAMLError as error:
            raise SystemExit(f"fuzz-fields: {path} is not valid YAML, so there is nothing to walk:\n{error}")

    def resolve(self, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            target = self.document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
            seen += 1
            if seen > 20:
                raise ValueError("$ref loop")
        return node

    def operations(self):
        for path, item in self.document["paths"].items():
            shared = [self.resolve(p) for p in item.get("parameters", [])]
            for method in ("get", "post", "put", "patch", "delete"):
                if method not in item:
                    continue
                op = item[method]
                own = [self.resolve(p) for p in op.get("parameters", [])]
                names = {(p["name"], p["in"]) for p in own}
                parameters = own + [p for p in shared if (p["name"], p["in"]) not in names]
                body = self.resolve(op.get("requestBody")) if op.get("requestBody") else None
                yield Operation(op["operationId"], method.upper(), path, parameters, body, self)


@dataclass
class FieldRef:
    location: str          # path, query, header, body
    name: str              # as printed
    keys: tuple = ()       # where in the body: property names, 0 for an array's first item, KEY for a map's key
    schema: dict = field(default_factory=dict)


KEY = object()  # in FieldRef.keys: the key of a map (additionalProperties), rather than its value


class Operation:
    def __init__(self, op_id, method, path, parameters, body, spec: Spec):
        self.id, self.method, self.path, self.parameters, self.spec = op_id, method, path, parameters, spec
        self.body_type = None
        self.body_schema = None
        if body:
            content = body.get("content", {})
            for kind in ("application/json", "application/octet-stream", "text/csv", "text/calendar", "message/rfc822",
                         "image/png"):
                if kind in content:
                    self.body_type = kind
                    self.body_schema = spec.resolve(content[kind].get("schema", {}))
                    break

    def fields(self, baseline_body) -> list[FieldRef]:
        found = [FieldRef(p["in"], f"{p['in']} {p['name']}", (p["name"],), self.spec.resolve(p.get("schema", {})))
                 for p in self.parameters]
        if self.body_type == "application/json":
            found.append(FieldRef("body", "body (whole)", (), self.body_schema))
            self._walk(self.body_schema, (), baseline_body, found)
        elif self.body_type:
            found.append(FieldRef("raw", "body (whole)", (), self.body_schema))
        return found

    def _walk(self, schema, keys, baseline, found):
        schema = self.spec.resolve(schema)
        for name, sub in (schema.get("properties") or {}).items():
            sub = self.spec.resolve(sub)
            here = keys + (name,)
            found.append(FieldRef("body", "body " + _dotted(here), here, sub))
            value = baseline.get(name) if isinstance(baseline, dict) else None
            self._walk_value(sub, here, value, found)

    def _walk_value(self, schema, keys, baseline, found):
        types = _types(schema)
        if "array" in types and isinstance(schema.get("items"), dict):
            items = self.spec.resolve(schema["items"])
            here = keys + (0,)
            found.append(FieldRef("body", "body " + _dotted(here), here, items))
            self._walk_value(items, here, baseline[0] if isinstance(baseline, list) and baseline else None, found)
        if "object" in types or "properties" in schema:
            if schema.get("properties"):
                self._walk(schema, keys, baseline, found)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                extra = self.spec.resolve(extra)
                key = next(iter(baseline)) if isinstance(baseline, dict) and baseline else "k"
                found.append(FieldRef("body", "body " + _dotted(keys + (KEY,)), keys + (KEY, key), {"type": "string"}))
                here = keys + (key,)
                found.append(FieldRef("body", "body " + _dotted(here), here, extra))
                self._walk_value(extra, here, baseline.get(key) if isinstance(baseline, dict) else None, found)


def _types(schema) -> set:
    kind = schema.get("type")
    if isinstance(kind, list):
        return set(kind)
    return {kind} if kind else set()


def _dotted(keys) -> str:
    text = ""
    for key in keys:
        if key is KEY:
            text += "{key}"
        elif isinstance(key, int):
            text += f"[{key}]"
        else:
            text += ("." if text else "") + str(key)
    return text


def _set(document, keys, value):
    """A copy of `document` with the value at `keys` replaced (creating what is missing on the way)."""
    if not keys:
        return value
    document = copy.deepcopy(document)
    target = document
    for index, key in enumerate(keys[:-1]):
        nxt = keys[index + 1]
        if key is KEY:  # keys = (..., KEY, existing key): rename that key to the bad value
            break
        if isinstance(key, int):
            while len(target) <= key:
                target.append({} if not isinstance(nxt, int) else [])
            if not isinstance(target[key], (dict, list)):
                target[key] = {} if not isinstance(nxt, int) else []
        else:
            if not isinstance(target.get(key), (dict, list)):
                target[key] = [] if isinstance(nxt, int) else {}
        target = target[key]
    if len(keys) >= 2 and keys[-2] is KEY:
        old = keys[-1]
        kept = target.pop(old, "x")
        target[_url_text(value)] = kept  # JSON keys are text
        return document
    last = keys[-1]
    if isinstance(last, int):
        while len(target) <= last:
            target.append(None)
    target[last] = value
    return document


def _get(document, keys):
    for key in keys:
        if key is KEY:
            return None
        try:
            document = document[key]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _encode(value) -> bytes:
    """JSON text, with Raw values written as they are."""
    marks = {}

    def swap(v):
        if isinstance(v, Raw):
            mark = f"@@raw{len(marks)}@@"
            marks[mark] = v.text
            return mark
        if isinstance(v, dict):
            return {k: swap(x) for k, x in v.items()}
        if isinstance(v, list):
            return [swap(x) for x in v]
        return v

    text = json.dumps(swap(value), ensure_ascii=False)
    for mark, raw in marks.items():
        text = text.replace(f'"{mark}"', raw)
    return text.encode()


def _url_text(value) -> str:
    return value if isinstance(value, str) else (repr(value) if isinstance(value, Raw) else json.dumps(value))


def _show(value, limit=400) -> str:
    """A value for the report: long strings shortened, every control character escaped."""

    def shorten(v):
        if isinstance(v, str) and len(v) > 60:
            return f"<{v[:1]!r} × {len(v)}>"
        if isinstance(v, dict):
            return {shorten(k) if isinstance(k, str) else k: shorten(x) for k, x in v.items()}
        if isinstance(v, list):
            return [shorten(x) for x in v]
        if isinstance(v, Raw):
            return f"<raw {v.text}>"
        return v

    text = json.dumps(shorten(value), ensure_ascii=True) if not isinstance(value, bytes) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _show_url(url: str) -> str:
    return re.sub(r"((?:x|%E9%95%BF){40})(?:x|%E9%95%BF)+", lambda m: m.group(1)[:12] + f"…(long)", url)


# --- checks ---------------------------------------------------------------------------------------------------------


DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def _impossible_date(value) -> bool:
    """A date or time of the right shape that names no moment: February 30th, 25:61, month 13."""
    if not isinstance(value, str) or not DATE_SHAPE.match(value):
        return False
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        return False
    except ValueError:
        return True


def _violation(value, schema) -> str | None:
    """Why openapi.yaml rules the value out for this field, or None if it might be allowed."""
    types = _types(schema)
    if isinstance(value, str):
        if BLANK.match(value):
            # Blank where a text is required; a blank enum, reference or date reads as "not given" (the default).
            return "blank where a text is required" if schema.get("minLength", 0) >= 1 else None
        # Surrounding whitespace (U+0085 and U+2028 among it) may be trimmed; what is left must be clean.
        if FORBIDDEN.search(value.strip()) and schema.get("format") in ("uuid", "date", "date-time", "email"):
            return f"a control character in a {schema['format']}"
        if schema.get("format") in ("date", "date-time") and _impossible_date(value):
            return "an impossible date"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return f"longer than maxLength {schema['maxLength']}"
        if schema.get("enum") and value not in schema["enum"]:
            return "not one of the enum values"
        if types and "string" not in types:
            return None  # wrong types are judged by the decoder; a 2xx there is leniency, not a stored defect
    if isinstance(value, (int, float)) and not isinstance(value, bool) and ("integer" in types or "number" in types):
        if "minimum" in schema and value < schema["minimum"]:
            return f"below minimum {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            return f"above maximum {schema['maximum']}"
        if "integer" in types and isinstance(value, float):
            return "a fraction for an integer"
    return None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _has_forbidden(value) -> bool:
    if isinstance(value, Raw):
        return False
    return any(FORBIDDEN.search(s) for s in _strings(value))


# --- the run --------------------------------------------------------------------------------------------------------


@dataclass
class Probe:
    op: Operation
    field: FieldRef
    label: str
    value: object
    method: str
    url: str
    body: bytes | None
    content_type: str | None
    headers: dict
    shown_body: str
    serial: int = field(default_factory=lambda: next(SERIALS))


@dataclass
class Failure:
    kind: str
    probe: Probe
    answer: str


SERIALS = itertools.count()
# Operations whose valid request uses its record up, besides DELETE.
CONSUMING = {"mergeRequest", "acceptImport", "ratePortalRequest", "moveRequirement", "moveProject", "moveProjectTask",
             "sendCharter", "startCharterVersion", "portalSignCharter", "cancelMeeting"}


class Gate:
    """Many requests at once, or one crash investigation alone."""

    def __init__(self):
        self.cond = threading.Condition()
        self.readers = 0
        self.writing = False
        self.waiting = 0

    @contextmanager
    def shared(self):
        with self.cond:
            while self.writing or self.waiting:
                self.cond.wait()
            self.readers += 1
        try:
            yield
        finally:
            with self.cond:
                self.readers -= 1
                self.cond.notify_all()

    @contextmanager
    def alone(self):
        with self.cond:
            self.waiting += 1
            while self.writing or self.readers:
                self.cond.wait()
            self.waiting -= 1
            self.writing = True
        try:
            yield
        finally:
            with self.cond:
                self.writing = False
                self.cond.notify_all()


class Fuzzer:
    def __init__(self, server: Server, token: str, workers: int):
        self.server, self.token, self.workers = server, token, workers
        self.gate = Gate()
        self.lock = threading.Lock()
        self.generation = 0
        self.suspects: list[Probe] = []
        self.replayed: dict[int, tuple] = {}
        self.recent: dict[int, list[Probe]] = defaultdict(list)
        self.failures: list[Failure] = []
        self.tried = 0
        self.local = threading.local()
        self.fixtures: dict[str, str] = {}
        self.counter = 0
        self.crashes = 0
        self.log_mark = 0
        self.answered_2xx: dict[str, int] = defaultdict(int)

    def client(self) -> Client:
        if not hasattr(self.local, "client"):
            self.local.client = Client(self.server.port, self.token, timeout=30)
        return self.local.client

    def fresh(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def fail(self, kind: str, probe: Probe, answer: str) -> None:
        with self.lock:
            self.failures.append(Failure(kind, probe, answer))

    # --- sending, and finding the request that killed the server ---

    def send(self, probe: Probe):
        """(status, headers, body) or an exception; a crash is investigated before this returns."""
        with self.gate.shared():
            generation = self.generation
            if getattr(self.local, "generation", None) != generation:  # a restart ended the old connection
                self.client().close()
                self.local.generation = generation
            try:
                return self.client().send(probe.method, probe.url, probe.body, probe.headers, probe.content_type)
            except Exception as error:  # noqa: BLE001
                with self.lock:
                    self.suspects.append(probe)
                failure = error
        with self.gate.alone():
            if self.generation == generation:
                self.investigate()
        return self.replayed.get(probe.serial, failure)

    def investigate(self) -> None:
        """Runs alone: the server failed to answer. Replays each unanswered request on its own, restarting the
        server after each crash, and records which kill it."""
        suspects, self.suspects = self.suspects, []
        died = not self.server.alive() or not self.server.healthy()
        crash_text = ""
        if died:
            self.crashes += 1
            crash_text = self._crash_text(self.log_mark)
            self._restart()
        found = self._replay(suspects)
        if died and not found:
            # A crash may come just after an answer (work done after responding): the last requests of each
            # thread are tried too.
            with self.lock:
                recent = [p for probes in self.recent.values() for p in probes[-2:]
                          if all(p.serial != s.serial for s in suspects)]
            found = self._replay(recent)
            if not found:
                shown = "; ".join(f"{p.method} {_show_url(p.url)} {p.shown_body}" for p in (suspects + recent)[:4])
                self.fail("crash", None, f"the server died ({crash_text or 'no crash line'}) but no request "
                                         f"crashed it again alone; in flight or just answered: {shown}")
        self.generation += 1

    def _replay(self, probes: list[Probe]) -> bool:
        found = False
        for probe in probes:
            mark = self.server.log_size()
            client = Client(self.server.port, self.token, timeout=30)
            try:
                result = client.send(probe.method, probe.url, probe.body, probe.headers, probe.content_type)
            except Exception as error:  # noqa: BLE001
                result = error
            finally:
                client.close()
            if not self.server.alive() or not self.server.healthy():
                time.sleep(0.1)  # let the dying process finish its last words
                found = True
                self.fail("crash", probe, self._crash_text(mark) or self.server.exit_description())
                self._restart()
                result = RuntimeError("crashed the server")
            self.replayed[probe.serial] = result
        return found

    def _crash_text(self, since: int) -> str:
        lines = self.server.crash_lines(since)
        return " | ".join(lines[:3])

    def _restart(self) -> None:
        if self.server.alive():
            self.server.kill()
        self.log_mark = self.server.log_size()
        self.server.start()

    # --- one probe ---

    def judge(self, probe: Probe) -> None:
        result = self.send(probe)
        with self.lock:
            self.tried += 1
            recent = self.recent[threading.get_ident()]
            recent.append(probe)
            del recent[:-3]
        if isinstance(result, RuntimeError) and str(result) == "crashed the server":
            return
        if isinstance(result, Exception):
            self.fail("no answer", probe, f"{type(result).__name__}: {result}")
            return
        status, headers, data = result
        excerpt = data[:300].decode(errors="replace")
        content_type = headers.get("content-type", "")
        if status >= 500:
            self.fail("server error", probe, f"{status} {excerpt}")
        elif 400 <= status < 500:
            if not content_type.startswith("application/problem+json"):
                self.fail("not problem", probe, f"{status} {content_type or '(no content type)'} {excerpt}")
        elif not 200 <= status < 300:
            self.fail("not problem", probe, f"{status} {excerpt}")
        else:
            with self.lock:
                self.answered_2xx[probe.op.id] += 1
            self.check_accepted(probe, headers, data)

    def check_accepted(self, probe: Probe, headers: dict, data: bytes) -> None:
        ref = probe.field
        value = probe.value
        excerpt = data[:200].decode(errors="replace")
        if ref.location in ("path", "query"):
            name = ref.keys[0]
            text = value if isinstance(value, str) else ""
            dated = ref.schema.get("format") in ("date", "date-time") or name in ("from", "to", "start")
            if dated and _impossible_date(text):
                self.fail("rolled over", probe, f"2xx {excerpt}")
            elif FORBIDDEN.search(text.strip()) and (dated or ref.schema.get("format") == "uuid"):
                self.fail("accepted", probe, f"2xx although the {ref.location} parameter ends in a control "
                                             f"character: {excerpt}")
            return
        if probe.method not in ("POST", "PATCH", "PUT") or ref.location == "header":
            return
        if ref.location == "body" and ref.keys and ref.keys[-2:-1] != (KEY,):
            why = _violation(value, ref.schema)
            if why:
                self.fail("accepted", probe, f"2xx although {why}: {excerpt}")
        if _has_forbidden(value):
            stored = self._stored(probe, headers, data)
            if stored:
                self.fail("stored", probe, stored)

    def _stored(self, probe: Probe, headers: dict, data: bytes) -> str | None:
        """Where a control character now shows in the record (the answer, or the record read back)."""
        try:
            answer = json.loads(data) if data else None
        except ValueError:
            answer = None
        hits = [s for s in _strings(answer) if FORBIDDEN.search(s)]
        if hits:
            return f"the answer holds {_show(hits[0], 120)}"
        location = headers.get("location")
        read_path = location if location and location.startswith("/") else (
            probe.url.split("?")[0] if probe.method in ("PATCH", "PUT") else None)
        if read_path:
            try:
                status, _, body = self.client().send("GET", read_path)
            except Exception:  # noqa: BLE001
                return None
            if status == 200:
                try:
                    hits = [s for s in _strings(json.loads(body)) if FORBIDDEN.search(s)]
                except ValueError:
                    hits = []
                if hits:
                    return f"GET {read_path} holds {_show(hits[0], 120)}"
        return None

    # --- building requests ---

    def probe(self, op: Operation, plan: dict, ref: FieldRef | None, label: str, value) -> Probe:
        path_values = dict(plan["path"])
        query = dict(plan.get("query", {}))
        headers = dict(plan.get("headers", {}))
        body = plan.get("body")
        raw = plan.get("raw")
        if ref is not None:
            name = ref.keys[0] if ref.keys else None
            if ref.location == "path":
                path_values[name] = _url_text(value)
            elif ref.location == "query":
                query[name] = _url_text(value)
            elif ref.location == "header":
                text = _url_text(value)
                if re.search("[\u0000-\u001f\u007f]", text):
                    return None  # HTTP forbids control characters in a field value; the connection is dropped
                headers[name] = text.encode()
            elif ref.location == "raw":
                raw = _url_text(value).encode()
            else:
                body = _set(body if body is not None else {}, ref.keys, value)
        url = API + op.path
        for name, text in path_values.items():
            url = url.replace("{" + name + "}", urllib.parse.quote(text, safe=""))
        if query:
            url += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
        if op.body_type == "application/json":
            if body is None and not (ref is not None and ref.location == "body" and not ref.keys):
                body = {}
            data, content_type, shown = _encode(body), "application/json", _show(body)
        elif op.body_type:
            data, content_type, shown = raw or b"", op.body_type, _show(raw or b"")
        else:
            data, content_type, shown = None, None, ""
        return Probe(op, ref, label, value, op.method, url, data, content_type, headers, shown)

    def run_operation(self, op: Operation, planner) -> tuple[int, int]:
        plan = planner(op)
        fields = op.fields(plan.get("body"))
        count = 0
        # The valid request first, so that a refusal is not blamed on what the field tests changed; an operation
        # that uses up its record (delete, merge, accept, revoke) gets it last instead.
        consuming = op.method == "DELETE" or op.id in CONSUMING
        if not consuming:
            self.baseline(op, planner)
        accepted_before = self.accepted_count(op)
        for ref in fields:
            # A fresh plan per field keeps unique values (emails, names) unique.
            plan = planner(op)
            baseline = _get(plan.get("body"), ref.keys) if ref.location == "body" else (
                plan["path"].get(ref.keys[0]) if ref.location == "path" else
                plan.get("query", {}).get(ref.keys[0]) if ref.location == "query" else None)
            if baseline is None and ref.schema.get("format") == "uuid":
                baseline = self.fixtures["customer"]  # so that "valid+NUL" is an id with a NUL after it
            for label, value in bad_values(baseline, ref.location in ("path", "query", "header")):
                probe = self.probe(op, plan, ref, label, value)
                if probe is not None:
                    self.judge(probe)
                    count += 1
        if not self.server.healthy():  # the health check after each operation
            generation = self.generation
            with self.gate.alone():
                if self.generation == generation:
                    self.investigate()
        if consuming and self.accepted_count(op) == accepted_before:
            # (When a bad value was accepted, it may already have used the record up; that value is reported.)
            self.baseline(op, planner)
        return len(fields), count

    def accepted_count(self, op: Operation) -> int:
        with self.lock:
            return self.answered_2xx[op.id]

    def baseline(self, op: Operation, planner) -> None:
        probe = self.probe(op, planner(op), None, "valid", None)
        result = self.send(probe)
        if isinstance(result, Exception) or not 200 <= result[0] < 300:
            answer = f"{type(result).__name__}: {result}" if isinstance(result, Exception) else \
                f"{result[0]} {result[2][:300].decode(errors='replace')}"
            self.fail("baseline", probe, answer)


# --- the records the operations work on, and a valid request for each ---------------------------------------------


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Liaison fuzz//EN\r\nBEGIN:VEVENT\r\nUID:fuzz-1@liaison.test\r\n"
       "DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261002\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def csv_for(n: int) -> str:
    return f"客户名称,联系人,邮箱,手机\n模糊导入客户{n},张{n},import{n}@example.com,+86 138 0000 {n:04d}\n"


def make_fixtures(fz: Fuzzer) -> dict[str, str]:
    c = Client(fz.server.port, fz.token)
    f: dict[str, str] = {}

    def made(what, status, body, key="id"):
        if status not in (200, 201, 202) or not isinstance(body, dict):
            raise RuntimeError(f"could not create the {what} the operations need: {status} {body}")
        return body[key] if key else body

    f["me"] = made("me", *c.json("GET", f"{API}/me"), key=None)["user"]["id"]
    for key in ("dept", "dept_del"):
        f[key] = made("department", *c.json("POST", f"{API}/departments", {"name": f"模糊部门 {key}"}))
    for key in ("userB", "userC", "userD"):
        f[key] = made("person", *c.json("POST", f"{API}/users", {
            "email": f"fuzz-{key.lower()}@fuzz.test", "name": f"模糊用户 {key}", "roles": ["agent"],
            "departmentId": f["dept"], "password": "Fuzz-Person-Passw0rd!"}))
    f["userB_email"] = "fuzz-userb@fuzz.test"
    for key in ("customer", "customer_del"):
        f[key] = made("customer", *c.json("POST", f"{API}/customers", {"name": f"模糊客户 {key}", "tier": "key"}))
    made("team member", *c.json("POST", f"{API}/customers/{f['customer']}/team", {"userId": f["userD"],
                                                                                 "role": "support"}), key=None)
    for key in ("contact", "contact_del"):
        f[key] = made("contact", *c.json("POST", f"{API}/contacts", {"customerId": f["customer"],
                                                                     "name": f"联系人 {key}"}))
    for key in ("request", "merge_src", "merge_dst"):
        f[key] = made("request", *c.json("POST", f"{API}/requests", {
            "customerId": f["customer"], "kind": "issue", "priority": "normal", "subject": f"模糊请求 {key}",
            "body": "请求正文"}))
    status, listing = c.json("GET", f"{API}/requests/{f['request']}/messages")
    f["message"] = made("message", status, listing, key=None)["items"][0]["id"]
    f["calendar"] = made("calendar", *c.json("POST", f"{API}/calendars", {"name": "模糊日历",
                                                                          "timeZone": "Asia/Shanghai"}))
    f["policy"] = made("SLA policy", *c.json("POST", f"{API}/sla-policies", {
        "name": "模糊策略", "calendarId": f["calendar"],
        "fallback": {"firstResponse": 60, "nextResponse": 120, "resolution": 480}}))
    for key in ("canned", "canned_del"):
        f[key] = made("canned response", *c.json("POST", f"{API}/canned-responses", {
            "title": f"模板 {key}", "bodyZh": "您好", "bodyEn": "Hello"}))
    f["interaction"] = made("interaction", *c.json("POST", f"{API}/interactions", {
        "customerId": f["customer"], "channel": "phone", "direction": "outbound", "subject": "模糊沟通",
        "occurredAt": "2026-03-02T08:00:00Z", "nextStep": "跟进"}))
    status, _, data = c.send("POST", f"{API}/customers/{f['customer']}/attachments?filename=fuzz.pdf", PDF,
                             content_type="application/octet-stream")
    f["attachment"] = made("attachment", status, json.loads(data) if data else None)
    for key in ("import", "import_accept"):
        status, _, data = c.send("POST", f"{API}/imports?filename={key}.csv", csv_for(fz.fresh()).encode(),
                                 content_type="text/csv")
        f[key] = made("import", status, json.loads(data) if data else None, key=None)["summary"]["id"]
    f["token"] = made("token", *c.json("POST", f"{API}/me/tokens", {"name": "fuzz revoke"}))
    # Mailboxes whose servers refuse at once (nothing listens on port 1): the connection test answers quickly.
    for key in ("mailbox", "mailbox_del", "mailbox_test"):
        f[key] = made("mailbox", *c.json("POST", f"{API}/mailboxes", {
            "address": f"{key}@fuzz.test", "departmentId": f["dept"], "smtpHost": "127.0.0.1", "smtpPort": 1,
            "smtpSecurity": "none"}))
    # Webhooks and chat robots pointing where nothing listens (port 1): their "send test" fails at once.
    for key in ("webhook", "webhook_del", "webhook_test"):
        f[key] = made("webhook", *c.json("POST", f"{API}/webhooks", {
            "name": f"模糊 {key}", "url": "http://127.0.0.1:1/hook", "events": ["request.created"]}))
    for key in ("robot", "robot_del", "robot_test"):
        f[key] = made("robot", *c.json("POST", f"{API}/robots", {
            "name": f"模糊 {key}", "departmentId": f["dept"], "kind": "wecom", "url": "http://127.0.0.1:1/robot",
            "events": ["request.created"]}))
    # Announcements: drafts for reading, changing, deleting and publishing, and a published one to withdraw.
    announcement = {"titleZh": "模糊公告", "titleEn": "Fuzz announcement", "bodyZh": "正文", "bodyEn": "Text",
                    "kind": "news", "audience": "selected", "tiers": ["key"], "customerIds": [f["customer"]]}
    for key in ("announcement", "announcement_del", "announcement_pub", "announcement_wd", "announcement_portal"):
        f[key] = made("announcement", *c.json("POST", f"{API}/announcements", announcement))
    for key in ("announcement_wd", "announcement_portal"):  # the second one for the portal to read
        made("published announcement", *c.json("POST", f"{API}/announcements/{f[key]}/publish"), key=None)
    # Two waiting for approval, written by another supervisor (nobody approves their own).
    made("author", *c.json("POST", f"{API}/users", {
        "email": "fuzz-author@fuzz.test", "name": "公告作者", "roles": ["supervisor"],
        "password": "Fuzz-Writer-Passw0rd!"}))
    author = Client(fz.server.port, fz.server.create_token("fuzz-author@fuzz.test", "author"))
    made("settings", *c.json("PUT", f"{API}/settings", {"announcementsNeedApproval": True}), key=None)
    for key in ("announcement_approve", "announcement_reject"):
        f[key] = made("announcement", *author.json("POST", f"{API}/announcements", announcement))
        made("submitted announcement", *author.json("POST", f"{API}/announcements/{f[key]}/publish"), key=None)
    made("settings", *c.json("PUT", f"{API}/settings", {"announcementsNeedApproval": False}), key=None)
    author.close()
    # NPS campaigns (drafts: one to change, one to delete, one to send), asking a customer of their own whose
    # contact has an address.
    f["survey_customer"] = made("customer", *c.json("POST", f"{API}/customers", {"name": "模糊调查客户",
                                                                                "tier": "small"}))
    made("contact", *c.json("POST", f"{API}/contacts", {"customerId": f["survey_customer"], "name": "调查联系人",
                                                         "emails": ["survey.contact@fuzz.test"]}))
    for key in ("survey", "survey_del", "survey_send"):
        f[key] = made("NPS survey", *c.json("POST", f"{API}/surveys", {
            "name": f"模糊调查 {key}", "tiers": ["key"], "customerIds": [f["survey_customer"]]}))
    # Mail from an unknown sender (a request without a customer, with its mail) and unreadable bytes (quarantine
    # entries, one per operation that resolves one).
    message = ("From: Fuzz Sender <sender@fuzz.test>\r\nTo: mailbox@fuzz.test\r\nSubject: 模糊邮件\r\n"
               "Message-ID: <fuzz-1@fuzz.test>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n你好\r\n").encode()
    status, _, data = c.send("POST", f"{API}/mail/inbound", message, content_type="message/rfc822")
    taken = made("mail", status, json.loads(data) if data else None, key=None)
    f["unlinked"], f["mail_message"] = taken["requestId"], taken["messageId"]
    for index, key in enumerate(("quarantine", "quarantine_retry", "quarantine_assign", "quarantine_discard")):
        status, _, data = c.send("POST", f"{API}/mail/inbound", bytes([0, 1, index, 255, 13, 10]),
                                 content_type="message/rfc822")
        f[key] = made("quarantine entry", status, json.loads(data) if data else None, key="quarantineId")
    # A contact with a portal account (its token reaches the portal's operations), its requests (one for each
    # operation that changes a request's state), a file on its own message, and contacts to invite and to close.
    for key in ("contact_portal", "contact_invite", "contact_close"):
        f[key] = made("contact", *c.json("POST", f"{API}/contacts", {
            "customerId": f["customer"], "name": f"门户联系人 {key}", "emails": [f"{key}@fuzz.test"]}))
        made("portal invitation", *c.json("POST", f"{API}/contacts/{f[key]}/portal-invitation", {}), key=None)
    f["portal_token"] = fz.server.create_token("contact_portal@fuzz.test", "portal fuzz")
    portal = Client(fz.server.port, f["portal_token"])
    for key in ("portal_request", "portal_close", "portal_reopen", "portal_rate"):
        f[key] = made("portal request", *portal.json("POST", f"{API}/portal/requests", {
            "kind": "issue", "subject": f"门户请求 {key}", "body": "正文"}))
    for key in ("portal_reopen", "portal_rate"):
        made("resolution", *c.json("PATCH", f"{API}/requests/{f[key]}", {"status": "resolved"}), key=None)
    status, listing = portal.json("GET", f"{API}/portal/requests/{f['portal_request']}/messages")
    f["portal_message"] = made("portal message", status, listing, key=None)["items"][0]["id"]
    status, _, data = portal.send(
        "POST", f"{API}/portal/requests/{f['portal_request']}/messages/{f['portal_message']}/attachments"
        "?filename=fuzz.pdf", PDF, content_type="application/octet-stream")
    f["portal_attachment"] = made("portal attachment", status, json.loads(data) if data else None)
    portal.close()
    # Requirements (one for reading and changing, one for each move), a requirement document with two versions.
    for key in ("requirement", "requirement_move"):
        f[key] = made("requirement", *c.json("POST", f"{API}/requirements", {
            "customerId": f["customer"], "title": f"模糊需求 {key}", "description": "需求描述"}))
    # The first under review (so that it can be assessed), handed to R&D.
    made("requirement move", *c.json("POST", f"{API}/requirements/{f['requirement']}/transitions", {
        "status": "inReview", "departmentId": f["dept"]}), key=None)
    f["requirement_doc"] = made("requirement document", *c.json("POST", f"{API}/requirement-documents", {
        "kind": "specification", "title": "模糊规格说明", "body": "# 规格\n第一版",
        "requirementIds": [f["requirement"]]}))
    made("document version", *c.json("POST", f"{API}/requirement-documents/{f['requirement_doc']}/versions", {
        "body": "# 规格\n第二版", "note": "修订"}), key=None)
    # An accepted requirement, for the projects to include (one at creation, the other operations after).
    f["requirement_accepted"] = made("requirement", *c.json("POST", f"{API}/requirements", {
        "customerId": f["customer"], "title": "模糊需求 已接受", "description": "需求描述"}))
    made("requirement move", *c.json("POST", f"{API}/requirements/{f['requirement_accepted']}/transitions", {
        "status": "inReview", "departmentId": f["dept"]}), key=None)
    made("requirement decision", *c.json("PUT", f"{API}/requirements/{f['requirement_accepted']}/assessment", {
        "feasibility": "feasible", "decision": "accept", "customerReason": "符合规划"}), key=None)
    # Projects: one for reading and changing (its charter: version 1 sent to the portal contact, version 2 a draft),
    # one to move, one whose draft is sent, one whose sent charter gets a new draft, one whose charter is signed.
    charter = {"goals": "目标", "scopeIn": "范围内", "milestones": [{"name": "启动", "date": "2026-06-01"}]}
    for key in ("project", "project_move", "project_send", "project_start", "project_sign"):
        f[key] = made("project", *c.json("POST", f"{API}/projects", {
            "customerId": f["customer"], "name": f"模糊项目 {key}", "startOn": "2026-05-01",
            "endOn": "2026-12-31"}))
        made("charter", *c.json("PUT", f"{API}/projects/{f[key]}/charter", charter), key=None)
    for key in ("project", "project_start", "project_sign"):
        sent = made("sent charter", *c.json("POST", f"{API}/projects/{f[key]}/charter/send",
                                            {"contactIds": [f["contact_portal"]]}), key=None)
        f[key + "_charter"] = sent["charter"]["id"]
    made("charter draft", *c.json("POST", f"{API}/projects/{f['project']}/charter/versions"), key=None)
    for key in ("userB", "userC"):  # userC to be removed
        made("project member", *c.json("POST", f"{API}/projects/{f['project']}/team", {"userId": f[key]}), key=None)
    # A project that includes the accepted requirement from its creation (the requirement to take out).
    f["project_reqs"] = made("project", *c.json("POST", f"{API}/projects", {
        "customerId": f["customer"], "name": "模糊项目 需求", "requirementIds": [f["requirement_accepted"]]}))
    for key in ("task", "task_move", "task_del"):
        f[key] = made("task", *c.json("POST", f"{API}/projects/{f['project']}/tasks", {
            "name": f"模糊任务 {key}", "startOn": "2026-05-10", "dueOn": "2026-05-20"}))
    for key in ("milestone", "milestone_del"):
        f[key] = made("milestone", *c.json("POST", f"{API}/projects/{f['project']}/milestones", {
            "name": f"模糊里程碑 {key}", "date": "2026-07-01"}))
    # Communication plan: rows to read, change and remove; an occurrence of a row of its own (a weekly row always
    # has one within the week; changing a row's cadence drops its occurrences) to record as done.
    for key in ("commrow", "commrow_del", "commrow_occ"):
        f[key] = made("communication plan row", *c.json("POST", f"{API}/projects/{f['project']}/communication-plan", {
            "audiences": ["customer:technical", "team:projectManager"], "content": "progressReport",
            "channel": "email", "cadence": "weekly", "weekday": "mon", "time": "09:30", "ownerId": f["me"]}))
    # Risks and issues: one to change, one to turn into an issue; an issue to change.
    for key in ("risk", "risk_occ"):
        f[key] = made("risk", *c.json("POST", f"{API}/projects/{f['project']}/risks", {
            "title": f"模糊风险 {key}", "probability": 3, "impact": 4}))
    f["issue"] = made("issue", *c.json("POST", f"{API}/projects/{f['project']}/issues", {
        "title": "模糊问题", "severity": "high"}))
    # Closure review: a project in its closure work to finalise the review of; an improvement action to change.
    f["project_review"] = made("project", *c.json("POST", f"{API}/projects", {
        "customerId": f["customer"], "name": "模糊项目 总结", "startOn": "2026-05-01", "endOn": "2026-12-31"}))
    for status in ("active", "closing"):
        made("project status", *c.json("POST", f"{API}/projects/{f['project_review']}/status", {"status": status, "reason": "模糊测试"}),
             key=None)
    f["improvement"] = made("improvement action", *c.json("POST", f"{API}/improvement-actions", {
        "title": "模糊改进措施", "ownerId": f["me"], "dueOn": "2026-12-01", "projectId": f["project"]}))
    # Commitments: one to read and correct, one to cancel, one to mark done.
    for key in ("commitment", "commitment_del", "commitment_done"):
        f[key] = made("commitment", *c.json("POST", f"{API}/commitments", {
            "text": f"模糊承诺 {key}", "dueAt": "2030-01-01T09:00:00+08:00", "customerId": f["customer"]}))
    # Meetings: one to read and change, one to cancel, one to delete, one already begun for its minutes.
    for key, starts in (("meeting", "2026-09-01T09:30"), ("meeting_cancel", "2026-09-02T09:30"),
                        ("meeting_del", "2026-09-03T09:30"), ("meeting_minutes", "2026-01-05T09:30")):
        f[key] = made("meeting", *c.json("POST", f"{API}/meetings", {
            "kind": "progress", "title": f"模糊会议 {key}", "projectId": f["project"], "startsAt": starts,
            "endsAt": starts.replace("09:30", "11:00"), "timeZone": "Asia/Shanghai",
            "attendees": [{"contactId": f["contact"]}]}))
    # Change requests: one proposed (to read, change, assess and withdraw), one assessed (to send), one with the
    # customer for each way of deciding (each decides once); a task that names a deliverable, checked once.
    decisions = ("approveProjectChangeRequest", "rejectProjectChangeRequest", "portalApproveChangeRequest",
                 "portalRejectChangeRequest")
    for key in ("change", "change_assessed") + decisions:
        f[key] = made("change request", *c.json("POST", f"{API}/projects/{f['project']}/change-requests", {
            "title": f"模糊变更 {key}", "kinds": ["scope", "cost"], "charterChanges": {"scopeIn": "范围"}}))
    for key in ("change_assessed",) + decisions:
        made("assessment", *c.json("POST", f"{API}/projects/{f['project']}/change-requests/{f[key]}/assess", {
            "scheduleDays": 5, "costAmount": "1000.50"}))
    for key in decisions:
        made("sent change", *c.json("POST", f"{API}/projects/{f['project']}/change-requests/{f[key]}/send", {
            "contactIds": [f["contact_portal"]]}), key=None)
    f["task_deliverable"] = made("task", *c.json("POST", f"{API}/projects/{f['project']}/tasks", {
        "name": "模糊交付", "startOn": "2026-05-10", "dueOn": "2026-05-20", "deliverable": "模糊文档"}))
    made("quality check", *c.json("POST", f"{API}/projects/{f['project']}/quality-checks", {
        "taskId": f["task_deliverable"], "criterion": "评审通过", "result": "pass", "evidence": "纪要"}))
    occurrences = made("occurrences", *c.json(
        "GET", f"{API}/projects/{f['project']}/communication-plan/occurrences?rowId={f['commrow_occ']}"), key="items")
    f["occurrence"] = occurrences[0]["id"]
    # Progress reports: drafts to change, refresh, delete and send; one sent to the portal contact, for the portal.
    for index, key in enumerate(("report", "report_del", "report_send", "report_sent")):
        f[key] = made("progress report", *c.json("POST", f"{API}/projects/{f['project']}/reports", {
            "periodStart": f"2026-06-0{index + 1}", "periodEnd": f"2026-06-1{index + 1}"}))
    made("report sent", *c.json("POST", f"{API}/projects/{f['project']}/reports/{f['report_sent']}/send", {
        "contactIds": [f["contact_portal"]]}), key=None)
    c.close()
    return f


def planner_for(fz: Fuzzer):
    f = fz.fixtures
    # Which record a path's {id} names, by the path's first segment; some operations get records of their own.
    by_segment = {"users": "userB", "departments": "dept", "customers": "customer", "contacts": "contact",
                  "requests": "request", "calendars": "calendar", "sla-policies": "policy",
                  "canned-responses": "canned", "interactions": "interaction", "attachments": "attachment",
                  "imports": "import", "me": "token", "mailboxes": "mailbox", "mail": "quarantine",
                  "webhooks": "webhook", "robots": "robot", "announcements": "announcement", "surveys": "survey",
                  "requirements": "requirement", "requirement-documents": "requirement_doc", "projects": "project",
                  "improvement-actions": "improvement", "meetings": "meeting",
                  "commitments": "commitment"}
    own = {"deleteDepartment": "dept_del", "deleteCustomer": "customer_del", "deleteContact": "contact_del",
           "deleteCannedResponse": "canned_del", "resetUserPassword": "userC", "mergeRequest": "merge_src",
           "acceptImport": "import_accept", "deleteMailbox": "mailbox_del", "testMailbox": "mailbox_test",
           "linkRequest": "unlinked", "getRawMessage": "unlinked", "retryQuarantinedMail": "quarantine_retry",
           "assignQuarantinedMail": "quarantine_assign", "discardQuarantinedMail": "quarantine_discard",
           "deleteWebhook": "webhook_del", "testWebhook": "webhook_test", "deleteRobot": "robot_del",
           "testRobot": "robot_test", "inviteContactToPortal": "contact_invite",
           "getContactPortalAccount": "contact_portal", "updateContactPortalAccount": "contact_portal",
           "closeContactPortalAccount": "contact_close", "closePortalRequest": "portal_close",
           "reopenPortalRequest": "portal_reopen", "ratePortalRequest": "portal_rate",
           "downloadPortalAttachment": "portal_attachment",
           "getPortalAnnouncement": "announcement_portal", "deleteAnnouncement": "announcement_del",
           "publishAnnouncement": "announcement_pub", "withdrawAnnouncement": "announcement_wd",
           "approveAnnouncement": "announcement_approve", "rejectAnnouncement": "announcement_reject",
           "deleteSurvey": "survey_del", "sendSurvey": "survey_send", "moveRequirement": "requirement_move",
           "moveProject": "project_move", "sendCharter": "project_send", "startCharterVersion": "project_start",
           "portalGetCharter": "project_charter", "portalSignCharter": "project_sign_charter",
           "removeProjectRequirement": "project_reqs", "portalGetReport": "report_sent",
           "finaliseProjectReview": "project_review", "cancelMeeting": "meeting_cancel",
           "deleteMeeting": "meeting_del", "putMeetingMinutes": "meeting_minutes",
           "cancelCommitment": "commitment_del", "completeCommitment": "commitment_done"}
    targets = {"firstResponse": 60, "nextResponse": 120, "resolution": 480}

    def bodies(op_id: str, n: int):
        return {
            "createMyToken": {"name": f"模糊令牌 {n}", "expiresInDays": 30},
            "createRequirement": {"customerId": f["customer"], "contactId": f["contact"], "title": f"需求 {n}",
                                  "description": "**需求**描述", "businessValue": "节省人工", "priority": "high",
                                  "desiredDate": "2026-12-31", "ownerId": f["me"], "sourceKind": "meeting",
                                  "sourceReference": "2026-03-02 周例会"},
            "updateRequirement": {"contactId": f["contact"], "title": "模糊需求", "description": "需求描述",
                                  "businessValue": "提高效率", "priority": "normal", "desiredDate": "2027-01-31",
                                  "ownerId": f["me"]},
            "moveRequirement": {"status": "inReview", "departmentId": f["dept"], "note": "请评估"},
            "assessRequirement": {"feasibility": "feasible", "effortDays": 5, "value": "high", "risks": "风险低",
                                  "customerReason": "符合规划", "internalNotes": "内部备注"},
            "createRequirementDocument": {"kind": "developmentPlan", "title": f"开发计划 {n}", "body": "# 计划",
                                          "note": "初稿", "requirementIds": [f["requirement"]]},
            "reviseRequirementDocument": {"title": "模糊规格说明", "body": f"# 规格\n第 {n} 版", "note": "修订",
                                          "requirementIds": [f["requirement"]]},
            "createProject": {"customerId": f["customer"], "name": f"项目 {n}", "description": "项目描述",
                              "managerId": f["me"], "startOn": "2026-05-01", "endOn": "2026-12-31",
                              "requirementIds": [f["requirement_accepted"]]},
            "includeProjectRequirement": {"requirementId": f["requirement_accepted"]},
            "updateProject": {"name": "模糊项目", "description": "描述", "managerId": f["me"],
                              "startOn": "2026-05-01", "endOn": "2026-12-31"},
            "moveProject": {"status": "active", "reason": "合同已签署"},
            "createMeeting": {"kind": "review", "title": f"会议 {n}", "customerId": f["customer"],
                              "startsAt": "2026-10-12T14:00:00+08:00", "endsAt": "2026-10-12T15:30:00+08:00",
                              "timeZone": "Asia/Shanghai", "place": "苏州, 三楼", "videoLink": "https://v.fuzz.test/r",
                              "agenda": "1. 范围\n2. 计划", "attendees": [{"personId": f["me"]}]},
            "updateMeeting": {"title": "模糊会议", "place": "上海", "startsAt": "2026-09-01T10:00",
                              "endsAt": "2026-09-01T11:30", "attendees": [{"contactId": f["contact"]}]},
            "putMeetingMinutes": {"minutes": "讨论了范围", "decisions": "按计划推进", "minutesShared": True,
                                  "actionItems": [{"title": "发送报价", "ownerId": f["me"], "dueOn": "2026-02-01"}]},
            "addProjectMember": {"userId": f["userD"], "role": "observer"},
            "saveCharter": {"goals": "目标", "scopeIn": "范围内", "scopeOut": "范围外",
                            "deliveryStandards": "标准",
                            "acceptanceCriteria": "验收", "assumptions": "假设", "stakeholders": "干系人",
                            "milestones": [{"name": "上线", "date": "2026-09-01"}]},
            "sendCharter": {"contactIds": [f["contact_portal"]]},
            "createProjectTask": {"name": f"任务 {n}", "description": "描述", "ownerId": f["me"],
                                  "departmentId": f["dept"], "startOn": "2026-05-10", "dueOn": "2026-05-20",
                                  "estimateHours": 8, "status": "notStarted", "predecessors": [f["task"]],
                                  "deliverable": "交付物", "acceptanceCheck": "检查",
                                  "raci": [{"userId": f["me"], "role": "accountable"},
                                           {"userId": f["me"], "role": "responsible"}]},
            "updateProjectTask": {"name": "模糊任务", "description": "描述", "ownerId": f["me"],
                                  "startOn": "2026-05-10", "dueOn": "2026-05-21", "estimateHours": 6,
                                  "deliverable": "交付物", "acceptanceCheck": "检查",
                                  "raci": [{"userId": f["me"], "role": "accountable"},
                                           {"userId": f["me"], "role": "responsible"}]},
            "moveProjectTask": {"status": "inProgress"},
            "addCommunicationPlanRow": {"audiences": ["customer:decisionMaker", "other:采购委员会"],
                                        "content": "steeringMeeting", "topic": "季度评审", "channel": "meeting",
                                        "cadence": "monthly", "dayOfMonth": 31, "time": "15:00",
                                        "timeZone": "Asia/Shanghai", "ownerId": f["me"]},
            "updateCommunicationPlanRow": {"cadence": "fortnightly", "weekday": "fri", "anchor": "2026-05-01",
                                           "time": "10:00", "channel": "video", "topic": "双周会"},
            "recordCommunicationDone": {"note": f"已完成 {n}"},
            "createProjectRisk": {"title": f"风险 {n}", "description": "描述", "probability": 2, "impact": "5",
                                  "ownerId": f["me"], "mitigation": "缓解", "contingency": "预案",
                                  "dueOn": "2026-10-01", "status": "open"},
            "updateProjectRisk": {"title": "模糊风险", "probability": 4, "impact": 2, "mitigation": "缓解",
                                  "status": "mitigating"},
            "createProjectIssue": {"title": f"问题 {n}", "description": "描述", "severity": "critical",
                                   "ownerId": f["me"], "resolution": "方案", "dueOn": "2026-10-01",
                                   "status": "open"},
            "updateProjectIssue": {"title": "模糊问题", "severity": "medium", "resolution": "方案",
                                   "status": "inProgress"},
            "createProgressReport": {"periodStart": "2026-07-01", "periodEnd": "2026-07-07", "title": f"周报 {n}",
                                     "summary": "本周进展顺利", "problems": "无", "nextSteps": "继续联调"},
            "updateProgressReport": {"periodStart": "2026-07-08", "periodEnd": "2026-07-14", "title": "模糊周报",
                                     "summary": "摘要", "problems": "问题 → 方案", "nextSteps": "下一步"},
            "sendProgressReport": {"contactIds": [f["contact_portal"]]},
            "tellProjectRisk": {"message": f"风险提示 {n}", "contactIds": [f["contact_portal"]]},
            "tellProjectIssue": {"message": f"问题通报 {n}", "contactIds": [f["contact_portal"]]},
            "createProjectChangeRequest": {"title": f"变更 {n}", "kinds": ["schedule"], "description": "描述",
                                           "reason": "原因",
                                           "charterChanges": {"scopeOut": "不含", "milestones": [
                                               {"name": "上线", "date": "2026-08-01"}]}},
            "updateProjectChangeRequest": {"title": "模糊变更", "kinds": ["scope", "schedule"]},
            "assessProjectChangeRequest": {"scope": "范围", "scheduleDays": 3, "costAmount": 12.5,
                                           "costCurrency": "USD", "note": "说明"},
            "sendProjectChangeRequest": {"contactIds": [f["contact_portal"]]},
            "approveProjectChangeRequest": {"contactId": f["contact_portal"], "note": "客户来函"},
            "rejectProjectChangeRequest": {"contactId": f["contact_portal"], "note": "客户来函"},
            "withdrawProjectChangeRequest": {"note": "不再需要"},
            "portalApproveChangeRequest": {"note": "同意"},
            "portalRejectChangeRequest": {"note": "不同意"},
            "createProjectQualityCheck": {"taskId": f["task_deliverable"], "criterion": f"标准 {n}", "result": "pass",
                                          "evidence": "证据", "evidenceLink": "https://docs.fuzz.test/1"},
            "recordDeliverableAcceptance": {"decision": "accepted", "contactId": f["contact_portal"], "note": "验收"},
            "portalRecordDeliverableAcceptance": {"decision": "accepted", "note": "验收"},
            "createProjectMilestone": {"name": f"里程碑 {n}", "date": "2026-08-01", "reached": False},
            "saveProjectReview": {"wentWell": "例会准时", "fellShort": "环境准备晚", "lessons": f"提前准备 {n}"},
            "askForCustomerEvaluation": {"contactIds": [f["contact"]]},
            "createImprovementAction": {"title": f"改进 {n}", "description": "说明", "ownerId": f["me"],
                                        "dueOn": "2026-12-01", "projectId": f["project"]},
            "updateImprovementAction": {"title": "模糊改进", "description": "说明", "ownerId": f["me"],
                                        "dueOn": "2026-12-02", "status": "inProgress"},
            "updateProjectMilestone": {"name": "模糊里程碑", "date": "2026-08-15", "reached": True},
            "createCommitment": {"text": f"下周一上午给您方案 {n}", "dueAt": "2030-01-07T10:00:00+08:00",
                                 "ownerId": f["me"], "customerId": f["customer"], "source": "manual"},
            "updateCommitment": {"text": "模糊承诺", "dueAt": "2030-01-08T10:00:00+08:00", "ownerId": f["me"]},
            "createUser": {"email": f"fuzz-new-{n}@fuzz.test", "name": f"新同事 {n}", "title": "工程师",
                           "phone": "+86 138 0013 8000", "departmentId": f["dept"], "roles": ["agent"],
                           "locale": "zh-Hans", "timeZone": "Asia/Shanghai"},
            "updateUser": {"email": f["userB_email"], "name": "模糊用户乙", "title": "经理",
                           "phone": "+86 138 0013 8001", "departmentId": f["dept"], "roles": ["agent"],
                           "locale": "en", "timeZone": "Asia/Shanghai", "active": True,
                           "absentUntil": "2030-01-01T00:00:00Z"},
            "createDepartment": {"name": f"部门 {n}", "nameEn": f"Department {n}", "code": f"F{n}",
                                 "parentId": f["dept"], "assignment": "manual"},
            "updateDepartment": {"name": "模糊部门", "nameEn": "Fuzz", "code": "FZ", "parentId": None,
                                 "assignment": "roundRobin"},
            "createCustomer": {"kind": "organization", "name": f"模糊测试客户 {n}", "nameEn": f"Fuzz Co {n}",
                               "industry": "制造业", "tier": "key", "region": "华东", "status": "active",
                               "classification": "internal", "tags": ["重点"], "ownerId": f["me"],
                               "website": "https://example.com", "phone": "+86 21 5555 0000",
                               "address": "上海市浦东新区", "notes": "备注"},
            "updateCustomer": {"kind": "organization", "name": "模糊客户", "nameEn": "Fuzz Co",
                               "industry": "制造业", "tier": "key", "region": "华东", "status": "active",
                               "classification": "internal", "tags": ["重点"], "ownerId": f["me"],
                               "website": "https://example.com", "phone": "+86 21 5555 0000",
                               "address": "上海市", "notes": "备注"},
            "addCustomerTeamMember": {"userId": f["userB"], "role": "engineer"},
            "createContact": {"customerId": f["customer"], "name": f"联系人{n}", "title": "经理",
                              "role": "technical", "emails": [f"contact{n}@example.com"],
                              "phones": [f"+86 139 0000 {n % 10000:04d}"], "wechat": f"wx{n}",
                              "otherIds": {"qq": f"{10000 + n}"}, "preferredChannel": "email",
                              "preferredLanguage": "zh-Hans", "consent": {"email": True}, "notes": "备注"},
            "updateContact": {"name": "联系人甲", "title": "总监", "role": "finance",
                              "emails": ["contact-a@example.com"], "phones": ["+86 139 1111 0000"],
                              "wechat": "wx-a", "otherIds": {"qq": "123456"}, "preferredChannel": "phone",
                              "preferredLanguage": "en", "consent": {"email": True}, "notes": "备注"},
            "createInteraction": {"customerId": f["customer"], "channel": "phone", "direction": "outbound",
                                  "subject": f"沟通 {n}", "body": "**内容**", "occurredAt": "2026-03-02T08:00:00Z",
                                  "durationMinutes": 30, "outcome": "顺利", "staffIds": [f["me"]],
                                  "contactIds": [f["contact"]], "nextStep": "跟进", "nextStepOwnerId": f["me"],
                                  "nextStepDueAt": "2026-03-09T08:00:00Z"},
            "updateInteraction": {"nextStepDone": bool(n % 2)},
            "createRequest": {"customerId": f["customer"], "contactId": f["contact"], "kind": "issue",
                              "priority": "normal", "channel": "email", "subject": f"请求 {n}", "body": "正文",
                              "queueId": f["dept"], "assigneeId": f["me"]},
            "updateRequest": {"status": "open", "kind": "issue", "priority": "high", "subject": "模糊请求",
                              "queueId": f["dept"], "assigneeId": f["me"]},
            "addRequestMessage": {"body": f"回复 {n}", "visibility": "public", "channel": "email"},
            "checkMessage": {"text": f"陈工您好，方案明天下午三点前发您（{n}）。", "customerId": f["customer"],
                             "contactId": f["contact"], "requestId": f["request"], "recipients": ["chen@fuzz.test"],
                             "attachmentIds": [f["attachment"]], "language": "zh", "at": "2026-05-06T09:00:00+08:00"},
            "updateMessageCheckSettings": {"kinds": {"vagueness": "warn", "language": "warn"}},
            "replaceMessageCheckLexicon": {"entries": [{"phrase": f"磨磨蹭蹭{n}", "kind": "disrespect",
                                                        "severity": "block", "language": "zh",
                                                        "suggestionZh": "说明进展", "suggestionEn": "Say what is done"}]},
            "mergeRequest": {"into": f["merge_dst"]},
            "splitRequest": {"subject": f"拆分 {n}"},
            "createCalendar": {"name": f"日历 {n}", "timeZone": "Asia/Shanghai",
                               "week": {"1": ["09:00-12:00", "13:00-18:00"]}, "makeupBlocks": ["09:00-18:00"],
                               "holidayPreset": "CN", "isDefault": False,
                               "days": [{"date": "2026-12-31", "kind": "holiday", "name": "假日"}]},
            "updateCalendar": {"name": "模糊日历", "timeZone": "Asia/Shanghai",
                               "week": {"1": ["09:00-12:00", "13:00-18:00"]}, "makeupBlocks": ["09:00-18:00"],
                               "isDefault": False,
                               "days": [{"date": "2026-12-31", "kind": "holiday", "name": "假日"}]},
            "addCalendarDays": {"days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                                         {"date": "2027-02-14", "kind": "workday", "name": "春节调休"}]},
            "createSLAPolicy": {"name": f"策略 {n}", "calendarId": f["calendar"],
                                "rules": [{"kinds": ["issue"], "priorities": ["high"], "tiers": ["key"],
                                           "targets": dict(targets)}],
                                "fallback": dict(targets), "isDefault": False},
            "updateSLAPolicy": {"name": "模糊策略", "calendarId": f["calendar"],
                                "rules": [{"kinds": ["issue"], "priorities": ["high"], "tiers": ["key"],
                                           "targets": dict(targets)}],
                                "fallback": dict(targets), "isDefault": False},
            "markNotificationsRead": {"all": True},
            "linkRequest": {"customerId": f["customer"], "contactId": f["contact"]},
            "assignQuarantinedMail": {"requestId": f["request"]},
            "createMailbox": {"address": f"box{n}@fuzz.test", "name": f"邮箱 {n}", "departmentId": f["dept"],
                              "smtpHost": "127.0.0.1", "smtpPort": 1, "smtpSecurity": "none",
                              "smtpUsername": "fuzz", "smtpPassword": "Fuzz-Passw0rd!"},
            "updateMailbox": {"address": "mailbox@fuzz.test", "name": "模糊邮箱", "departmentId": f["dept"],
                              "smtpHost": "127.0.0.1", "smtpPort": 1, "smtpSecurity": "none",
                              "imapHost": "127.0.0.1", "imapPort": 1, "imapSecurity": "none", "imapUsername": "fuzz",
                              "imapAfter": "seen"},
            "createSurvey": {"name": f"调查 {n}", "intro": "感谢您的支持", "tiers": ["key", "small"],
                             "customerIds": [f["survey_customer"]], "closesAt": "2099-01-01T00:00:00Z"},
            "updateSurvey": {"name": "模糊调查", "intro": "您好", "tiers": ["strategic"],
                             "customerIds": [f["survey_customer"]], "closesAt": "2099-06-01T00:00:00+08:00"},
            "createWebhook": {"name": f"网络钩子 {n}", "url": "http://127.0.0.1:1/hook", "events": ["request.created"]},
            "updateWebhook": {"name": "模糊钩子", "url": "http://127.0.0.1:1/hook", "events": ["customer.created"]},
            "createRobot": {"name": f"群机器人 {n}", "departmentId": f["dept"], "kind": "dingtalk",
                            "url": "http://127.0.0.1:1/robot", "secret": "SEC" + "0" * 40,
                            "events": ["request.created"]},
            "updateRobot": {"name": "模糊机器人", "departmentId": f["dept"], "kind": "wecom",
                            "url": "http://127.0.0.1:1/robot", "events": ["request.sla_breached"]},
            "setNotificationPreferences": {
                "preferences": [{"kind": "mention", "inApp": True, "email": True, "chat": False}],
                "quietHours": {"start": "22:00", "end": "08:00"}},
            "inviteContactToPortal": {"email": "contact_invite@fuzz.test", "scope": "own"},
            "updateContactPortalAccount": {"scope": "organisation"},
            "updatePortalMe": {"name": "门户联系人", "locale": "zh-Hans"},
            "createPortalRequest": {"kind": "issue", "subject": f"门户请求 {n}", "body": "**正文**"},
            "replyToPortalRequest": {"body": f"补充 {n}"},
            "ratePortalRequest": {"score": 5, "comment": "满意"},
            "createAnnouncement": {"kind": "maintenance", "audience": "selected", "tiers": ["key", "small"],
                                   "customerIds": [f["customer"]], "titleZh": f"公告 {n}", "titleEn": f"Notice {n}",
                                   "bodyZh": "**维护**", "bodyEn": "**Maintenance**",
                                   "publishAt": "2030-01-01T00:00:00Z", "expiresAt": "2030-02-01T00:00:00Z"},
            "updateAnnouncement": {"kind": "news", "audience": "selected", "tiers": ["key"],
                                   "customerIds": [f["customer"]], "titleZh": "模糊公告", "titleEn": "Fuzz",
                                   "bodyZh": "正文", "bodyEn": "Text", "publishAt": "2030-01-01T00:00:00Z",
                                   "expiresAt": ""},
            "rejectAnnouncement": {"reason": "请补充英文"},
            "updateSettings": {"companyNameZh": "模糊公司", "companyNameEn": "Fuzz Co", "feedbackQueueId": f["dept"],
                               "announcementsNeedApproval": False, "quietDaysStrategic": 14, "quietDaysKey": 30,
                               "quietDaysStandard": 90, "quietDaysSmall": 180, "commitmentReminderHours": 24},
            "createCannedResponse": {"departmentId": f["dept"], "title": f"模板 {n}",
                                     "bodyZh": "{{contact.name}}，您好", "bodyEn": "Hello {{contact.name}}"},
            "updateCannedResponse": {"departmentId": f["dept"], "title": "模糊模板",
                                     "bodyZh": "{{contact.name}}，您好", "bodyEn": "Hello {{contact.name}}"},
        }.get(op_id)

    # The event stream answers `ready` and ends with timeout=0 (any other valid value would keep it open).
    queries = {"search": {"q": "模糊", "kind": "customer,request", "limit": "10"}, "streamEvents": {"timeout": "0"},
               "previewDue": {"start": "2026-03-02T09:00:00+08:00", "minutes": "60"},
               "diffRequirementDocument": {"from": "1", "to": "2"}, "diffCharter": {"from": "1", "to": "2"}}
    raws = {"attachToCustomer": PDF, "attachToInteraction": PDF, "attachToRequestMessage": PDF,
            "attachToPortalMessage": PDF, "attachToRequirement": PDF,
            "takeInboundMail": ("From: sender@fuzz.test\r\nSubject: 再来一封\r\n\r\n正文\r\n").encode(),
            "importCalendarDays": ICS.encode(),
            "uploadLogo": b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"}
    filenames = {"attachToPortalMessage": "说明.pdf", "attachToCustomer": "合同.pdf", "attachToInteraction": "纪要.pdf",
                 "attachToRequestMessage": "截图.pdf", "attachToRequirement": "需求.pdf",
                 "uploadImport": "客户.csv"}

    def plan(op: Operation) -> dict:
        n = fz.fresh()
        path = {}
        for p in op.parameters:
            if p["in"] != "path":
                continue
            name = p["name"]
            if name == "id":
                segment = op.path.strip("/").split("/")[0]
                portal_default = "portal_request" if segment == "portal" else None
                path[name] = f[own.get(op.id) or portal_default or by_segment.get(segment, "customer")]
            elif name == "messageId":
                path[name] = (f["mail_message"] if op.id == "getRawMessage"
                              else f["portal_message"] if op.path.startswith("/portal/") else f["message"])
            elif name == "cannedId":
                path[name] = f["canned"]
            elif name == "userId":
                path[name] = f["userC"] if op.id == "removeProjectMember" else f["userD"]
            elif name == "taskId":
                path[name] = f["task_del"] if op.id == "deleteProjectTask" else (
                    f["task_move"] if op.id == "moveProjectTask" else (
                        f["task_deliverable"] if "DeliverableAcceptance" in op.id else f["task"]))
            elif name == "changeId":
                path[name] = (f["change_assessed"] if op.id == "sendProjectChangeRequest"
                              else f.get(op.id, f["change"]))
            elif name == "requirementId":
                path[name] = f["requirement_accepted"]
            elif name == "milestoneId":
                path[name] = f["milestone_del"] if op.id == "deleteProjectMilestone" else f["milestone"]
            elif name == "rowId":
                path[name] = f["commrow_del"] if op.id == "removeCommunicationPlanRow" else f["commrow"]
            elif name == "riskId":
                path[name] = f["risk_occ"] if op.id == "projectRiskOccurred" else f["risk"]
            elif name == "issueId":
                path[name] = f["issue"]
            elif name == "reportId":
                path[name] = {"deleteProgressReport": "report_del", "sendProgressReport": "report_send"}.get(op.id)
                path[name] = f[path[name] or "report"]
            elif name == "occurrenceId":
                path[name] = f["occurrence"]
            elif name == "number":
                path[name] = "1"
            elif name == "kind":
                path[name] = "customers"
            else:
                path[name] = f["customer"]
        query = dict(queries.get(op.id, {}))
        if op.id in filenames:
            query["filename"] = filenames[op.id]
        # The portal's operations are a customer contact's: its token, not the administrator's.
        headers = {"Authorization": f"Bearer {f['portal_token']}"} if op.path.startswith("/portal/") else {}
        result = {"path": path, "query": query, "headers": headers}
        body = bodies(op.id, n)
        if op.body_type == "application/json":
            result["body"] = body if body is not None else {}
        elif op.body_type:
            result["raw"] = csv_for(n).encode() if op.id == "uploadImport" else raws.get(op.id, b"x")
        return result

    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4, help="operations fuzzed at once (default 4)")
    parser.add_argument("--only", default="", help="comma-separated operationIds")
    parser.add_argument("--spec", default=str(REPO / "openapi.yaml"))
    arguments = parser.parse_args()
    started = time.monotonic()
    spec = Spec(Path(arguments.spec))
    operations = list(spec.operations())
    if arguments.only:
        wanted = set(arguments.only.split(","))
        operations = [op for op in operations if op.id in wanted]
    data_dir = Path(tempfile.mkdtemp(prefix="liaison-fuzz-fields-"))
    # SWIFT_BACKTRACE=enable=no: a crashing server exits at once after its "Fatal error" line instead of spending
    # seconds on a symbolicated backtrace.
    server = Server(data_dir, LIAISON_JOB_POLL_SECONDS="1", LIAISON_DEFAULT_LOCALE="zh-Hans",
                    SWIFT_BACKTRACE="enable=no")
    try:
        email, name, role, password = ADMIN
        server.create_user(email, name, role, password)
        token = server.create_token(email, "fields fuzz")
        server.start()
        fz = Fuzzer(server, token, arguments.workers)
        fz.fixtures = make_fixtures(fz)
        planner = planner_for(fz)
        # Longest first, so that the workers finish together.
        def size(op):
            return len(op.fields(planner(op).get("body")))
        operations.sort(key=size, reverse=True)
        counts: dict[str, tuple[int, int]] = {}

        def one(op):
            counts[op.id] = fz.run_operation(op, planner)

        with ThreadPoolExecutor(max_workers=arguments.workers) as pool:
            list(pool.map(one, operations))
        fields = sum(c[0] for c in counts.values())
        requests = sum(c[1] for c in counts.values())
        values = len(bad_values("x", False))
        print(f"fuzz-fields: {len(counts)} operations × {fields} fields × {values} values: {requests} requests "
              f"(plus one valid request per operation) in {time.monotonic() - started:.0f}s; "
              f"server crashes: {fz.crashes}")
        alive = server.alive()
        code = server.stop()
        if not alive:
            fz.failures.append(Failure("crash", None, "the server was not running at the end"))
        elif code not in (0, None):
            fz.failures.append(Failure("crash", None, f"the server stopped with status {code} on SIGTERM"))
        return report(fz.failures, data_dir)
    except Exception:
        server.kill()
        print(f"--- server log ---\n{server.log_tail(40)}")
        raise
    finally:
        if server.alive():
            server.kill()


def report(failures: list[Failure], data_dir: Path) -> int:
    if not failures:
        shutil.rmtree(data_dir, ignore_errors=True)
        print("fuzz-fields: no crash, no server error, every refusal a problem document, nothing bad stored")
        return 0
    groups: dict[tuple, list[Failure]] = defaultdict(list)
    for failure in failures:
        probe = failure.probe
        key = (failure.kind, probe.op.id if probe else "-", probe.field.name if probe and probe.field else "-")
        groups[key].append(failure)
    order = ["crash", "server error", "no answer", "not problem", "stored", "accepted", "rolled over", "baseline"]
    print(f"\nfuzz-fields: {len(failures)} failures in {len(groups)} groups (kind, operation, field); "
          f"one example request each:")
    for key in sorted(groups, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1], k[2])):
        items = groups[key]
        first = items[0]
        labels = ", ".join(dict.fromkeys(f.probe.label for f in items if f.probe))
        print(f"\n[{key[0]}] {key[1]} {key[2]} — values: {labels}")
        if first.probe:
            print(f"  request: {first.probe.method} {_show_url(first.probe.url)}"
                  + (f"  body: {first.probe.shown_body}" if first.probe.shown_body else ""))
        print(f"  answer:  {first.answer[:500]}")
    print("\nfuzz-fields: summary by kind")
    for kind in order:
        mine = [key for key in groups if key[0] == kind]
        if mine:
            operations = sorted({key[1] for key in mine})
            print(f"  {kind}: {sum(len(groups[key]) for key in mine)} requests, {len(mine)} fields of "
                  f"{len(operations)} operations ({', '.join(operations[:8])}{' …' if len(operations) > 8 else ''})")
    print(f"\nserver log kept in {data_dir}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
