"""The actor lexicon: versioned data files, validated on load, compiled once.

The lexicon is built from the files in ``analysis/data/``:

* ``states.csv`` — UN members and observers; Arabic and English names come from
  CLDR through Babel, nisba stems, broken plurals and capitals from the file;
* ``institutions.yaml`` — head nouns composed with every state's nisba
  (``الجيش`` + ``التونسي`` → ``tun_military``);
* ``actors.yaml`` — named actors (organisations, armed groups, people, media);
* ``discovery.yaml`` and ``context.yaml`` — cues used by :mod:`analysis.actors`;

plus an optional user file in the ``actors.yaml`` format whose entries add to
or replace the built-in ones. Every alias is folded and compiled into one
Aho–Corasick automaton keyed on the folded alias, its leading article removed.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import yaml

from .errors import MawaqifError
from .folders import cache_dir
from .text import fold_term

DATA_DIR = Path(__file__).parent / "data"
ACTOR_TYPE_ORDER = (
    "state",
    "government",
    "ministry",
    "military",
    "legislature",
    "igo",
    "ngo",
    "armed_group",
    "party",
    "person",
    "media",
    "people",
    "other",
)
"""The closed set of actor types, in the order tables and charts list them."""
ACTOR_TYPES = frozenset(ACTOR_TYPE_ORDER)
GENDERS = frozenset({"m", "f", "pl"})
ACTOR_COLUMNS = ["actor_id", "name_en", "name_ar", "actor_type", "country_code", "parent_id"]
_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
_PRIORITY = {"lexicon": 0, "people": 1, "composed": 2, "state": 3, "nisba": 4, "metonym": 5}


class Entry(NamedTuple):
    """One way an actor can be written.

    ``article`` is ``"required"`` when the alias began with ال (folded away from
    the key), else ``"any"``. ``method`` is how a mention found through this
    entry is labelled (lexicon, composed, state, nisba, metonym, people).
    The compiled lexicon holds some 43,000 of them, as plain tuples
    (:class:`Entries` makes them entries on lookup).
    """

    actor_id: str
    method: str
    article: str
    gender: str
    cues_before: tuple[str, ...] = ()
    cues_after: tuple[str, ...] = ()
    head: str = ""


class Entries(Mapping[str, tuple[Entry, ...]]):
    """A folded alias key -> the ways it can be read (:class:`Entry`), best first.

    The entries are kept as plain tuples and made :class:`Entry` tuples when a
    key is looked up: an article looks up a few hundred keys, while building
    all 43,000 named tuples made up half of loading the compiled lexicon
    (about 0.08 s of every kernel template's and worker's start).
    """

    __slots__ = ("_rows",)

    def __init__(self, entries: Mapping[str, tuple[tuple[Any, ...], ...]]) -> None:
        self._rows = {key: tuple(tuple(entry) for entry in found) for key, found in entries.items()}

    def __getitem__(self, key: str) -> tuple[Entry, ...]:
        return tuple(Entry._make(row) for row in self._rows[key])

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_entries_from_rows, (self._rows,))


def _entries_from_rows(rows: dict[str, tuple[tuple[Any, ...], ...]]) -> Entries:
    """Unpickle :class:`Entries` without copying its rows."""
    entries = Entries.__new__(Entries)
    entries._rows = rows
    return entries


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A compiled lexicon; build it with :func:`load_lexicon`.

    ``actors`` lists every actor the lexicon knows (states, composed
    institutions, named actors); ``entries`` maps a folded alias key to the
    ways it can be read; ``automaton`` matches all keys in one pass.
    """

    version: str
    actors: pd.DataFrame = field(repr=False)
    entries: Entries = field(repr=False)
    discovery: dict[str, Any] = field(repr=False)
    context: dict[str, Any] = field(repr=False)
    conflicts: tuple[str, ...] = field(repr=False, default=())
    automaton: Any = field(repr=False, default=None)
    index: dict[str, dict[str, str]] = field(repr=False, default_factory=dict)
    heads: dict[str, tuple[str, str]] = field(repr=False, default_factory=dict)


# --------------------------------------------------------------------------- loading


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load the built-in lexicon, extended by an optional user file.

    Parameters
    ----------
    path
        A YAML file in the ``actors.yaml`` format. Its entries are validated
        like the built-in ones; an entry with an existing ``actor_id`` replaces
        it.

    Raises
    ------
    MawaqifError
        When a file is missing or malformed, naming the entry and the reason.
    """
    user = None
    if path is not None and str(path) != "":
        user_path = Path(path)
        if not user_path.is_file():
            raise MawaqifError(f"lexicon file not found: {user_path}")
        user = (str(user_path.resolve()), user_path.read_bytes())
    return _load(user)


@lru_cache(maxsize=4)
def _load(user: tuple[str, bytes] | None) -> Lexicon:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in sorted(p.name for p in DATA_DIR.iterdir() if p.suffix in {".csv", ".yaml"}):
        digest.update((DATA_DIR / name).read_bytes())
    if user is not None:
        digest.update(user[1])
    cache = _cache_path(digest.hexdigest())
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as handle:
                found = pickle.load(handle)
            if isinstance(found, Lexicon):
                return found
        except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
            pass
    lexicon = _build(user, digest.hexdigest()[:10])
    if cache is not None:
        _write_cache(cache, lexicon)
    return lexicon


def _cache_path(digest: str) -> Path | None:
    """Where a compiled lexicon is cached (see :func:`analysis.folders.cache_dir`)."""
    root = cache_dir()
    return None if root is None else root / f"lexicon-{digest[:24]}.pickle"


_CACHE_KEEP = 6  # compiled lexicons kept (one per data/code version or user lexicon)


def _write_cache(path: Path, lexicon: Lexicon) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            pickle.dump(lexicon, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:  # a read-only home only costs the next process a rebuild
        return
    _prune_cache(path.parent)


def _prune_cache(folder: Path) -> None:
    """Delete all but the most recently written compiled lexicons."""
    found = []
    for old in folder.glob("lexicon-*.pickle"):
        try:
            found.append((old.stat().st_mtime, old))
        except OSError:
            continue
    for _, old in sorted(found, reverse=True)[_CACHE_KEEP:]:
        try:
            old.unlink()
        except OSError:
            continue


def _build(user: tuple[str, bytes] | None, digest: str) -> Lexicon:
    import ahocorasick

    actors_doc = _read_yaml(DATA_DIR / "actors.yaml", required=False) or {"actors": []}
    base_version = str(actors_doc.get("version", "0"))
    named = _named_entries(actors_doc, "actors.yaml")
    if user is not None:
        user_doc = _parse_yaml(user[1], Path(user[0]).name)
        named = {**named, **_named_entries(user_doc, Path(user[0]).name)}
    context = _read_yaml(DATA_DIR / "context.yaml") or {}
    builder = _Builder()
    states = _read_states()
    builder.add_states(states, context)
    builder.add_institutions(
        states,
        _read_yaml(DATA_DIR / "institutions.yaml", required=False),
        blocked=set(context.get("nisba_blocked") or []),
    )
    builder.add_named(named)
    builder.check_parents()
    entries = builder.frozen_entries()
    automaton = ahocorasick.Automaton()
    for key in sorted(entries):
        automaton.add_word(key, key)
    automaton.make_automaton()
    return Lexicon(
        version=f"{base_version}+{digest}",
        actors=builder.actor_frame(),
        index={key: dict(row) for key, row in sorted(builder.actors.items())},
        entries=Entries(entries),
        discovery=_read_yaml(DATA_DIR / "discovery.yaml", required=False) or {},
        context=context,
        conflicts=tuple(sorted(builder.conflicts)),
        automaton=automaton,
        heads=dict(sorted(builder.heads.items())),
    )


def _read_yaml(path: Path, *, required: bool = True) -> Any:
    if not path.exists():
        if required:
            raise MawaqifError(f"lexicon data file missing: {path.name}")
        return None
    return _parse_yaml(path.read_bytes(), path.name)


def _parse_yaml(data: bytes, name: str) -> Any:
    try:
        return yaml.load(data.decode("utf-8"), Loader=YAML_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MawaqifError(f"{name}: not valid UTF-8 YAML ({first})") from None


def _read_states() -> list[dict[str, str]]:
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    with (DATA_DIR / "states.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        alpha2 = row["alpha2"]
        if alpha2 not in arabic or not _ISO3.match(row["alpha3"]):
            raise MawaqifError(f"states.csv: bad country codes {alpha2}/{row['alpha3']}")
        row["name_ar"] = arabic[alpha2]
        row["name_en"] = english[alpha2]
    return rows


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _named_entries(doc: Any, source: str) -> dict[str, dict[str, Any]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise MawaqifError(f"{source}: expected a mapping with an 'actors' list")
    result: dict[str, dict[str, Any]] = {}
    for index, raw in enumerate(doc["actors"], start=1):
        where = f"{source}: entry {index}"
        if not isinstance(raw, dict):
            raise MawaqifError(f"{where}: expected a mapping, got {type(raw).__name__}")
        actor_id = str(raw.get("actor_id", ""))
        where = f"{source}: entry {index} ({actor_id or 'no actor_id'})"
        if not _ID.match(actor_id):
            raise MawaqifError(f"{where}: actor_id must be a lower-case slug [a-z0-9_]")
        if actor_id in result:
            raise MawaqifError(f"{where}: duplicate actor_id")
        for key in ("name_en", "name_ar"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise MawaqifError(f"{where}: {key} is required")
        if raw.get("actor_type") not in ACTOR_TYPES:
            raise MawaqifError(
                f"{where}: actor_type {raw.get('actor_type')!r} is not one of "
                + ", ".join(sorted(ACTOR_TYPES))
            )
        code = raw.get("country_code") or ""
        if code and not _ISO3.match(str(code)):
            raise MawaqifError(f"{where}: country_code {code!r} is not ISO 3166 alpha-3")
        gender = raw.get("gender")
        if gender is not None and gender not in GENDERS:
            raise MawaqifError(f"{where}: gender {gender!r} is not one of m, f, pl")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list):
            raise MawaqifError(f"{where}: aliases must be a list")
        for alias in aliases:
            text = alias.get("ar") if isinstance(alias, dict) else alias
            if not isinstance(text, str) or not fold_term(text):
                raise MawaqifError(f"{where}: alias {alias!r} is not an Arabic string")
        result[actor_id] = {**raw, "aliases": aliases, "country_code": str(code), "where": where}
    return result


_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


def _clitic_variant(folded: str, keys: set[str]) -> bool:
    """Whether an alias is another alias of the same actor with a proclitic
    (``لرويترز``, ``لوكالة رويترز``, ``للجزيرة نت``).

    >>> _clitic_variant("لرويترز", {"رويترز", "لرويترز"}), _clitic_variant("لبنان", {"لبنان"})
    (True, False)
    """
    if folded.startswith("لل") and "ال" + folded[2:] in keys:
        return True
    return any(
        p != folded and folded.startswith(p) and folded[len(p) :] in keys for p in _PROCLITICS
    )


_HUMAN = frozenset({"person", "people"})


def _derived_gender(folded: str) -> str:
    first = folded.split(" ")[0]
    return "f" if first.endswith("ه") else "m"


def _alias_gender(folded: str, gender: str | None) -> str | None:
    """An organisation alias agrees with its head noun: feminine with ة (جماعة الحوثي);
    with a definite masculine singular noun and no feminine adjective (الدعم السريع;
    not الأمم المتحدة) a feminine actor takes either agreement (""), since the
    implied head (قوات، حركة، صحيفة) is feminine; a bare name keeps the actor's
    gender (حماس)."""
    first = folded.split(" ")[0]
    if _derived_gender(folded) == "f":
        return "f"
    feminine_word = any(word.endswith("ه") for word in folded.split(" "))  # الأمم المتحدة
    plural_head = first.endswith(("ون", "ين", "ات", "ان"))
    if first.startswith("ال") and " " in folded and not feminine_word and not plural_head:
        # ``والدعم السريع ينفي`` but ``قالت الجهاد الإسلامي``: either agreement
        return "" if gender == "f" else gender
    return gender


class _Builder:
    """Accumulates actor rows and alias entries while the lexicon loads."""

    def __init__(self) -> None:
        self.actors: dict[str, dict[str, str]] = {}
        self.entries: dict[str, list[Entry]] = {}
        self.conflicts: set[str] = set()
        self.where: dict[str, str] = {}
        self.heads: dict[str, tuple[str, str]] = {}  # folded head form -> (head_id, gender)

    def actor(
        self, actor_id: str, name_en: str, name_ar: str, actor_type: str, code: str, parent: str
    ) -> None:
        self.actors[actor_id] = {
            "actor_id": actor_id,
            "name_en": name_en,
            "name_ar": name_ar,
            "actor_type": actor_type,
            "country_code": code,
            "parent_id": parent,
        }

    def alias(self, alias: str, entry_kwargs: dict[str, Any]) -> None:
        folded = fold_term(alias)
        if not folded:
            return
        kwargs = dict(entry_kwargs)
        gender = kwargs.pop("gender", None)
        gender = _derived_gender(folded) if gender is None else gender  # "": either
        article = "any"
        # the definite article only as written (ال): ألمانيا and ألماني fold to ال… too
        definite = alias.strip().startswith("ال")
        if definite and folded.startswith("ال") and len(folded.split(" ")[0]) > 3:
            folded, article = folded[2:], "required"
        entry = Entry(article=article, gender=gender, **kwargs)
        bucket = self.entries.setdefault(folded, [])
        if any(e.actor_id == entry.actor_id and e.article == entry.article for e in bucket):
            return
        bucket.append(entry)

    def add_states(self, states: list[dict[str, str]], context: dict[str, Any]) -> None:
        ambiguous = {
            code: tuple(fold_term(c) for c in cues)
            for code, cues in (context.get("ambiguous_states") or {}).items()
        }
        blocked = set(context.get("nisba_blocked") or [])
        for row in states:
            code, sid = row["alpha3"], row["alpha3"].lower()
            self.actor(sid, row["name_en"], row["name_ar"], "state", code, "")
            cues = ambiguous.get(code, ())
            names = [row["name_ar"], *_split(row.get("aliases"))]
            for name in names:
                self.alias(
                    name, {"actor_id": sid, "method": "state", "gender": "f", "cues_before": cues}
                )
            name_keys = {fold_term(n) for n in names}
            for capital in _split(row.get("capital")):
                if fold_term(capital) not in name_keys:
                    self.alias(capital, {"actor_id": sid, "method": "metonym", "gender": "f"})
            if code in blocked:
                continue
            people = f"{sid}_people"
            self.actor(people, f"People of {row['name_en']}", row["name_ar"], "people", code, sid)
            for stem in _split(row.get("nisba")):
                for suffix in ("", "ة", "ون", "ين", "ان", "تين", "تان", "ات"):
                    self.alias(stem + suffix, {"actor_id": sid, "method": "nisba"})
                for suffix in ("ون", "ين"):
                    self.alias(
                        "ال" + stem + suffix,
                        {"actor_id": people, "method": "people", "gender": "pl"},
                    )
            for plural in _split(row.get("plural")):
                for form in (plural, plural + "ا"):
                    self.alias(form, {"actor_id": sid, "method": "nisba", "gender": "pl"})
                self.alias("ال" + plural, {"actor_id": people, "method": "people", "gender": "pl"})

    def add_institutions(
        self, states: list[dict[str, str]], doc: Any, *, blocked: set[str]
    ) -> None:
        heads = (doc or {}).get("heads") or []
        for index, head in enumerate(heads, start=1):
            where = f"institutions.yaml: head {index} ({head.get('head_id', '?')})"
            if head.get("actor_type") not in ACTOR_TYPES or not _ID.match(head.get("head_id", "")):
                raise MawaqifError(f"{where}: needs a head_id slug and a valid actor_type")
            for form in head.get("forms") or []:
                if form.get("gender") not in {"m", "f"} or not fold_term(form.get("ar", "")):
                    raise MawaqifError(f"{where}: form {form!r} needs ar and gender m|f")
        for head in heads:
            for form in head["forms"]:
                self.heads.setdefault(fold_term(form["ar"]), (head["head_id"], form["gender"]))
        for row in states:
            code, sid = row["alpha3"], row["alpha3"].lower()
            stems = [] if code in blocked else _split(row.get("nisba"))
            for head in heads:
                hid = f"{sid}_{head['head_id']}"
                parent = head.get("parent", "state")
                first = head["forms"][0]
                nisba = stems[0] if stems else ""
                adjective = nisba + ("ة" if first["gender"] == "f" and nisba else "")
                template = str(head.get("name_en", "{country} " + head["head_id"]))
                self.actor(
                    hid,
                    template.format(country=row["name_en"]),
                    f"{first['ar']} ال{adjective}"
                    if adjective
                    else f"{first['ar']} ({row['name_ar']})",
                    head["actor_type"],
                    code,
                    sid if parent == "state" else f"{sid}_{parent}",
                )
                for form in head["forms"]:
                    for stem in stems:
                        adj = stem + ("ة" if form["gender"] == "f" else "")
                        self.alias(
                            f"{form['ar']} ال{adj}",
                            {
                                "actor_id": hid,
                                "method": "composed",
                                "head": head["head_id"],
                                "gender": form["gender"],
                            },
                        )

    def add_named(self, named: dict[str, dict[str, Any]]) -> None:
        for actor_id, raw in named.items():
            self.where[actor_id] = raw["where"]
            self.actor(
                actor_id,
                raw["name_en"].strip(),
                raw["name_ar"].strip(),
                raw["actor_type"],
                raw["country_code"],
                str(raw.get("parent_id") or ""),
            )
            aliases = [raw["name_ar"], *raw["aliases"]]
            keys = {fold_term(a["ar"] if isinstance(a, dict) else a) for a in aliases}
            for alias in aliases:
                text = alias["ar"] if isinstance(alias, dict) else alias
                if _clitic_variant(fold_term(text), keys):
                    continue  # the matcher reads proclitics itself; the surface must not hold one
                # ``قالت جماعة الحوثي`` but ``قال الحوثيون``: an organisation's head noun agrees
                gender = raw.get("gender")
                if raw["actor_type"] not in _HUMAN:
                    gender = _alias_gender(fold_term(text), gender)
                kwargs: dict[str, Any] = {"actor_id": actor_id, "method": "lexicon"}
                kwargs["gender"] = gender
                if isinstance(alias, dict):
                    kwargs["gender"] = alias.get("gender", gender)
                    kwargs["cues_before"] = tuple(
                        fold_term(c) for c in alias.get("cues_before", [])
                    )
                    kwargs["cues_after"] = tuple(fold_term(c) for c in alias.get("cues_after", []))
                    if alias.get("metonym"):  # a seat of power, read like a capital (أربيل)
                        kwargs["method"] = "metonym"
                    alias = alias["ar"]
                self.alias(alias, kwargs)

    def check_parents(self) -> None:
        for actor_id, row in self.actors.items():
            parent = row["parent_id"]
            if parent and parent not in self.actors:
                where = self.where.get(actor_id, actor_id)
                raise MawaqifError(f"{where}: parent_id {parent!r} is not a known actor")

    def frozen_entries(self) -> dict[str, tuple[Entry, ...]]:
        result = {}
        for key, entries in self.entries.items():
            ordered = sorted(entries, key=lambda e: (_PRIORITY[e.method], e.actor_id))
            named = {e.actor_id for e in ordered if e.method == "lexicon" and not e.cues_before}
            if len(named) > 1:
                # Two named actors share an unqualified alias: neither reading is safe.
                self.conflicts.add(f"{key}: {', '.join(sorted(named))}")
                ordered = [e for e in ordered if e.actor_id not in named]
            if ordered:
                result[key] = tuple(ordered)
        return result

    def actor_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(list(self.actors.values()), columns=ACTOR_COLUMNS)
        return frame.sort_values("actor_id", kind="stable").reset_index(drop=True)
