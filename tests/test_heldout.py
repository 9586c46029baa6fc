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
    "tests/heldout/sudan_khartoum.txt": (
        "2025-06-10",
        [
            ("يعلن", "sdn_military", "claim"),
            ("أعلن الجيش", "sdn_military", "claim"),
            ("اتهمت", "rsf", "accuse"),
            ("وقال المتحدث", "person_nbyl_abd_allh", "claim"),
            ("قالت قوات", "rsf", "claim"),
            ("وأفاد", "source_witnesses", "claim"),
            ("وقال مصدر", "source_source_medical", "claim"),
            ("ودعا", "abdel_fattah_al_burhan", "appeal"),
            ("حذر قائد", "mohamed_hamdan_dagalo", "warn"),
            ("وأعربت", "un", "concern"),
            ("وقال مكتب", "ocha", "claim"),
            ("وقالت وزارة", "usa_foreign_ministry", "claim"),
            ("ونفى", "source_official_sdn_foreign_ministry", "deny"),
        ],
    ),
    "tests/heldout/yemen_red_sea.txt": (
        "2025-06-08",
        [
            ("يتبنون", "houthis", "claim"),
            ("تبنت", "houthis", "claim"),
            ("وقالت إنها", "houthis", "claim"),
            ("وقال المتحدث العسكري", "yahya_saree", "claim"),
            ("وأكدت", "ukmto", "claim"),
            ("اتهم رئيس", "rashad_al_alimi", "accuse"),
            ("ونفت", "irn", "deny"),
            ("وقال المتحدث باسم", "source_spokesperson_irn_foreign_ministry", "claim"),
            ("وقال مسؤول", "source_official_usa", "claim"),
            ("وحذر", "hans_grundberg", "warn"),
            ("وقالت مصادر", "source_sources_local", "claim"),
            ("وقال سكان", "source_residents", "claim"),
        ],
    ),
    "tests/heldout/iraq_budget.txt": (
        "2025-06-11",
        [
            ("يدعو", "mohammed_shia_al_sudani", "appeal"),
            ("دعا رئيس", "mohammed_shia_al_sudani", "appeal"),
            ("محذرا", "mohammed_shia_al_sudani", "warn"),
            ("وقال السوداني", "mohammed_shia_al_sudani", "claim"),
            ("اتهم نواب", "source_members_sadrist_movement", "accuse"),
            ("وقال مصدر", "source_source_parliamentary", "claim"),
            ("وأكدت", "krg", "claim"),
            ("ورفض", "coordination_framework", "reject"),
            ("معتبرا", "coordination_framework", "claim"),
            ("حذر زعيم", "muqtada_al_sadr", "warn"),
            ("ونقلت", "source_official", "claim"),
            ("ورحبت", "unami", "support"),
            ("ودعت", "unami", "appeal"),
        ],
    ),
}

# Actors an analyst codes in the texts written for the actor rules (by reading them),
# and readings that would be wrong (the surname السوداني is no mention of Sudan).
ACTORS = {
    "tests/heldout/sudan_khartoum.txt": (
        {
            "sdn_military", "rsf", "person_nbyl_abd_allh", "source_witnesses",
            "source_source_medical", "afp", "abdel_fattah_al_burhan", "mohamed_hamdan_dagalo",
            "un", "ocha", "usa_foreign_ministry", "usa", "sau",
            "source_official_sdn_foreign_ministry",
        },
        set(),
    ),
    "tests/heldout/yemen_red_sea.txt": (
        {
            "houthis", "isr", "yahya_saree", "ukmto", "yemen_plc", "rashad_al_alimi", "irn",
            "irn_foreign_ministry", "source_spokesperson_irn_foreign_ministry", "yem",
            "source_official_usa", "usa_military", "hans_grundberg", "source_sources_local",
            "source_residents",
        },
        set(),
    ),
    "tests/heldout/iraq_budget.txt": (
        {
            "mohammed_shia_al_sudani", "irq_parliament", "sadrist_movement",
            "source_members_sadrist_movement", "source_source_parliamentary", "krg",
            "coordination_framework", "muqtada_al_sadr", "irq_news_agency", "source_official",
            "unami", "irq",
        },
        {"sdn"},
    ),
}  # fmt: skip


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


@pytest.mark.parametrize("path", sorted(ACTORS))
def test_heldout_actors(path):
    expected, wrong = ACTORS[path]
    found = set(parse(path, date=ARTICLES[path][0]).mentions["actor_id"])
    recall = len(expected & found) / len(expected)
    print(f"\n{path}: actors {len(expected & found)}/{len(expected)}, missed {expected - found}")
    assert recall >= 0.85
    assert not wrong & found
