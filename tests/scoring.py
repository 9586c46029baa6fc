"""Score a parsed article against hand-written gold annotations.

Pure functions: the gold files (``tests/gold/*.yaml``) are resolved against the
article text into character offsets, and the program's DataFrames (columns as
in ``docs/DESIGN.md``) are compared with them. Nothing here imports the
``analysis`` package, so the scorer cannot share a bug with the program.

Conventions
-----------
* A gold ``{surface, occurrence}`` is the ``occurrence``-th (1-based) match of
  ``surface`` in the text, counting overlapping matches.
* Spans are half-open ``[start, end)`` Python string offsets.
* Every ratio whose denominator is zero is reported as ``0.0``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

ACTS = frozenset(
    {
        "claim",
        "deny",
        "warn",
        "concern",
        "accuse",
        "condemn",
        "appeal",
        "agree",
        "support",
        "reject",
        "threaten",
    }
)
POLARITIES = frozenset({"positive", "negative", "neutral"})

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


@dataclass(frozen=True)
class GoldMention:
    """One gold mention resolved to offsets."""

    actor: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class GoldActor:
    """One gold actor with its accepted ids, names and mentions."""

    key: str
    also_ids: tuple[str, ...]
    name_ar: str
    also_names_ar: tuple[str, ...]
    name_en: str
    actor_type: str
    core: bool
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class GoldStatement:
    """One gold attributed statement, its anchor resolved to offsets."""

    key: str
    start: int
    end: int
    surface: str
    speaker: str | None
    act: str
    targets: tuple[str, ...]
    date: str
    responds_to: str | None


@dataclass(frozen=True)
class GoldStance:
    """One gold stance; ``statement`` is None for narrator-stated relations."""

    source: str
    target: str
    polarity: str
    statement: str | None


@dataclass(frozen=True)
class GoldStatements:
    """The gold statements and stances of one article."""

    article_date: str
    statements: tuple[GoldStatement, ...]
    stances: tuple[GoldStance, ...]


# --------------------------------------------------------------------- helpers


def fold_arabic(text: str) -> str:
    """Fold Arabic for name comparison.

    Parameters
    ----------
    text : str
        Any string.

    Returns
    -------
    str
        ``أإآٱ`` → ``ا``, ``ى`` → ``ي``, ``ة`` → ``ه``; tashkeel, Quranic marks
        and tatweel removed; whitespace collapsed and stripped.
    """
    folded = _TASHKEEL.sub("", text).translate(_ALEFS)
    return " ".join(folded.split())


def find_occurrence(text: str, surface: str, occurrence: int) -> tuple[int, int]:
    """Return the span of the ``occurrence``-th (1-based) match of ``surface``.

    Overlapping matches are counted. Raises ``ValueError`` when there are fewer
    matches than ``occurrence`` or the arguments are malformed.
    """
    if not isinstance(surface, str) or not surface:
        raise ValueError(f"empty or non-string surface: {surface!r}")
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise ValueError(f"occurrence must be a positive integer, got {occurrence!r}")
    position = -1
    for _ in range(occurrence):
        position = text.find(surface, position + 1)
        if position < 0:
            raise ValueError(f"surface {surface!r} occurrence {occurrence} not found in text")
    return position, position + len(surface)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _clean(value: Any) -> str:
    """Normalise a table cell to a stripped string ('' for missing)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if value is pd.NaT:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _split_ids(value: Any) -> list[str]:
    if isinstance(value, list | tuple | set):
        return [_clean(v) for v in value if _clean(v)]
    return [part.strip() for part in _clean(value).split(";") if part.strip()]


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}")


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _read_yaml(path: str | Path) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at top level")
    return data


def _optional_key(value: Any) -> str | None:
    text = _clean(value)
    return text or None


# ----------------------------------------------------------------- loading gold


def load_gold_actors(path: str | Path, text: str) -> list[GoldActor]:
    """Load gold actors and resolve their mentions to offsets in ``text``.

    Parameters
    ----------
    path : str or Path
        A YAML file with an ``actors`` list (see ``tests/gold/seed_actors.yaml``).
    text : str
        The decoded article text the offsets refer to.

    Returns
    -------
    list of GoldActor
        In file order.

    Raises
    ------
    ValueError
        A required field is missing or a surface is not found.
    """
    data = _read_yaml(path)
    actors = []
    for entry in data.get("actors") or []:
        for field in ("key", "name_ar", "actor_type", "core", "mentions"):
            if field not in entry:
                raise ValueError(f"{path}: actor {entry.get('key')!r} lacks {field!r}")
        key = str(entry["key"])
        mentions = []
        for mention in entry["mentions"] or []:
            start, end = find_occurrence(text, mention["surface"], mention["occurrence"])
            mentions.append(GoldMention(key, start, end, mention["surface"]))
        actors.append(
            GoldActor(
                key=key,
                also_ids=tuple(str(i) for i in entry.get("also_ids") or []),
                name_ar=str(entry["name_ar"]),
                also_names_ar=tuple(str(n) for n in entry.get("also_names_ar") or []),
                name_en=str(entry.get("name_en", "")),
                actor_type=str(entry["actor_type"]),
                core=bool(entry["core"]),
                mentions=tuple(sorted(mentions, key=lambda m: m.start)),
            )
        )
    return actors


def load_gold_statements(path: str | Path, text: str) -> GoldStatements:
    """Load gold statements and stances, resolving anchors to offsets.

    Parameters
    ----------
    path : str or Path
        A YAML file with ``statements`` and ``stances`` lists.
    text : str
        The decoded article text.

    Returns
    -------
    GoldStatements

    Raises
    ------
    ValueError
        A required field is missing or an anchor surface is not found.
    """
    data = _read_yaml(path)
    statements = []
    for entry in data.get("statements") or []:
        for field in ("key", "anchor", "speaker", "act"):
            if field not in entry:
                raise ValueError(f"{path}: statement {entry.get('key')!r} lacks {field!r}")
        anchor = entry["anchor"]
        start, end = find_occurrence(text, anchor["surface"], anchor["occurrence"])
        statements.append(
            GoldStatement(
                key=str(entry["key"]),
                start=start,
                end=end,
                surface=anchor["surface"],
                speaker=_optional_key(entry["speaker"]),
                act=str(entry["act"]),
                targets=tuple(str(t) for t in entry.get("targets") or []),
                date=_clean(entry.get("date")),
                responds_to=_optional_key(entry.get("responds_to")),
            )
        )
    stances = [
        GoldStance(
            source=str(s["source"]),
            target=str(s["target"]),
            polarity=str(s["polarity"]),
            statement=_optional_key(s.get("statement")),
        )
        for s in data.get("stances") or []
    ]
    return GoldStatements(
        article_date=_clean(data.get("article_date")),
        statements=tuple(statements),
        stances=tuple(stances),
    )


def gold_problems(actors: list[GoldActor], gold: GoldStatements) -> list[str]:
    """Consistency problems of a gold set (empty list when it is sound).

    Checks unique keys, ids claimed by two actors, references to unknown
    actors or statements, acts and polarities outside the closed sets, and
    malformed dates.
    """
    problems: list[str] = []
    keys = [a.key for a in actors]
    known = set(keys)
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"duplicate actor key {key}")
    owner: dict[str, str] = {}
    for actor in actors:
        for alias in (actor.key, *actor.also_ids):
            if alias in owner and owner[alias] != actor.key:
                problems.append(f"id {alias} claimed by {owner[alias]} and {actor.key}")
            owner.setdefault(alias, actor.key)
    names: dict[str, str] = {}
    for actor in actors:
        for name in {fold_arabic(n) for n in (actor.name_ar, *actor.also_names_ar)}:
            if name in names and names[name] != actor.key:
                problems.append(f"name {name} claimed by {names[name]} and {actor.key}")
            names.setdefault(name, actor.key)
    skeys = [s.key for s in gold.statements]
    for key in sorted({k for k in skeys if skeys.count(k) > 1}):
        problems.append(f"duplicate statement key {key}")
    for st in gold.statements:
        if st.speaker is not None and st.speaker not in known:
            problems.append(f"{st.key}: unknown speaker {st.speaker}")
        if st.act not in ACTS:
            problems.append(f"{st.key}: act {st.act} not in the closed set")
        for target in st.targets:
            if target not in known:
                problems.append(f"{st.key}: unknown target {target}")
        if st.responds_to is not None and st.responds_to not in skeys:
            problems.append(f"{st.key}: responds_to unknown statement {st.responds_to}")
        if st.date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", st.date):
            problems.append(f"{st.key}: malformed date {st.date}")
    for stance in gold.stances:
        for role in ("source", "target"):
            if getattr(stance, role) not in known:
                problems.append(f"stance {stance}: unknown {role}")
        if stance.polarity not in POLARITIES:
            problems.append(f"stance {stance}: polarity {stance.polarity}")
        if stance.statement is not None and stance.statement not in skeys:
            problems.append(f"stance {stance}: unknown statement {stance.statement}")
    return problems


# --------------------------------------------------------------------- actors


def match_actor_ids(gold_actors: list[GoldActor], actors_df: pd.DataFrame) -> dict[str, str]:
    """Map program actor ids to gold actor keys.

    A program actor matches a gold actor when its ``actor_id`` equals the gold
    key, else when it is one of the gold ``also_ids``, else (fallback) when its
    folded ``name_ar`` equals the folded gold ``name_ar`` (or one of
    ``also_names_ar``).

    Parameters
    ----------
    gold_actors : list of GoldActor
    actors_df : DataFrame
        Needs ``actor_id``; ``name_ar`` is used when present.

    Returns
    -------
    dict
        ``program actor_id -> gold key`` for the program actors that match.
    """
    _require(actors_df, ["actor_id"], "actors table")
    by_key = {a.key: a.key for a in gold_actors}
    by_alias: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for actor in gold_actors:
        for alias in actor.also_ids:
            by_alias.setdefault(alias, actor.key)
        for name in (actor.name_ar, *actor.also_names_ar):
            by_name.setdefault(fold_arabic(name), actor.key)
    names = actors_df["name_ar"] if "name_ar" in actors_df.columns else [""] * len(actors_df)
    mapping: dict[str, str] = {}
    for actor_id, name_ar in zip(actors_df["actor_id"], names, strict=True):
        program_id = _clean(actor_id)
        if not program_id:
            continue
        if program_id in by_key:
            mapping[program_id] = by_key[program_id]
        elif program_id in by_alias:
            mapping[program_id] = by_alias[program_id]
        elif fold_arabic(_clean(name_ar)) in by_name and _clean(name_ar):
            mapping[program_id] = by_name[fold_arabic(_clean(name_ar))]
    return mapping


def score_actors(
    gold_actors: list[GoldActor], actors_df: pd.DataFrame, mentions_df: pd.DataFrame
) -> dict[str, Any]:
    """Actor and mention scores of a program output.

    Parameters
    ----------
    gold_actors : list of GoldActor
    actors_df : DataFrame
        The program's ``actors`` table (``actor_id``, ``name_ar``).
    mentions_df : DataFrame
        The program's ``mentions`` table (``actor_id``, ``start``, ``end``,
        ``surface``).

    Returns
    -------
    dict
        ``actor_recall``: core gold actors reached by a mapped program actor
        that has at least one mention; ``actor_precision``: program actors with
        at least one mention that map to any gold actor, over all program
        actors with at least one mention; ``mention_recall``: gold mentions of
        core actors overlapped by a program mention of the same (mapped)
        actor; ``mention_precision``: program mentions overlapping a gold
        mention (core or peripheral) of the same actor. Also the counts, the
        misses (``missed_core``, ``missed_mentions``), the errors
        (``unmatched_actors``, ``spurious_mentions``) and ``actor_map``.
    """
    _require(mentions_df, ["actor_id", "start", "end"], "mentions table")
    mentioned = sorted({_clean(a) for a in mentions_df["actor_id"] if _clean(a)})
    listed = {_clean(a) for a in actors_df["actor_id"]} if "actor_id" in actors_df else set()
    extra = pd.DataFrame({"actor_id": [a for a in mentioned if a not in listed]})
    universe = pd.concat([actors_df, extra], ignore_index=True) if len(extra) else actors_df
    actor_map = match_actor_ids(gold_actors, universe)

    found = {actor_map[a] for a in mentioned if a in actor_map}
    core = [a.key for a in gold_actors if a.core]
    missed_core = [k for k in core if k not in found]
    unmatched = [a for a in mentioned if a not in actor_map]

    program = [
        (actor_map.get(_clean(row.actor_id)), int(row.start), int(row.end), row)
        for row in mentions_df.itertuples(index=False)
    ]
    gold_all = [m for a in gold_actors for m in a.mentions]
    gold_core = [m for a in gold_actors if a.core for m in a.mentions]

    def hit(gm: GoldMention) -> bool:
        return any(k == gm.actor and _overlaps(s, e, gm.start, gm.end) for k, s, e, _ in program)

    missed_mentions = [(m.actor, m.surface, m.start) for m in gold_core if not hit(m)]
    spurious = []
    for key, start, end, row in program:
        if not any(key == gm.actor and _overlaps(start, end, gm.start, gm.end) for gm in gold_all):
            spurious.append((_clean(row.actor_id), _clean(getattr(row, "surface", "")), start))
    return {
        "actor_recall": _ratio(len(core) - len(missed_core), len(core)),
        "actor_precision": _ratio(len(mentioned) - len(unmatched), len(mentioned)),
        "mention_recall": _ratio(len(gold_core) - len(missed_mentions), len(gold_core)),
        "mention_precision": _ratio(len(program) - len(spurious), len(program)),
        "n_core_actors": len(core),
        "n_program_actors": len(mentioned),
        "n_gold_mentions": len(gold_core),
        "n_program_mentions": len(program),
        "missed_core": missed_core,
        "unmatched_actors": unmatched,
        "missed_mentions": missed_mentions,
        "spurious_mentions": spurious,
        "actor_map": actor_map,
    }


# ----------------------------------------------------------------- statements


def _match_statements(
    gold: GoldStatements, rows: list[dict[str, Any]], actor_map: Mapping[str, str]
) -> list[tuple[GoldStatement, dict[str, Any]]]:
    """One-to-one matching, closest program start to the anchor first."""
    pairs = []
    for gi, st in enumerate(gold.statements):
        for pi, row in enumerate(rows):
            if not _overlaps(row["start"], row["end"], st.start, st.end):
                continue
            speaker = actor_map.get(row["speaker_id"]) if row["speaker_id"] else None
            if speaker != st.speaker:
                continue
            pairs.append((abs(row["start"] - st.start), gi, pi))
    used_gold: set[int] = set()
    used_program: set[int] = set()
    matched = []
    for _, gi, pi in sorted(pairs):
        if gi in used_gold or pi in used_program:
            continue
        used_gold.add(gi)
        used_program.add(pi)
        matched.append((gold.statements[gi], rows[pi]))
    return sorted(matched, key=lambda pair: pair[0].start)


def score_statements(
    gold: GoldStatements,
    statements_df: pd.DataFrame,
    stances_df: pd.DataFrame | None,
    actor_map: Mapping[str, str],
) -> dict[str, Any]:
    """Statement and stance scores of a program output.

    A gold statement is found when a program statement's ``[start, end)``
    overlaps the gold anchor (it contains the anchor's start, or starts inside
    the anchor) and its ``speaker_id`` maps to the gold speaker; matching is
    one-to-one, closest program start first.

    Parameters
    ----------
    gold : GoldStatements
    statements_df : DataFrame
        The program's ``statements`` table.
    stances_df : DataFrame or None
        The program's ``stances`` table; None scores stances as empty.
    actor_map : mapping
        ``program actor_id -> gold key`` (from :func:`match_actor_ids`).

    Returns
    -------
    dict
        ``speaker_recall``, ``anchor_recall`` (a statement at the anchor with
        any speaker), ``act_accuracy``, ``date_accuracy``,
        ``responds_to_accuracy`` (over matched pairs where gold or program has
        a responds_to), ``target_recall``/``target_precision`` (over matched
        pairs), ``invented`` (program statements overlapping no gold anchor),
        ``stance_recall``/``stance_precision`` on (source, target, polarity)
        triples, plus counts and error lists.
    """
    _require(statements_df, ["statement_id", "start", "end", "speaker_id", "act"], "statements")
    rows = []
    for row in statements_df.itertuples(index=False):
        rows.append(
            {
                "statement_id": _clean(row.statement_id),
                "start": int(row.start),
                "end": int(row.end),
                "speaker_id": _clean(row.speaker_id),
                "act": _clean(row.act),
                "target_ids": _split_ids(getattr(row, "target_ids", "")),
                "date": _clean(getattr(row, "date", "")),
                "responds_to": _clean(getattr(row, "responds_to", "")),
            }
        )
    rows.sort(key=lambda r: (r["start"], r["speaker_id"]))
    matched = _match_statements(gold, rows, actor_map)
    to_gold = {row["statement_id"]: st.key for st, row in matched}

    at_anchor = [
        st
        for st in gold.statements
        if any(_overlaps(r["start"], r["end"], st.start, st.end) for r in rows)
    ]
    invented = [
        r["statement_id"]
        for r in rows
        if not any(_overlaps(r["start"], r["end"], st.start, st.end) for st in gold.statements)
    ]
    wrong_acts = [(st.key, st.act, row["act"]) for st, row in matched if row["act"] != st.act]
    wrong_dates = [(st.key, st.date, row["date"]) for st, row in matched if row["date"] != st.date]

    responds_pairs = [(st, row) for st, row in matched if st.responds_to or row["responds_to"]]
    wrong_responds = [
        (st.key, st.responds_to, to_gold.get(row["responds_to"], row["responds_to"] or None))
        for st, row in responds_pairs
        if to_gold.get(row["responds_to"]) != st.responds_to
    ]

    target_hits = target_gold = target_program = 0
    for st, row in matched:
        program_targets = {actor_map.get(t, f"?{t}") for t in row["target_ids"]}
        gold_targets = set(st.targets)
        target_hits += len(program_targets & gold_targets)
        target_gold += len(gold_targets)
        target_program += len(program_targets)

    gold_triples = {(s.source, s.target, s.polarity) for s in gold.stances}
    program_triples: set[tuple[str, str, str]] = set()
    if stances_df is not None and len(stances_df):
        _require(stances_df, ["source_id", "target_id", "polarity"], "stances")
        for row in stances_df.itertuples(index=False):
            source, target = _clean(row.source_id), _clean(row.target_id)
            program_triples.add(
                (
                    actor_map.get(source, f"?{source}"),
                    actor_map.get(target, f"?{target}"),
                    _clean(row.polarity),
                )
            )
    stance_hits = gold_triples & program_triples
    matched_keys = {st.key for st, _ in matched}
    return {
        "speaker_recall": _ratio(len(matched), len(gold.statements)),
        "anchor_recall": _ratio(len(at_anchor), len(gold.statements)),
        "act_accuracy": _ratio(len(matched) - len(wrong_acts), len(matched)),
        "date_accuracy": _ratio(len(matched) - len(wrong_dates), len(matched)),
        "responds_to_accuracy": _ratio(
            len(responds_pairs) - len(wrong_responds), len(responds_pairs)
        ),
        "target_recall": _ratio(target_hits, target_gold),
        "target_precision": _ratio(target_hits, target_program),
        "stance_recall": _ratio(len(stance_hits), len(gold_triples)),
        "stance_precision": _ratio(len(stance_hits), len(program_triples)),
        "n_gold_statements": len(gold.statements),
        "n_program_statements": len(rows),
        "n_matched": len(matched),
        "invented": len(invented),
        "invented_ids": invented,
        "missed_statements": [st.key for st in gold.statements if st.key not in matched_keys],
        "wrong_acts": wrong_acts,
        "wrong_dates": wrong_dates,
        "wrong_responds_to": wrong_responds,
        "missed_stances": sorted(gold_triples - program_triples),
        "spurious_stances": sorted(program_triples - gold_triples),
        "n_gold_stances": len(gold_triples),
        "n_program_stances": len(program_triples),
    }


def format_scores(title: str, scores: Mapping[str, Any]) -> str:
    """Render a score dict as a readable block (ratios first, then lists)."""
    lines = [f"==== {title} ===="]
    for name, value in scores.items():
        if isinstance(value, float):
            lines.append(f"  {name:<22} {value:6.3f}")
        elif isinstance(value, int):
            lines.append(f"  {name:<22} {value:6d}")
    for name, value in scores.items():
        if isinstance(value, list | dict) and name != "actor_map":
            lines.append(f"  {name}: {value if value else '-'}")
    return "\n".join(lines)
