"""Short articles written for these tests (not from any outlet), annotated by
reading them: which statements an analyst would code, with speaker and act.

They are not the seed, so they show how the rules carry to other text. The
test prints recall and act accuracy and asserts the issue's 90% targets with
a margin for these small samples."""

import pytest

from analysis import parse

ARTICLES = {
    "tests/heldout/iran_talks.txt": (
        "2025-06-02",
        [
            ("تتهم", "irn", "accuse"),
            ("اتهمت", "irn", "accuse"),
            ("وحذرت", "irn", "warn"),
            ("قال المتحدث", "esmaeil_baghaei", "claim"),
            ("وأضاف", "esmaeil_baghaei", "claim"),
            ("نفت", "usa_foreign_ministry", "deny"),
            ("وقالت إن الكرة", "usa_foreign_ministry", "claim"),
            ("وأعربت", "iaea", "concern"),
            ("وقال المدير", "rafael_grossi", "claim"),
            ("ودعت", "fra", "appeal"),
            ("ودعت", "gbr", "appeal"),
            ("ودعت", "deu", "appeal"),
            ("أعلن", "isr_military", "claim"),
            ("تبنت", "houthis", "claim"),
            ("وقال المتحدث العسكري", "yahya_saree", "claim"),
            ("ورحب", "antonio_guterres", "support"),
            ("مطالبا", "antonio_guterres", "appeal"),
            ("وأكدت", "hamas", "claim"),
            ("اتهم رئيس", "benjamin_netanyahu", "accuse"),
            ("وبحسب", "source_sources_arab", "claim"),
            ("وندد", "eu", "condemn"),
            ("وحمّل", "eu", "accuse"),
        ],
    ),
    "tests/heldout/syria_turkey.txt": (
        "2025-06-03",
        [
            ("تلوح", "tur", "threaten"),
            ("هدد", "erdogan", "threaten"),
            ("حذرت", "syr", "warn"),
            ("قوله", "source_source_syr_foreign_ministry", "claim"),
            ("وأفاد", "sohr", "claim"),
            ("اتهمت", "sdf", "accuse"),
            ("مؤكدة", "sdf", "claim"),
            ("وقال مسؤول", "source_official_usa", "claim"),
            ("أعلنت", "iraq_joint_operations_command", "claim"),
            ("دان", "un_security_council", "condemn"),
            ("وقالت مصادر", "lby_sources", "claim"),
            ("رفضت", "gnu", "reject"),
            ("وأكد المبعوث", "un_envoy_libya", "claim"),
        ],
    ),
}


def score(path: str, date: str, gold: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    result = parse(path, date=date)
    text = result.text
    rows = list(result.statements.itertuples())
    found = acts = 0
    used: set[int] = set()
    cursor: dict[str, int] = {}
    for anchor, speaker, act in gold:
        position = text.find(anchor, cursor.get(anchor, 0))
        assert position >= 0, anchor
        if anchor.startswith("ودعت"):  # one verb, three speakers: same anchor thrice
            cursor[anchor] = position
        else:
            cursor[anchor] = position + 1
        match = next(
            (
                r
                for r in rows
                if r.statement_id not in used
                and r.start - 1 <= position < r.end
                and r.speaker_id == speaker
            ),
            None,
        )
        if match is not None:
            used.add(match.statement_id)
            found += 1
            acts += match.act == act
    return found, acts, len(gold)


@pytest.mark.parametrize("path", sorted(ARTICLES))
def test_heldout_speakers_and_acts(path):
    date, gold = ARTICLES[path]
    found, acts, total = score(path, date, gold)
    print(f"\n{path}: speakers {found}/{total}, acts {acts}/{found}")
    assert found / total >= 0.75
    assert acts / max(found, 1) >= 0.85
