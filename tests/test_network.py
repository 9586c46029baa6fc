"""Tests for analysis.network on a small hand-made Arabic article.

The builder ``build_tables`` is also imported by test_charts and test_report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import networkx as nx
import pandas as pd
import pytest

from analysis import network
from analysis.errors import MawaqifError

SENTS = [
    (1, "title", "خلاف روسي أميركي بشأن ليبيا"),
    (2, "body", 'قال الجيش الأميركي الجمعة إن "روسيا تؤجج الصراع في ليبيا".'),
    (2, "body", "ونفت روسيا ذلك السبت."),
    (3, "body", "وقال الجيش الوطني الليبي إنه لم يتسلم طائرات من روسيا."),
    (3, "body", "وقالت وزارة الدفاع التونسية إن الولايات المتحدة شريك رئيسي."),
    (4, "body", "وحذرت فرنسا، وهي داعمة لحفتر، من حرب بلا نهاية."),
]


def _build():
    text, rows, last_para = "", [], None
    for i, (para, role, s) in enumerate(SENTS, 1):
        if last_para is not None:
            sep = " " if para == last_para else "\n"
            text += sep
        start = len(text)
        text += s
        rows.append(
            dict(sentence_id=i, paragraph_id=para, role=role, start=start, end=len(text), text=s)
        )
        last_para = para
    sentences = pd.DataFrame(rows)

    def span(sid, surface, nth=0):
        s = sentences.loc[sentences.sentence_id == sid].iloc[0]
        idx = -1
        for _ in range(nth + 1):
            idx = s.text.index(surface, idx + 1)
        return s.start + idx, s.start + idx + len(surface)

    m = []
    for aid, sid, surf, method in [
        ("rus", 1, "روسي", "nisba"),
        ("usa", 1, "أميركي", "nisba"),
        ("lby", 1, "ليبيا", "lexicon"),
        ("usa_military", 2, "الجيش الأميركي", "composed"),
        ("rus", 2, "روسيا", "lexicon"),
        ("lby", 2, "ليبيا", "lexicon"),
        ("rus", 3, "روسيا", "lexicon"),
        ("lna", 4, "الجيش الوطني الليبي", "lexicon"),
        ("rus", 4, "روسيا", "lexicon"),
        ("tun_defence_ministry", 5, "وزارة الدفاع التونسية", "composed"),
        ("usa", 5, "الولايات المتحدة", "lexicon"),
        ("fra", 6, "فرنسا", "lexicon"),
        ("khalifa_haftar", 6, "حفتر", "lexicon"),
    ]:
        a, b = span(sid, surf)
        m.append(
            dict(
                actor_id=aid,
                sentence_id=sid,
                start=a,
                end=b,
                surface=surf,
                method=method,
                confidence=0.9,
            )
        )
    mentions = pd.DataFrame(m).sort_values("start").reset_index(drop=True)
    mentions.insert(0, "mention_id", range(1, len(mentions) + 1))
    actors = pd.DataFrame(
        [
            ("fra", "France", "فرنسا", "state", "FRA", "", 1),
            ("khalifa_haftar", "Khalifa Haftar", "خليفة حفتر", "person", "LBY", "lna", 1),
            ("lby", "Libya", "ليبيا", "state", "LBY", "", 2),
            ("lna", "Libyan National Army", "الجيش الوطني الليبي", "armed_group", "LBY", "", 1),
            ("rus", "Russia", "روسيا", "state", "RUS", "", 4),
            ("tun", "Tunisia", "تونس", "state", "TUN", "", 0),
            (
                "tun_defence_ministry",
                "Tunisian Ministry of Defence",
                "وزارة الدفاع التونسية",
                "ministry",
                "TUN",
                "tun",
                1,
            ),
            ("usa", "United States", "الولايات المتحدة", "state", "USA", "", 2),
            ("usa_military", "US military", "الجيش الأميركي", "military", "USA", "usa", 1),
        ],
        columns=[
            "actor_id",
            "name_en",
            "name_ar",
            "actor_type",
            "country_code",
            "parent_id",
            "mention_count",
        ],
    )
    st = []

    def add_st(sid, speaker, verb, act, quote, kind, targets, date, resp):
        s = sentences.loc[sentences.sentence_id == sid].iloc[0]
        st.append(
            dict(
                sentence_id=sid,
                start=s.start,
                end=s.end,
                speaker_id=speaker,
                verb=verb,
                act=act,
                plover_type="",
                quote=quote,
                quote_kind=kind,
                target_ids=targets,
                date=date,
                responds_to=resp,
                confidence=0.8,
            )
        )

    add_st(
        2,
        "usa_military",
        "قال",
        "accuse",
        "روسيا تؤجج الصراع في ليبيا",
        "direct",
        "rus",
        "2020-05-29",
        "",
    )
    add_st(3, "rus", "نفت", "deny", "", "none", "usa_military", "2020-05-30", "1")
    add_st(4, "lna", "قال", "deny", "إنه لم يتسلم طائرات من روسيا", "indirect", "", "", "1")
    add_st(
        5,
        "tun_defence_ministry",
        "قالت",
        "support",
        "إن الولايات المتحدة شريك رئيسي",
        "indirect",
        "usa",
        "2020-05-30",
        "",
    )
    add_st(6, "fra", "حذرت", "warn", "من حرب بلا نهاية", "indirect", "", "2020-05-28", "")
    statements = pd.DataFrame(st)
    statements.insert(0, "statement_id", range(1, len(statements) + 1))
    sv = statements.set_index("statement_id")
    stances = pd.DataFrame(
        [
            (1, "usa_military", "rus", "negative", "act:accuse"),
            (2, "rus", "usa_military", "negative", "act:deny"),
            (3, "lna", "usa_military", "negative", "act:deny"),
            (4, "tun_defence_ministry", "usa", "positive", "cue:شريك"),
            ("", "fra", "khalifa_haftar", "positive", "narrator:داعمة"),
        ],
        columns=["statement_id", "source_id", "target_id", "polarity", "basis"],
    )
    stances["sentence_id"] = [
        int(sv.loc[s, "sentence_id"]) if s != "" else 6 for s in stances.statement_id
    ]
    stances["start"] = [
        int(sentences.loc[sentences.sentence_id == s, "start"].iloc[0]) for s in stances.sentence_id
    ]
    stances["end"] = [
        int(sentences.loc[sentences.sentence_id == s, "end"].iloc[0]) for s in stances.sentence_id
    ]
    stances.insert(0, "stance_id", range(1, len(stances) + 1))
    stances = stances[
        [
            "stance_id",
            "statement_id",
            "source_id",
            "target_id",
            "polarity",
            "sentence_id",
            "start",
            "end",
            "basis",
        ]
    ]
    return text, sentences, actors, mentions, statements, stances


def build_tables() -> SimpleNamespace:
    """Text and the five DESIGN.md tables of the fixture article."""
    text, sentences, actors, mentions, statements, stances = _build()
    return SimpleNamespace(
        text=text,
        sentences=sentences,
        actors=actors,
        mentions=mentions,
        statements=statements,
        stances=stances,
    )


def test_stance_network_edges_weights_signs_and_statement_ids():
    t = build_tables()
    graph = network.stance_network(t.stances, t.actors)
    assert graph.is_directed()
    edge = graph.edges["usa_military", "rus"]
    assert (edge["weight"], edge["sign"], edge["polarity"]) == (1, -1, "negative")
    assert edge["statement_ids"] == "1"
    assert graph.edges["tun_defence_ministry", "usa"]["sign"] == 1
    # narrator stance kept by default, without a statement id
    assert graph.edges["fra", "khalifa_haftar"]["statement_ids"] == ""
    assert graph.nodes["rus"]["name_ar"] == "روسيا"
    assert graph.nodes["rus"]["label"] == "Russia"


def test_stance_network_counts_repeated_stances_and_mixed_sign():
    t = build_tables()
    extra = t.stances.iloc[[0, 0]].copy()
    extra["stance_id"] = [6, 7]
    extra["polarity"] = ["negative", "positive"]
    extra["statement_id"] = [5, 5]
    graph = network.stance_network(pd.concat([t.stances, extra]), t.actors)
    edge = graph.edges["usa_military", "rus"]
    assert (edge["weight"], edge["negative"], edge["positive"]) == (3, 2, 1)
    assert edge["sign"] == -1 and edge["polarity"] == "mixed"
    assert edge["statement_ids"] == "1;5"


def test_stance_network_without_narrator_and_arabic_labels():
    t = build_tables()
    graph = network.stance_network(t.stances, t.actors, include_narrator=False, language="ar")
    assert not graph.has_edge("fra", "khalifa_haftar")
    assert graph.nodes["usa"]["label"] == "الولايات المتحدة"


def test_stance_network_unknown_polarity_raises():
    t = build_tables()
    bad = t.stances.assign(polarity="angry")
    with pytest.raises(MawaqifError, match="polarity"):
        network.stance_network(bad, t.actors)


def test_cooccurrence_network_sentence_and_paragraph():
    t = build_tables()
    by_sentence = network.cooccurrence_network(t.mentions, t.actors)
    assert not by_sentence.is_directed()
    assert by_sentence.edges["rus", "usa"]["weight"] == 1  # the title
    assert by_sentence.edges["lby", "rus"]["weight"] == 2  # title and sentence 2
    assert by_sentence.edges["lby", "rus"]["sentence_ids"] == "1;2"
    assert not by_sentence.has_edge("lna", "usa")
    by_paragraph = network.cooccurrence_network(
        t.mentions, t.actors, sentences=t.sentences, unit="paragraph"
    )
    assert by_paragraph.has_edge("lna", "usa")  # same paragraph 3
    # paragraphs 1 and 3; the sentences are those of either actor in a shared paragraph
    assert by_paragraph.edges["rus", "usa"]["weight"] == 2
    assert by_paragraph.edges["rus", "usa"]["sentence_ids"] == "1;4;5"
    assert by_paragraph.edges["rus", "usa_military"]["sentence_ids"] == "2;3"  # rus alone in 3
    with pytest.raises(MawaqifError):
        network.cooccurrence_network(t.mentions, t.actors, unit="paragraph")


def test_affiliations_claim_and_denials():
    t = build_tables()
    aff = network.affiliations(t.stances, t.statements)
    claim = aff.loc[aff["concept"] == "claim:1"].set_index("speaker_id")["qualifier"]
    assert claim.to_dict() == {"lna": -1, "rus": -1, "usa_military": 1}
    # narrator stances are not statements of a speaker
    assert "fra" not in set(aff["speaker_id"])
    assert list(aff.columns) == ["speaker_id", "concept", "qualifier", "statement_ids"]


def test_affiliations_denial_of_denial_affirms():
    t = build_tables()
    statements = t.statements.copy()
    statements.loc[statements["statement_id"] == 3, "responds_to"] = "2"
    aff = network.affiliations(t.stances, statements)
    claim = aff.loc[aff["concept"] == "claim:1"].set_index("speaker_id")["qualifier"]
    assert claim["lna"] == 1


def test_dna_network_congruence_and_conflict():
    t = build_tables()
    aff = network.affiliations(t.stances, t.statements)
    congruence = network.dna_network(aff, t.actors, kind="congruence")
    # both deny claim 1 and both are negative toward the US military
    edge = congruence.edges["lna", "rus"]
    assert edge["count"] == 2
    assert edge["concepts"] == "claim:1;target:usa_military"
    assert edge["statement_ids"] == "2;3"
    conflict = network.dna_network(aff, t.actors, kind="conflict")
    assert conflict.edges["rus", "usa_military"]["count"] == 1
    assert conflict.edges["lna", "usa_military"]["statement_ids"] == "1;3"
    assert not conflict.has_edge("lna", "rus")
    assert "tun_defence_ministry" in conflict  # isolate kept


def test_dna_network_normalizations():
    t = build_tables()
    aff = network.affiliations(t.stances, t.statements)
    # rus: claim:1 -1, target:usa_military -1 ; lna: the same two -> activity 2 each
    jac = network.dna_network(aff, t.actors, normalization="jaccard")
    assert jac.edges["lna", "rus"]["weight"] == pytest.approx(1.0)
    conflict = network.dna_network(aff, t.actors, kind="conflict", normalization="average")
    # usa_military activity 2 (claim:1 +1, target:rus -1), rus 2: 1 / 2
    assert conflict.edges["rus", "usa_military"]["weight"] == pytest.approx(0.5)
    cos = network.dna_network(aff, t.actors, kind="conflict", normalization="cosine")
    assert cos.edges["rus", "usa_military"]["weight"] == pytest.approx(0.5)
    sub = network.dna_network(aff, t.actors, kind="subtract")
    assert sub.edges["rus", "usa_military"]["weight"] == pytest.approx(-1.0)
    assert sub.edges["lna", "rus"]["weight"] == pytest.approx(2.0)
    no_isolates = network.dna_network(aff, t.actors, isolates=False)
    assert "tun_defence_ministry" not in no_isolates
    with pytest.raises(MawaqifError):
        network.dna_network(aff, t.actors, normalization="zscore")
    with pytest.raises(MawaqifError):
        network.dna_network(aff, t.actors, kind="friendship")


def test_write_graphml_keeps_arabic_labels_and_attributes(tmp_path):
    t = build_tables()
    graph = network.stance_network(t.stances, t.actors)
    path = network.write_graphml(graph, tmp_path / "s.graphml")
    raw = path.read_bytes()
    assert raw.startswith(b"<?xml") and "الجيش الأميركي".encode() in raw
    back = nx.read_graphml(path)
    assert back.is_directed()
    assert back.nodes["usa_military"]["label_ar"] == "الجيش الأميركي"
    assert back.nodes["usa_military"]["label"] == "US military"
    assert back.edges["usa_military", "rus"]["sign"] == -1
    assert back.edges["usa_military", "rus"]["statement_ids"] == "1"
    keys = {k.get("attr.name") for k in ET.parse(path).getroot().iter() if k.tag.endswith("key")}
    assert {"label", "name_ar", "weight", "sign", "statement_ids", "bases"} <= keys


def test_write_gexf_is_reproducible_and_readable(tmp_path):
    t = build_tables()
    graph = network.stance_network(t.stances, t.actors, language="ar")
    first = network.write_gexf(graph, tmp_path / "a.gexf").read_text(encoding="utf-8")
    second = network.write_gexf(graph, tmp_path / "b.gexf").read_text(encoding="utf-8")
    assert first == second
    assert "lastmodifieddate" not in first
    back = nx.read_gexf(tmp_path / "a.gexf")
    assert back.nodes["rus"]["label"] == "روسيا"
    assert back.edges["rus", "usa_military"]["weight"] == 1


def test_build_and_write_networks(tmp_path):
    t = build_tables()
    graphs = network.build_networks(t)
    assert sorted(graphs) == [
        "conflict_network",
        "congruence_network",
        "cooccurrence_network",
        "stance_network",
    ]
    files = network.write_networks(graphs, tmp_path)
    assert len(files) == 12
    assert (tmp_path / "stance_network_edges.csv").exists()
    summary = network.network_summary(graphs)
    assert summary.loc[summary["network"] == "stance_network", "directed"].item()
    edges = network.edge_table(graphs["stance_network"])
    assert list(edges[["source", "target"]].itertuples(index=False, name=None)) == sorted(
        edges[["source", "target"]].itertuples(index=False, name=None)
    )


GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}
GEXF_TYPES = {"boolean", "integer", "long", "float", "double", "string"}


def _odd_graph():
    """A graph with list, set, None, numpy and mixed int/float values and a missing key."""
    import numpy as np

    graph = nx.Graph(name="odd")
    graph.add_node("a", label="أ", tags=["x", "y"], size=np.int64(3))
    graph.add_node("b", label="ب", tags={"z"}, size=None)
    graph.add_edge("a", "b", weight=1, note=None)
    graph.add_edge("b", "c", weight=0.5)
    return graph


def test_write_graphml_keys_have_one_scalar_type_and_numeric_defaults(tmp_path):
    path = network.write_graphml(_odd_graph(), tmp_path / "odd.graphml")
    root = ET.parse(path).getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = {(k.get("for"), k.get("attr.name")): k for k in root.iter(f"{ns}key")}
    assert {k.get("attr.type") for k in keys.values()} <= GRAPHML_TYPES
    assert root.find(f"{ns}graph").get("id") == "G"
    # keys are declared before the graph element
    children = [child.tag for child in root]
    assert children.index(f"{ns}graph") > max(i for i, t in enumerate(children) if t == f"{ns}key")
    assert keys[("edge", "weight")].get("attr.type") == "double"  # 1 and 0.5: one type
    assert keys[("edge", "weight")].find(f"{ns}default").text == "0.0"
    assert keys[("node", "tags")].get("attr.type") == "string"
    # every node and edge carries every key of its kind
    for tag, kind in (("node", "node"), ("edge", "edge")):
        wanted = {k.get("id") for (scope, _), k in keys.items() if scope == kind}
        for element in root.iter(f"{ns}{tag}"):
            assert {d.get("key") for d in element.iter(f"{ns}data")} == wanted
    back = nx.read_graphml(path)
    assert back.nodes["a"]["tags"] == "x;y" and back.nodes["b"]["tags"] == "z"
    assert back.nodes["a"]["label"] == "أ" and back.edges["a", "b"]["weight"] == 1.0
    assert "None" not in back.graph.get("node_default", {}).values()


def test_write_gexf_is_plain_utf8_with_typed_attributes(tmp_path):
    t = build_tables()
    graph = network.stance_network(t.stances, t.actors, language="ar")
    path = network.write_gexf(graph, tmp_path / "s.gexf")
    text = path.read_text(encoding="utf-8")
    assert "&#" not in text and "الجيش الأميركي" in text  # Arabic as text
    root = ET.fromstring(text.encode("utf-8"))
    ns = "{http://www.gexf.net/1.2draft}"
    declared = {a.get("title"): a.get("type") for a in root.iter(f"{ns}attribute")}
    assert set(declared.values()) <= GEXF_TYPES
    assert {"label_en", "label_ar", "polarity", "sign", "statement_ids"} <= set(declared)
    for edge in root.iter(f"{ns}edge"):
        assert float(edge.get("weight")) > 0
    labels = {n.get("id"): n.get("label") for n in root.iter(f"{ns}node")}
    assert labels["usa_military"] == "الجيش الأميركي"
    back = nx.read_gexf(path)
    assert back.nodes["usa_military"]["label_en"] == "US military"
    assert back.edges["usa_military", "rus"]["sign"] == -1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_build_networks_node_attributes_match_node_attributes(language):
    # the networks read the actor table once; each node must still carry exactly
    # what node_attributes gives for its actor, also for one the table lacks
    t = build_tables()
    t.actors = t.actors.loc[t.actors["actor_id"] != "lby"].reset_index(drop=True)
    graphs = network.build_networks(t, language=language)
    nodes = [(n, d) for g in graphs.values() for n, d in g.nodes(data=True)]
    assert "lby" in {n for n, _ in nodes}
    for actor_id, data in nodes:
        assert data == network.node_attributes(actor_id, t.actors, language=language)
