#!/usr/bin/env python3
"""validate_exports.py — check jikenbo's STIX / MISP / VERIS exports against
the official JSON schemas in $JK_SHARED/schemas, with python3-jsonschema and
no network: every schema file is registered under its own id, so $refs
resolve to the local copies.

  validate_exports.py SHARED stix FILE...     bundles, object by object (see
                                              stix2.1/SOURCE.md: the upstream
                                              bundle.json omits `incident`),
                                              the Incident Core Extension
                                              against its own schema (draft-07),
                                              plus ref targets and times
  validate_exports.py SHARED misp FILE|DIR... {"Event": …} documents (or JSON
                                              Lines of them) against MISP core
                                              format 2.4 and 2.5 (draft-04);
                                              veris:* tags must be values of
                                              the MISP VERIS taxonomy
  validate_exports.py SHARED veris FILE|DIR.. VERIS documents (or JSON Lines)
                                              against verisc-merged.json
  validate_exports.py SHARED examples         the official examples validate,
                                              the known-invalid ones (named in
                                              the SOURCE.md files) fail with
                                              the error SOURCE.md gives
  validate_exports.py SHARED broken FILE FMT  FILE (an export) made invalid in
                                              a few ways must fail every time

Prints one line per problem; exits 0 when everything checked is as expected.
Works with jsonschema 4.10 (Debian 12: RefResolver) and newer (referencing).
"""
import copy
import glob
import json
import os
import re
import sys

import jsonschema

ICE_ID = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"
ID_RE = re.compile(
    r"^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def documents(paths):
    """(name, document) for files, directories of *.json, and JSON Lines."""
    for p in paths:
        files = sorted(glob.glob(os.path.join(p, "*.json"))) if os.path.isdir(p) else [p]
        for f in files:
            with open(f, encoding="utf-8") as fh:
                text = fh.read()
            try:
                yield f, json.loads(text)
            except json.JSONDecodeError:
                for i, line in enumerate(text.splitlines(), 1):
                    if line.strip():
                        yield "%s:%d" % (f, i), json.loads(line)


class Schemas:
    """Every schema under SHARED/schemas, and validators that resolve $refs
    among them locally."""

    def __init__(self, shared):
        self.root = os.path.join(shared, "schemas")
        self.store = {}
        for f in glob.glob(os.path.join(self.root, "stix2.1", "**", "*.json"), recursive=True):
            if "/examples/" in f:
                continue
            s = load(f)
            sid = s.get("$id") or s.get("id")
            if sid:
                self.store[sid] = s
        # The Incident Core schema refers to identifier.json by its https URL.
        ident = self.store[
            "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/identifier.json"
        ]
        self.store[
            "https://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/identifier.json"
        ] = ident
        self.stix_dir = os.path.join(self.root, "stix2.1")
        self.ice = load(os.path.join(self.stix_dir, "extensions", "incident-core", ICE_ID + ".json"))
        self.veris = load(os.path.join(self.root, "veris", "verisc-merged.json"))
        self.misp = {
            "2.4": load(os.path.join(self.root, "misp", "format", "2.4", "schema.json")),
            "2.5": load(os.path.join(self.root, "misp", "format", "2.5", "schema.json")),
        }
        tax = load(os.path.join(self.root, "misp", "taxonomies", "veris", "machinetag.json"))
        self.tags = set()
        for v in tax.get("values", []):
            for e in v.get("entry", []):
                self.tags.add('%s:%s="%s"' % (tax["namespace"], v["predicate"], e["value"]))
        self._cache = {}

    def validator(self, schema, cls):
        key = (id(schema), cls)
        if key in self._cache:
            return self._cache[key]
        fc = jsonschema.FormatChecker()
        try:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012

            reg = Registry().with_resources(
                (uri, Resource.from_contents(s, default_specification=DRAFT202012)) for uri, s in self.store.items()
            )
            v = cls(schema, registry=reg, format_checker=fc)
        except ImportError:  # jsonschema < 4.18 (Debian 12): RefResolver
            resolver = jsonschema.RefResolver.from_schema(schema, store=dict(self.store), id_of=cls.ID_OF)
            v = cls(schema, resolver=resolver, format_checker=fc)
        self._cache[key] = v
        return v

    def stix_schema(self, typ):
        for sub in ("sdos", "sros", "observables", "common"):
            p = os.path.join(self.stix_dir, sub, typ + ".json")
            if os.path.exists(p):
                return self.store[load(p)["$id"]]
        return None


def path_of(err):
    out = ""
    for p in err.absolute_path:
        out += "[%d]" % p if isinstance(p, int) else (".%s" % p if out or True else p)
    return out.lstrip(".") or "$"


def errors(validator, inst, prefix):
    return ["%s%s: %s" % (prefix, ("." + path_of(e)) if path_of(e) != "$" else "", e.message)
            for e in sorted(validator.iter_errors(inst), key=lambda e: list(map(str, e.absolute_path)))]


# ---- STIX ------------------------------------------------------------------

def check_stix(S, bundle, name, strict=True):
    """Problems of one bundle: each object against its type's schema, the
    Incident Core extension against its own, and (strict: our exports)
    the checks a JSON schema cannot express."""
    probs = []
    if bundle.get("type") != "bundle" or not re.match(r"^bundle--", str(bundle.get("id", ""))) or not ID_RE.match(
        str(bundle.get("id", ""))
    ):
        probs.append("%s: not a bundle with a valid id" % name)
    objs = bundle.get("objects")
    if not isinstance(objs, list) or not objs:
        return probs + ["%s: objects: expected a non-empty array" % name]
    ids = {}
    for i, o in enumerate(objs):
        where = "%s: objects[%d] (%s)" % (name, i, o.get("type") if isinstance(o, dict) else "?")
        if not isinstance(o, dict):
            probs.append(where + ": not an object")
            continue
        schema = S.stix_schema(o.get("type", ""))
        if schema is None:
            probs.append(where + ": no schema for this type")
            continue
        probs += errors(S.validator(schema, jsonschema.Draft202012Validator), o, where)
        ext = (o.get("extensions") or {}).get(ICE_ID)
        if o.get("type") == "incident" and ext is not None:
            probs += errors(S.validator(S.ice, jsonschema.Draft7Validator), ext, where + ".extensions." + ICE_ID)
        key = (o.get("id"), o.get("modified"))
        if strict and key in ids:
            probs.append(where + ": the same id and modified as objects[%d]" % ids[key])
        ids[key] = i
    if strict:
        known = {o.get("id") for o in objs if isinstance(o, dict)}
        for i, o in enumerate(objs):
            if not isinstance(o, dict):
                continue
            where = "%s: objects[%d]" % (name, i)
            if o.get("created") and o.get("modified") and o["modified"] < o["created"]:
                probs.append(where + ": modified is before created")
            for k, v in o.items():
                refs = v if k.endswith("_refs") else [v] if k.endswith("_ref") else []
                for r in refs:
                    if r not in known:
                        probs.append("%s.%s: %s is not in the bundle" % (where, k, r))
            for lab in o.get("labels", []):
                if lab.startswith("veris:") and lab not in S.tags:
                    probs.append("%s.labels: %s is not in the MISP VERIS taxonomy" % (where, lab))
            ext = (o.get("extensions") or {}).get(ICE_ID)
            if o.get("type") == "incident" and ext is None:
                probs.append(where + ": incident without the Incident Core Extension")
    return probs


# ---- MISP ------------------------------------------------------------------

def check_misp(S, doc, name, versions=("2.4", "2.5"), strict=True):
    probs = []
    for v in versions:
        probs += errors(S.validator(S.misp[v], jsonschema.Draft4Validator), doc, "%s (MISP %s)" % (name, v))
    if strict and isinstance(doc, dict) and isinstance(doc.get("Event"), dict):
        ev = doc["Event"]
        tags = [t.get("name") for t in ev.get("Tag", [])]
        for a in ev.get("Attribute", []):
            tags += [t.get("name") for t in a.get("Tag", [])]
        for t in tags:
            if t and t.startswith("veris:") and t not in S.tags:
                probs.append("%s: tag %s is not in the MISP VERIS taxonomy" % (name, t))
        uuids = [a.get("uuid") for a in ev.get("Attribute", [])]
        if len(uuids) != len(set(uuids)):
            probs.append("%s: attribute uuids repeat" % name)
    return probs


# ---- VERIS -----------------------------------------------------------------

def check_veris(S, doc, name):
    return errors(S.validator(S.veris, jsonschema.Draft4Validator), doc, name)


# ---- the official examples --------------------------------------------------

def check_examples(S):
    """Returns problems: an example that should validate and does not, or a
    known-invalid one that validates (the set-up would then be broken)."""
    probs = []
    ok = 0
    ex = os.path.join(S.stix_dir, "examples")
    for f in sorted(glob.glob(os.path.join(ex, "*.json")) + glob.glob(os.path.join(ex, "*", "*.json"))):
        p = check_stix(S, load(f), f, strict=False)
        probs += p
        ok += not p
    # Known invalid (extensions/incident-core/SOURCE.md): the example uses
    # attacker_activities / defender_activities, absent from the saved schema.
    f = os.path.join(S.stix_dir, "extensions", "incident-core", "examples", "incident_pii_report.json")
    b = load(f)
    p = check_stix(S, b, f, strict=False)
    if len(p) != 1 or "attacker_activities" not in p[0]:
        probs.append("%s: expected exactly the attacker_activities/defender_activities error, got %r" % (f, p))
    ext = b["objects"][0]["extensions"][ICE_ID]
    ext.pop("attacker_activities")
    ext.pop("defender_activities")
    p = check_stix(S, b, f + " (without the two undeclared keys)", strict=False)
    probs += p
    ok += not p

    vx = os.path.join(S.root, "veris", "examples")
    for f in sorted(glob.glob(os.path.join(vx, "*.json"))):
        p = check_veris(S, load(f), f)
        if os.path.basename(f).startswith("000D403E"):
            # Known invalid (veris/SOURCE.md): VCDB-only plus fields.
            if len(p) != 1 or "credit_monitoring" not in p[0]:
                probs.append("%s: expected the credit_monitoring error, got %r" % (f, p))
        else:
            probs += p
            ok += not p

    mx = os.path.join(S.root, "misp", "examples", "pymisp")
    expect = {  # file: (wrap in {"Event":…}, valid under 2.4, valid under 2.5)  (misp/SOURCE.md)
        "57c4445b-c548-4654-af0b-4be3950d210f.json": (False, True, True),
        "misp_event.json": (True, True, True),
        "mispevent_testfiles/event_obj_attr_tag.json": (True, False, True),
        "mispevent_testfiles/shadow.json": (True, False, True),
    }
    for rel, (wrap, ok24, ok25) in expect.items():
        f = os.path.join(mx, rel)
        d = load(f)
        if wrap:
            d = {"Event": d}
        for v, want in (("2.4", ok24), ("2.5", ok25)):
            p = check_misp(S, d, f, versions=(v,), strict=False)
            if want and p:
                probs += p
            elif not want and not p:
                probs.append("%s: expected to fail MISP %s (SOURCE.md), but validates" % (f, v))
            else:
                ok += 1
    if ok < 12:
        probs.append("only %d examples checked: examples missing?" % ok)
    return probs


# ---- deliberately broken exports ---------------------------------------------

def breakages(fmt, doc):
    """Copies of doc each broken in one way the schemas forbid."""
    out = []
    if fmt == "stix":
        inc = next(i for i, o in enumerate(doc["objects"]) if o["type"] == "incident")
        b = copy.deepcopy(doc)
        b["objects"][inc]["extensions"][ICE_ID]["determination"] = "maybe"
        out.append(("ICE determination not in its enum", b))
        b = copy.deepcopy(doc)
        imp = b["objects"][inc]["extensions"][ICE_ID]["confidentiality_impacts"][0]
        imp["record_count"] = "12"
        out.append(("record_count as a string", b))
        b = copy.deepcopy(doc)
        b["objects"][inc]["created"] = "2023-07-12"
        out.append(("created without time", b))
        b = copy.deepcopy(doc)
        del b["objects"][inc]["name"]
        out.append(("incident without name", b))
        b = copy.deepcopy(doc)
        b["objects"][inc]["extensions"][ICE_ID]["x_made_up"] = 1
        out.append(("property the extension does not declare", b))
    elif fmt == "misp":
        b = copy.deepcopy(doc)
        b["Event"]["Attribute"][0]["to_ids"] = "no"
        out.append(("to_ids not a boolean", b))
        b = copy.deepcopy(doc)
        b["Event"]["made_up"] = "x"
        out.append(("event key the format does not have", b))
        b = copy.deepcopy(doc)
        b["Event"]["timestamp"] = 1690000000
        out.append(("timestamp as a number", b))
    elif fmt == "veris":
        b = copy.deepcopy(doc)
        del b["action"]
        out.append(("no action", b))
        b = copy.deepcopy(doc)
        b["victim"]["country"] = ["Japan"]
        out.append(("country not an ISO code", b))
        b = copy.deepcopy(doc)
        b["attribute"]["confidentiality"]["data"][0]["variety"] = "Names"
        out.append(("data variety not in the enum", b))
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    S = Schemas(argv[1])
    mode, args = argv[2], argv[3:]
    probs = []
    n = 0
    if mode == "stix":
        for name, doc in documents(args):
            probs += check_stix(S, doc, name)
            n += 1
    elif mode == "misp":
        for name, doc in documents(args):
            probs += check_misp(S, doc, name)
            n += 1
    elif mode == "veris":
        for name, doc in documents(args):
            probs += check_veris(S, doc, name)
            n += 1
    elif mode == "examples":
        probs = check_examples(S)
        n = 1
    elif mode == "broken":
        path, fmt = args[0], args[1]
        doc = next(documents([path]))[1]
        check = {"stix": check_stix, "misp": check_misp, "veris": check_veris}[fmt]
        if check(S, doc, path):
            probs.append("%s: the unbroken document does not validate" % path)
        for what, b in breakages(fmt, doc):
            n += 1
            if not check(S, b, path):
                probs.append("%s broken (%s) still validates: the validator does not check" % (path, what))
    else:
        print("unknown mode %s" % mode, file=sys.stderr)
        return 2
    for p in probs[:50]:
        print(p)
    if len(probs) > 50:
        print("... %d more" % (len(probs) - 50))
    if n == 0:
        print("nothing to check in %s" % " ".join(args))
        return 1
    print("%s: %d checked, %d problems" % (mode, n, len(probs)))
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
