"""Actor networks built from the parse tables, and their GraphML/GEXF export.

Four networks, all built by pure functions on the DESIGN.md tables:

* :func:`stance_network` — directed and signed: ``source -> target``, ``weight``
  is the number of stances, ``sign`` comes from their polarity and every edge
  carries the statement ids it rests on.
* :func:`cooccurrence_network` — undirected: actors mentioned in the same
  sentence (or paragraph).
* :func:`dna_network` — Discourse-Network-Analyzer-style one-mode networks of
  speakers: *congruence* (same polarity toward the same target or claim),
  *conflict* (opposite polarity; a claim and its denial) or their difference,
  with DNA's normalisations (none, average activity, Jaccard, cosine).
  :func:`affiliations` gives the two-mode speaker × concept table behind them.

networkx is imported inside the functions so that importing ``analysis``
stays light.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.errors import MawaqifError
from analysis.tables import COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

POLARITY_SIGN = {"positive": 1, "negative": -1, "neutral": 0}
NEGATING_ACTS = frozenset({"deny", "reject"})
AFFIRMING_ACTS = frozenset({"claim", "agree", "support"})
NORMALIZATIONS = ("no", "average", "jaccard", "cosine")
DNA_KINDS = ("congruence", "conflict", "subtract")
NODE_ATTRIBUTES = tuple(COLUMNS["actors"][1:])  # every actor column but the id


def _ids(values: Iterable[Any]) -> list[int]:
    """Integer ids from a column that may hold ints, floats, strings or blanks."""
    out: list[int] = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if value is pd.NA:
            continue
        text = str(value).strip()
        if not text or text.lower() in {"nan", "<na>", "none"}:
            continue
        out.append(int(float(text)))
    return out


def _id_or_none(value: Any) -> int | None:
    ids = _ids([value])
    return ids[0] if ids else None


def _join(ids: Iterable[Any]) -> str:
    """Sorted, unique, ``;``-separated ids (the DESIGN.md list convention)."""
    unique = set(ids)
    if all(isinstance(i, int) for i in unique):
        return ";".join(str(i) for i in sorted(unique))
    return ";".join(sorted(str(i) for i in unique))


def split_ids(value: Any) -> list[str]:
    """Split a ``;``-separated id cell (blank, NaN or None give ``[]``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def node_attributes(actor_id: str, actors: pd.DataFrame, *, language: str = "en") -> dict[str, Any]:
    """GraphML-safe attributes of one actor: names in both languages and a ``label``.

    Actors missing from the table get their id as both names, so that every
    node carries the same attribute keys.
    """
    _check_language(language)
    row = actors.loc[actors["actor_id"] == actor_id]
    return _attributes(actor_id, row.iloc[0].to_dict() if len(row) else {}, language)


def _check_language(language: str) -> None:
    if language not in {"en", "ar"}:
        raise MawaqifError(f"label language must be 'en' or 'ar', not {language!r}")


def _attributes(actor_id: str, record: Mapping[str, Any], language: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for key in NODE_ATTRIBUTES:
        value = record.get(key)
        if key == "mention_count":
            attrs[key] = int(_id_or_none(value) or 0)
        else:
            attrs[key] = _text(value)
    attrs["name_en"] = attrs["name_en"] or actor_id
    attrs["name_ar"] = attrs["name_ar"] or attrs["name_en"]
    attrs["label_en"] = attrs["name_en"]
    attrs["label_ar"] = attrs["name_ar"]
    attrs["label"] = attrs["name_ar"] if language == "ar" else attrs["name_en"]
    return attrs


def _add_nodes(graph: nx.Graph, node_ids: Iterable[str], actors: pd.DataFrame, language: str):
    """Add the nodes with :func:`node_attributes`, reading the actor table once."""
    wanted = sorted(set(node_ids))
    if wanted:
        _check_language(language)
    rows = actors.loc[actors["actor_id"].isin(wanted)].drop_duplicates("actor_id")
    records = {record["actor_id"]: record for record in rows.to_dict("records")}
    for actor_id in wanted:
        graph.add_node(actor_id, **_attributes(actor_id, records.get(actor_id, {}), language))


def stance_network(
    stances: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    include_narrator: bool = True,
    include_neutral: bool = True,
    language: str = "en",
) -> nx.DiGraph:
    """Directed signed stance network.

    Parameters
    ----------
    stances, actors
        The DESIGN.md ``stances`` and ``actors`` tables.
    include_narrator
        Keep stances that the narrator states (blank ``statement_id``).
    include_neutral
        Keep neutral stances (they add weight but no sign).
    language
        ``"en"`` or ``"ar"``: which name becomes the node ``label``.

    Returns
    -------
    networkx.DiGraph
        Nodes are actors (names in both languages, type, country, mention
        count). An edge ``source -> target`` has ``weight`` (number of
        stances), ``positive``/``negative``/``neutral`` counts, ``sign``
        (-1, 0 or 1 from the balance), ``polarity`` (positive, negative,
        mixed, neutral), ``statement_ids``, ``stance_ids`` and ``bases``
        (``;``-separated).
    """
    import networkx as nx

    graph = nx.DiGraph(name="stance network")
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for row in stances.sort_values(["source_id", "target_id", "stance_id"]).itertuples():
        statement = _id_or_none(row.statement_id)
        if statement is None and not include_narrator:
            continue
        if row.polarity == "neutral" and not include_neutral:
            continue
        if row.polarity not in POLARITY_SIGN:
            raise MawaqifError(f"stance {row.stance_id}: unknown polarity {row.polarity!r}")
        key = (str(row.source_id), str(row.target_id))
        edge = edges.setdefault(
            key,
            {"positive": 0, "negative": 0, "neutral": 0, "statements": [], "stances": []},
        )
        edge[row.polarity] += 1
        edge["stances"].append(int(row.stance_id))
        edge["bases"] = edge.get("bases", []) + [_text(row.basis)]
        if statement is not None:
            edge["statements"].append(statement)
    _add_nodes(graph, [n for key in edges for n in key], actors, language)
    for (source, target), edge in sorted(edges.items()):
        balance = edge["positive"] - edge["negative"]
        if edge["positive"] and edge["negative"]:
            polarity = "mixed"
        elif edge["positive"]:
            polarity = "positive"
        elif edge["negative"]:
            polarity = "negative"
        else:
            polarity = "neutral"
        graph.add_edge(
            source,
            target,
            weight=edge["positive"] + edge["negative"] + edge["neutral"],
            positive=edge["positive"],
            negative=edge["negative"],
            neutral=edge["neutral"],
            sign=(balance > 0) - (balance < 0),
            polarity=polarity,
            statement_ids=_join(edge["statements"]),
            stance_ids=_join(edge["stances"]),
            bases=";".join(sorted(set(b for b in edge["bases"] if b))),
        )
    return graph


def cooccurrence_network(
    mentions: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    unit: str = "sentence",
    language: str = "en",
) -> nx.Graph:
    """Undirected co-occurrence network: actors mentioned in the same unit.

    Parameters
    ----------
    mentions, actors
        The DESIGN.md ``mentions`` and ``actors`` tables.
    sentences
        The ``sentences`` table; needed for ``unit="paragraph"``.
    unit
        ``"sentence"`` or ``"paragraph"``.

    Returns
    -------
    networkx.Graph
        ``weight`` is the number of units both actors appear in;
        ``sentence_ids`` lists the sentences.
    """
    import networkx as nx

    if unit not in {"sentence", "paragraph"}:
        raise MawaqifError(f"co-occurrence unit must be 'sentence' or 'paragraph', not {unit!r}")
    actor_ids = [str(x) for x in mentions["actor_id"]]
    sentence_ids = [int(x) for x in mentions["sentence_id"]]
    units = sentence_ids
    if unit == "paragraph":
        if sentences is None:
            raise MawaqifError("co-occurrence by paragraph needs the sentences table")
        para = dict(
            zip(
                sentences["sentence_id"].astype(int),
                sentences["paragraph_id"].astype(int),
                strict=True,
            )
        )
        units = [int(para[x]) for x in sentence_ids]
    graph = nx.Graph(name=f"co-occurrence network ({unit})")
    _add_nodes(graph, actor_ids, actors, language)
    # unit -> actor -> the sentences of the unit that mention the actor
    found: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for actor, sentence, key in zip(actor_ids, sentence_ids, units, strict=True):
        found[key][actor].add(sentence)
    pairs: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(
        lambda: {"units": set(), "sentences": set()}
    )
    for key in sorted(found):
        present = found[key]
        for a, b in combinations(sorted(present), 2):
            pairs[(a, b)]["units"].add(key)
            pairs[(a, b)]["sentences"].update(present[a] | present[b])
    for (a, b), data in sorted(pairs.items()):
        graph.add_edge(a, b, weight=len(data["units"]), sentence_ids=_join(data["sentences"]))
    return graph


def affiliations(
    stances: pd.DataFrame,
    statements: pd.DataFrame,
    *,
    include_narrator: bool = False,
) -> pd.DataFrame:
    """Two-mode speaker × concept table behind the DNA networks.

    A concept is a stance target (``target:<actor_id>``; qualifier +1 for a
    positive and -1 for a negative stance) or a contested claim
    (``claim:<statement_id>`` of the root claim). The root claim's speaker
    has qualifier +1; a statement that responds to it denies (``deny``,
    ``reject``: the opposite of what it answers) or affirms (``claim``,
    ``agree``, ``support``: the same). Responses with other acts are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``speaker_id``, ``concept``, ``qualifier`` (1 or -1),
        ``statement_ids``; one row per speaker, concept and qualifier, sorted.
    """
    rows: dict[tuple[str, str, int], set] = defaultdict(set)
    for row in stances.itertuples():
        statement = _id_or_none(row.statement_id)
        if statement is None and not include_narrator:
            continue
        sign = POLARITY_SIGN.get(row.polarity, 0)
        if sign and _text(row.source_id).strip():
            key = (str(row.source_id), f"target:{row.target_id}", sign)
            rows[key].update([statement] if statement is not None else [])
    by_id = {int(r.statement_id): r for r in statements.itertuples()}
    parent = {sid: _id_or_none(r.responds_to) for sid, r in by_id.items()}
    answered = {p for p in parent.values() if p is not None}

    def qualifier_and_root(sid: int) -> tuple[int, int] | None:
        seen = set()
        sign, current = 1, sid
        while parent.get(current) is not None:
            if current in seen:
                return None  # a responds_to cycle: no defined root
            seen.add(current)
            act = by_id[current].act
            if act in NEGATING_ACTS:
                sign = -sign
            elif act not in AFFIRMING_ACTS:
                return None
            current = parent[current]
            if current not in by_id:
                return None
        return sign, current

    for sid in sorted(by_id):
        if parent[sid] is None and sid not in answered:
            continue
        if not _text(by_id[sid].speaker_id).strip():
            continue  # an unidentified speaker cannot be tied to anyone
        result = qualifier_and_root(sid)
        if result is None:
            continue
        sign, root = result
        rows[(str(by_id[sid].speaker_id), f"claim:{root}", sign)].add(sid)
    records = [
        {"speaker_id": s, "concept": c, "qualifier": q, "statement_ids": _join(ids)}
        for (s, c, q), ids in rows.items()
    ]
    columns = ["speaker_id", "concept", "qualifier", "statement_ids"]
    out = pd.DataFrame(records, columns=columns)
    return out.sort_values(["speaker_id", "concept", "qualifier"]).reset_index(drop=True)


def _normalise(weight: float, n_a: int, n_b: int, normalization: str) -> float:
    if normalization == "no":
        return float(weight)
    if normalization == "average":
        return weight / ((n_a + n_b) / 2)
    if normalization == "jaccard":
        return weight / (n_a + n_b - weight)
    return weight / math.sqrt(n_a * n_b)  # cosine


def dna_network(
    affiliation: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    kind: str = "congruence",
    normalization: str = "no",
    isolates: bool = True,
    language: str = "en",
) -> nx.Graph:
    """DNA one-mode speaker network from an :func:`affiliations` table.

    Parameters
    ----------
    affiliation
        Output of :func:`affiliations`.
    kind
        ``"congruence"``: two speakers are tied once for every concept they
        share with the same qualifier; ``"conflict"``: once for every concept
        on which they hold opposite qualifiers; ``"subtract"``: congruence
        minus conflict (both normalised first), which can be negative.
    normalization
        ``"no"`` (counts), ``"average"`` (divide by the mean activity of the
        two speakers), ``"jaccard"`` (shared / union) or ``"cosine"``
        (shared / geometric mean of activities). A speaker's activity is the
        number of concept–qualifier pairs it holds.
    isolates
        Keep speakers without ties as nodes.

    Returns
    -------
    networkx.Graph
        Edges carry ``weight`` (float), ``count`` (raw number of concepts,
        negative for subtract when conflict dominates), ``concepts`` and
        ``statement_ids``.
    """
    import networkx as nx

    if kind not in DNA_KINDS:
        raise MawaqifError(f"DNA network kind must be one of {', '.join(DNA_KINDS)}, not {kind!r}")
    if normalization not in NORMALIZATIONS:
        raise MawaqifError(
            f"normalization must be one of {', '.join(NORMALIZATIONS)}, not {normalization!r}"
        )
    graph = nx.Graph(name=f"{kind} network ({normalization} normalization)")
    activity = affiliation.groupby("speaker_id").size().to_dict()
    holders: dict[str, dict[int, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in affiliation.itertuples():
        holders[row.concept][int(row.qualifier)][str(row.speaker_id)] = _text(row.statement_ids)
    ties: dict[str, dict[tuple[str, str], dict[str, set]]] = {
        "congruence": defaultdict(lambda: {"concepts": set(), "statements": set()}),
        "conflict": defaultdict(lambda: {"concepts": set(), "statements": set()}),
    }
    for concept, levels in sorted(holders.items()):
        for level in levels.values():
            for a, b in combinations(sorted(level), 2):
                tie = ties["congruence"][(a, b)]
                tie["concepts"].add(concept)
                tie["statements"].update(split_ids(level[a]) + split_ids(level[b]))
        for a in levels.get(1, {}):
            for b in levels.get(-1, {}):
                if a == b:
                    continue
                tie = ties["conflict"][tuple(sorted((a, b)))]
                tie["concepts"].add(concept)
                tie["statements"].update(split_ids(levels[1][a]) + split_ids(levels[-1][b]))
    if isolates:
        _add_nodes(graph, activity, actors, language)
    wanted = ["congruence", "conflict"] if kind == "subtract" else [kind]
    pairs = sorted(set().union(*(ties[k].keys() for k in wanted)))
    for a, b in pairs:
        n_a, n_b = activity[a], activity[b]
        weights, counts, concepts, statements = [], [], set(), set()
        for k in wanted:
            tie = ties[k].get((a, b), {"concepts": set(), "statements": set()})
            count = len(tie["concepts"])
            weights.append(_normalise(count, n_a, n_b, normalization))
            counts.append(count)
            concepts |= tie["concepts"]
            statements |= tie["statements"]
        weight = weights[0] - weights[1] if kind == "subtract" else weights[0]
        count = counts[0] - counts[1] if kind == "subtract" else counts[0]
        if not isolates:
            _add_nodes(graph, [n for n in (a, b) if n not in graph], actors, language)
        graph.add_edge(
            a,
            b,
            weight=round(float(weight), 6),
            count=int(count),
            concepts=";".join(sorted(concepts)),
            statement_ids=_join(int(s) for s in statements),
        )
    return graph


def build_networks(
    tables: Any,
    *,
    language: str = "en",
    normalization: str = "no",
) -> dict[str, nx.Graph]:
    """All networks of one parsed article, keyed by file stem.

    ``tables`` is anything with ``actors``, ``mentions``, ``sentences``,
    ``statements`` and ``stances`` DataFrame attributes (``analysis.pipeline``'s
    result or tables read back from CSV).
    """
    affiliation = affiliations(tables.stances, tables.statements)
    return {
        "stance_network": stance_network(tables.stances, tables.actors, language=language),
        "cooccurrence_network": cooccurrence_network(
            tables.mentions, tables.actors, sentences=tables.sentences, language=language
        ),
        "congruence_network": dna_network(
            affiliation,
            tables.actors,
            kind="congruence",
            normalization=normalization,
            language=language,
        ),
        "conflict_network": dna_network(
            affiliation,
            tables.actors,
            kind="conflict",
            normalization=normalization,
            language=language,
        ),
    }


def edge_table(graph: nx.Graph) -> pd.DataFrame:
    """The edges of a graph as a sorted DataFrame (``source``, ``target``, attributes)."""
    records = [{"source": a, "target": b, **data} for a, b, data in graph.edges(data=True)]
    if not records:
        return pd.DataFrame(columns=["source", "target", "weight"])
    return pd.DataFrame(records).sort_values(["source", "target"]).reset_index(drop=True)


def network_summary(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """One row per network: nodes, edges, total weight, directedness."""
    rows = []
    for name, graph in sorted(graphs.items()):
        total = sum(float(d.get("weight", 1)) for _, _, d in graph.edges(data=True))
        rows.append(
            {
                "network": name,
                "directed": graph.is_directed(),
                "nodes": graph.number_of_nodes(),
                "edges": graph.number_of_edges(),
                "total_weight": round(total, 6),
            }
        )
    return pd.DataFrame(rows)


def _scalar(value: Any) -> Any:
    """A GraphML/GEXF-safe value: str, int, float or bool (lists ``;``-joined)."""
    if isinstance(value, bool | str):
        return value
    if hasattr(value, "item") and not isinstance(value, list | tuple | set):
        value = value.item()  # numpy scalar
    if isinstance(value, bool | int | float):
        return value
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, list | tuple | set):
        items = sorted(value, key=str) if isinstance(value, set) else value
        return ";".join(str(v) for v in items)
    return str(value)


def _uniform(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Give every key one type across ``records`` (in place) and return its default.

    A key with both integers and floats becomes float, and one with text and
    numbers becomes text, so that each GraphML key and GEXF attribute has a
    single declared type. Numbers and flags get a default (``0``, ``0.0``,
    ``False``) that a reader assumes for an element without the key; text
    gets none, because an empty ``<default/>`` reads back as ``"None"`` in
    networkx; instead every element without a key gets the default or ``""``.
    """
    kinds: dict[str, set[type]] = defaultdict(set)
    for data in records:
        for key, value in data.items():
            kinds[key].add(type(value))
    defaults: dict[str, Any] = {}
    for key, types in sorted(kinds.items()):
        if types <= {bool}:
            target, default = bool, False
        elif types <= {int}:
            target, default = int, 0
        elif types <= {int, float}:
            target, default = float, 0.0
        else:
            target, default = str, None
        for data in records:
            if key not in data:
                data[key] = "" if default is None else default
            elif type(data[key]) is not target:
                data[key] = target(data[key])
        if default is not None:
            defaults[key] = default
    return defaults


def _export_copy(graph: nx.Graph) -> nx.Graph:
    """A copy ready for GraphML/GEXF: scalar, uniformly typed values with defaults.

    Every value becomes str, int, float or bool (lists are ``;``-joined, which
    Gephi and visone read as text), each attribute gets one type over all
    nodes or edges, and ``node_default``/``edge_default`` give each key a
    default that networkx writes as GraphML ``<default>`` (visone reads keys
    with defaults) and GEXF attribute defaults.
    """
    out = graph.copy()
    nodes = [data for _, data in out.nodes(data=True)]
    edges = [data for *_, data in out.edges(data=True)]
    for data in nodes + edges:
        for key in list(data):
            data[key] = _scalar(data[key])
    attrs = {
        k: _scalar(v) for k, v in out.graph.items() if k not in {"node_default", "edge_default"}
    }
    out.graph = attrs
    out.graph["node_default"] = _uniform(nodes)
    out.graph["edge_default"] = _uniform(edges)
    return out


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write GraphML (UTF-8) that Gephi, visone, igraph and graphology open, every attribute kept.

    Node ``label`` (Gephi's label column), ``label_en`` and ``label_ar`` hold
    the names; list attributes are ``;``-joined strings; every key declares
    one type and a default.
    """
    import networkx as nx

    path = Path(path)
    out = _export_copy(graph)
    out.graph["id"] = "G"  # a graph id, as yEd and visone write it
    nx.write_graphml(out, path, encoding="utf-8", prettyprint=True)
    return path


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 in plain UTF-8 (Arabic as text, not character references).

    networkx's ``lastmodifieddate`` stamp is left out, so the file depends
    only on the graph.
    """
    import io

    import networkx as nx

    path = Path(path)
    buffer = io.BytesIO()
    nx.write_gexf(_export_copy(graph), buffer, encoding="utf-8", version="1.2draft")
    text = buffer.getvalue().decode("utf-8")
    text = re.sub(r'\s+lastmodifieddate="[^"]*"', "", text)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


def write_networks(graphs: Mapping[str, nx.Graph], folder: str | Path) -> pd.DataFrame:
    """Write every graph as ``<name>.graphml`` and ``<name>.gexf`` and an edge CSV.

    Returns
    -------
    pandas.DataFrame
        The file names written (relative to ``folder``), sorted.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, graph in sorted(graphs.items()):
        write_graphml(graph, folder / f"{name}.graphml")
        write_gexf(graph, folder / f"{name}.gexf")
        edge_table(graph).to_csv(folder / f"{name}_edges.csv", index=False, lineterminator="\n")
        written += [f"{name}.graphml", f"{name}.gexf", f"{name}_edges.csv"]
    return pd.DataFrame({"file": sorted(written)})
