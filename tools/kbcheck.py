#!/usr/bin/env python3
"""Validates the knowledge-base TSV files in data/kb (format: data/kb/README.md).

Usage: tools/kbcheck.py [KB_DIR] [--strict]
Prints one `file:line: problem` per error and a summary; exit status 1 on any error
(with --strict, warnings count as errors). Python 3 standard library only.

Name collisions: after the same folding as text::NormalizeString, a name or variant
may belong to one entity only, unless a comment line in any KB file declares it:
    # ambiguous: قره باغ → place:nagorno_karabakh (default), place:qarabagh_afghanistan
The same holds for country adjectives (one country per adjective).
"""

import re
import sys
import unicodedata
from pathlib import Path

HEADERS = {
    "countries.tsv": ["id", "iso2", "name_ar", "name_en", "wikidata", "lat", "lon",
                      "capital_id", "variants_ar", "adjectives_ar"],
    "places.tsv": ["id", "type", "name_ar", "name_en", "wikidata", "lat", "lon",
                   "country", "feature", "variants_ar"],
    "orgs.tsv": ["id", "type", "name_ar", "name_en", "wikidata", "country", "kind",
                 "variants_ar"],
    "people.tsv": ["id", "name_ar", "name_en", "wikidata", "country", "roles", "variants_ar"],
    "institutions.tsv": ["head_ar", "head_en", "kind"],
    "outlets.tsv": ["id", "name_ar", "name_en", "country", "variants_ar"],
}
ID_PREFIX = {"countries.tsv": "country", "places.tsv": "place", "orgs.tsv": "org",
             "people.tsv": "person", "outlets.tsv": "outlet"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
FEATURES = {"city", "town", "village", "region", "province", "district", "corridor", "road",
            "river", "mountain", "sea", "airport", "base", "building", "crossing", "camp"}
ORG_KINDS = {"intergovernmental", "un_agency", "alliance", "ngo", "party", "armed_group",
             "armed_forces", "government_body", "court", "company", "media", "religious"}
INSTITUTION_KINDS = {"ministry", "presidency", "government", "parliament", "judiciary",
                     "security", "military", "agency", "office"}
# User-assigned ISO 3166 code accepted for Kosovo (used by the EU and most registries).
ISO2_EXTRA = {"XK"}
WIKIDATA_RE = re.compile(r"^(Q[1-9][0-9]*|-)$")
SLUG_RE = re.compile(r"^(place|org|person|outlet):[a-z0-9]+(_[a-z0-9]+)*$")
COUNTRY_ID_RE = re.compile(r"^country:[A-Z]{2}$")
ROLE_RE = re.compile(r"^([a-z]+(?:_[a-z]+)*)@([A-Z]{2}|(?:org|place):[a-z0-9_]+)@"
                     r"([0-9]{4})/([0-9]{4}|-)$")
AMBIG_RE = re.compile(r"^#\s*ambiguous(-adjective)?:\s*(.+?)\s*(?:→|->)\s*(.+)$")

ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
PERSIAN_RE = re.compile(r"[پچژگ]")

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u0672": "ا", "\u0673": "ا",
                       "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "ۀ": "ه", "ـ": None,
                       "\u061C": None})


def _is_mark(c):
    cp = ord(c)
    return (0x0610 <= cp <= 0x061A or 0x064B <= cp <= 0x065F or cp == 0x0670
            or 0x06D6 <= cp <= 0x06ED)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize(s):
    """Python mirror of text::NormalizeString (src/text/normalize.cc) with default options."""
    out = []
    for ch in s:
        cp = ord(ch)
        if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    s = "".join(out).translate(_FOLD).translate(_DIGITS)
    s = "".join(c for c in s if not _is_mark(c))
    s = s.translate(_FOLD)  # presentation forms may have produced foldable letters
    return " ".join(s.lower().split())


class Checker:
    def __init__(self, kb_dir):
        self.kb = Path(kb_dir)
        self.errors = []
        self.warnings = []
        self.tables = {}      # file -> list of (line, dict)
        self.ambiguous = {}   # (kind, normalized surface) -> (set of ids, file, line)

    def err(self, f, line, msg):
        self.errors.append(f"{f}:{line}: {msg}")

    def warn(self, f, line, msg):
        self.warnings.append(f"{f}:{line}: warning: {msg}")

    # ---- parsing --------------------------------------------------------------
    def load(self, name):
        path = self.kb / name
        rows = []
        self.tables[name] = rows
        if not path.exists():
            self.warn(name, 0, "file missing")
            return
        header = None
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        if text and not text.endswith("\n"):
            self.err(name, text.count("\n") + 1, "file does not end with a newline")
        for no, raw in enumerate(text.split("\n"), 1):
            if raw.endswith("\r"):
                self.err(name, no, "CR line ending")
                raw = raw[:-1]
            if not raw:
                continue
            if raw.startswith("#"):
                self.parse_comment(name, no, raw)
                continue
            fields = raw.split("\t")
            if header is None:
                header = fields
                if header != HEADERS[name]:
                    self.err(name, no, f"header {header} != expected {HEADERS[name]}")
                    return
                continue
            if len(fields) != len(header):
                self.err(name, no, f"expected {len(header)} tab-separated fields, "
                                   f"found {len(fields)}")
                continue
            ok = True
            for col, val in zip(header, fields):
                if val == "":
                    self.err(name, no, f"empty field '{col}' (use '-')")
                    ok = False
                elif val != val.strip() or "  " in val:
                    self.err(name, no, f"stray white space in '{col}': {val!r}")
                    ok = False
            if ok:
                rows.append((no, dict(zip(header, fields))))
        if header is None:
            self.err(name, 0, "no header line")

    def parse_comment(self, name, no, raw):
        m = AMBIG_RE.match(raw)
        if not m:
            if raw.lstrip("# ").lower().startswith("ambiguous"):
                self.err(name, no, "malformed ambiguity comment "
                                   "(want '# ambiguous: SURFACE → id (default), id, ...')")
            return
        kind = "adjective" if m.group(1) else "name"
        ids = [x.strip() for x in m.group(3).split(",")]
        clean = []
        for i, x in enumerate(ids):
            x2 = re.sub(r"\s*\(default\)$", "", x)
            if (x2 != x) != (i == 0):
                self.err(name, no, "ambiguity comment: the first id, and only it, "
                                   "is marked '(default)'")
            clean.append(x2)
        key = (kind, normalize(m.group(2)))
        if key in self.ambiguous:
            self.err(name, no, f"ambiguity for {m.group(2)!r} declared twice")
        self.ambiguous[key] = (set(clean), name, no)

    # ---- helpers --------------------------------------------------------------
    @staticmethod
    def items(field):
        return [] if field == "-" else field.split("|")

    def check_script(self, f, no, col, text):
        for word in text.split():
            if ARABIC_RE.search(word) and LATIN_RE.search(word):
                self.err(f, no, f"word mixes Arabic and Latin letters in '{col}': {word!r}")
            if PERSIAN_RE.search(word):
                self.warn(f, no, f"Persian letter in '{col}' (Arabic news writes ب ج ز ك ي): {word!r}")

    def check_list(self, f, no, col, field):
        if field == "-":
            return []
        parts = field.split("|")
        for p in parts:
            if p == "" or p != p.strip():
                self.err(f, no, f"bad item in '{col}': {p!r}")
            if col.endswith("_ar"):
                self.check_script(f, no, col, p)
        if field.startswith("-|") or "|-|" in field or field.endswith("|-"):
            self.err(f, no, f"'-' inside list '{col}'")
        return parts

    def check_coords(self, f, no, r):
        for col, lim in (("lat", 90.0), ("lon", 180.0)):
            v = r[col]
            try:
                x = float(v)
            except ValueError:
                self.err(f, no, f"{col} not a number: {v!r}")
                continue
            if not -lim <= x <= lim:
                self.err(f, no, f"{col} out of range: {v}")
            if not re.match(r"^-?[0-9]{1,3}\.[0-9]{1,4}$", v):
                self.err(f, no, f"{col} format: want decimal degrees like 40.18, got {v!r}")

    def check_ids(self, f):
        prev = None
        seen = set()
        for no, r in self.tables[f]:
            i = r["id"]
            if f == "countries.tsv":
                if not COUNTRY_ID_RE.match(i):
                    self.err(f, no, f"bad id {i!r}")
            elif not SLUG_RE.match(i) or not i.startswith(ID_PREFIX[f] + ":"):
                self.err(f, no, f"bad id {i!r} (want {ID_PREFIX[f]}:lower_snake_case)")
            if i in seen:
                self.err(f, no, f"duplicate id {i}")
            seen.add(i)
            if prev is not None and i < prev:
                self.err(f, no, f"ids not sorted: {i} after {prev}")
            prev = i

    # ---- per file ---------------------------------------------------------------
    def run(self):
        for name in HEADERS:
            self.load(name)
        for f in ID_PREFIX:
            self.check_ids(f)

        countries = {r["iso2"]: (no, r) for no, r in self.tables["countries.tsv"]}
        places = {r["id"]: r for _, r in self.tables["places.tsv"]}
        orgs = {r["id"]: r for _, r in self.tables["orgs.tsv"]}
        all_ids = set()
        for f in ID_PREFIX:
            all_ids.update(r["id"] for _, r in self.tables[f])

        def check_country(f, no, code):
            if code != "-" and code not in countries:
                self.err(f, no, f"unknown country code {code!r}")

        f = "countries.tsv"
        for no, r in self.tables[f]:
            iso = r["iso2"]
            if not re.match(r"^[A-Z]{2}$", iso):
                self.err(f, no, f"bad iso2 {iso!r}")
            elif (iso[0] == "X" or iso in {"AA", "ZZ"} or iso[0] == "Q" and iso >= "QM") \
                    and iso not in ISO2_EXTRA:
                self.err(f, no, f"iso2 {iso} is a user-assigned code")
            if r["id"] != "country:" + iso:
                self.err(f, no, f"id {r['id']} does not match iso2 {iso}")
            self.check_coords(f, no, r)
            cap = r["capital_id"]
            if cap == "-":
                self.warn(f, no, "no capital_id")
            elif cap not in places:
                self.err(f, no, f"capital_id {cap} not in places.tsv")
            elif places[cap]["country"] != iso:
                self.err(f, no, f"capital {cap} has country {places[cap]['country']}, not {iso}")
            self.check_list(f, no, "variants_ar", r["variants_ar"])
            self.check_list(f, no, "adjectives_ar", r["adjectives_ar"])

        f = "places.tsv"
        for no, r in self.tables[f]:
            if r["type"] not in PLACE_TYPES:
                self.err(f, no, f"type {r['type']!r} not in {sorted(PLACE_TYPES)}")
            if r["feature"] not in FEATURES:
                self.err(f, no, f"feature {r['feature']!r} not in {sorted(FEATURES)}")
            self.check_coords(f, no, r)
            check_country(f, no, r["country"])
            self.check_list(f, no, "variants_ar", r["variants_ar"])

        f = "orgs.tsv"
        for no, r in self.tables[f]:
            if r["type"] != "ORG":
                self.err(f, no, f"type {r['type']!r} must be ORG")
            if r["kind"] not in ORG_KINDS:
                self.err(f, no, f"kind {r['kind']!r} not in {sorted(ORG_KINDS)}")
            check_country(f, no, r["country"])
            self.check_list(f, no, "variants_ar", r["variants_ar"])

        f = "people.tsv"
        for no, r in self.tables[f]:
            check_country(f, no, r["country"])
            self.check_list(f, no, "variants_ar", r["variants_ar"])
            for item in self.check_list(f, no, "roles", r["roles"]):
                m = ROLE_RE.match(item)
                if not m:
                    self.err(f, no, f"bad role {item!r} (want role@CC@YYYY/YYYY or "
                                    f"role@org:id@YYYY/-)")
                    continue
                scope, y0, y1 = m.group(2), int(m.group(3)), m.group(4)
                if ":" in scope:
                    if scope not in all_ids:
                        self.err(f, no, f"role scope {scope} is not a KB id")
                elif scope not in countries:
                    self.err(f, no, f"role scope {scope} not in countries.tsv")
                if not 1900 <= y0 <= 2030 or (y1 != "-" and not y0 <= int(y1) <= 2030):
                    self.err(f, no, f"bad years in role {item!r}")

        f = "outlets.tsv"
        for no, r in self.tables[f]:
            check_country(f, no, r["country"])
            self.check_list(f, no, "variants_ar", r["variants_ar"])

        f = "institutions.tsv"
        seen = {}
        for no, r in self.tables[f]:
            if r["kind"] not in INSTITUTION_KINDS:
                self.err(f, no, f"kind {r['kind']!r} not in {sorted(INSTITUTION_KINDS)}")
            k = normalize(r["head_ar"])
            if k in seen:
                self.err(f, no, f"head {r['head_ar']!r} duplicates line {seen[k]}")
            seen[k] = no

        # Wikidata ids: pattern, and one entity per Q-id.
        qids = {}
        for f in ID_PREFIX:
            if "wikidata" not in HEADERS[f]:
                continue
            for no, r in self.tables[f]:
                q = r["wikidata"]
                if not WIKIDATA_RE.match(q):
                    self.err(f, no, f"bad wikidata {q!r} (want Q123 or -)")
                elif q != "-":
                    if q in qids:
                        self.err(f, no, f"wikidata {q} also used by {qids[q]}")
                    qids[q] = r["id"]

        self.check_collisions(all_ids)
        return not self.errors

    # ---- names --------------------------------------------------------------------
    def check_collisions(self, all_ids):
        names = {}   # normalized -> {id: (file, line)}
        adjs = {}
        for f in ID_PREFIX:
            for no, r in self.tables[f]:
                own = {}
                self.check_script(f, no, "name_ar", r["name_ar"])
                surfaces = [r["name_ar"]] + self.items(r["variants_ar"])
                for s in surfaces:
                    n = normalize(s)
                    if not n:
                        self.err(f, no, f"empty name after normalization: {s!r}")
                        continue
                    if n in own:
                        self.warn(f, no, f"{s!r} repeats {own[n]!r} after normalization")
                        continue
                    own[n] = s
                    names.setdefault(n, {}).setdefault(r["id"], (f, no))
                if f == "countries.tsv":
                    seen = {}
                    for a in self.items(r["adjectives_ar"]):
                        n = normalize(a)
                        if n in seen:
                            self.warn(f, no, f"adjective {a!r} repeats {seen[n]!r}")
                        seen[n] = a
                        adjs.setdefault(n, {}).setdefault(r["id"], (f, no))

        for kind, table in (("name", names), ("adjective", adjs)):
            for n, owners in sorted(table.items()):
                if len(owners) < 2:
                    continue
                decl = self.ambiguous.get((kind, n))
                f, no = sorted(owners.values())[-1]
                if decl is None:
                    self.err(f, no, f"{kind} {n!r} points to {sorted(owners)}; "
                                    f"declare it with '# ambiguous{'-adjective' if kind == 'adjective' else ''}: "
                                    f"{n} → id (default), id'")
                elif not set(owners) <= decl[0]:
                    self.err(decl[1], decl[2], f"ambiguity for {n!r} lacks "
                                               f"{sorted(set(owners) - decl[0])}")
        for (kind, n), (ids, f, no) in self.ambiguous.items():
            for i in ids:
                if i not in all_ids:
                    self.err(f, no, f"ambiguity comment names unknown id {i}")
            table = names if kind == "name" else adjs
            if len(table.get(n, {})) < 2:
                self.warn(f, no, f"ambiguity comment for {n!r}: fewer than two entities have "
                                 f"that {kind}")


def main(argv):
    strict = "--strict" in argv
    args = [a for a in argv[1:] if a != "--strict"]
    kb = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "data" / "kb"
    c = Checker(kb)
    c.run()
    for e in c.errors:
        print(e)
    for w in c.warnings:
        print(w)
    counts = ", ".join(f"{f.split('.')[0]} {len(c.tables.get(f, []))}" for f in HEADERS)
    failed = bool(c.errors) or (strict and bool(c.warnings))
    print(f"kbcheck: {'FAILED' if failed else 'OK'}: {len(c.errors)} errors, "
          f"{len(c.warnings)} warnings; rows: {counts}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
