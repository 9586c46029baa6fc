import pytest
from babel import Locale

from analysis import parse
from analysis.errors import MawaqifError
from analysis.lexicon import ACTOR_TYPES, load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_load_lexicon_has_every_un_member_and_observer(lexicon):
    states = lexicon.actors[lexicon.actors["actor_type"] == "state"]
    assert len(states) == 195
    assert {"pse", "vat", "usa", "rus", "lby", "ssd"} <= set(states["actor_id"])


def test_load_lexicon_state_names_come_from_cldr(lexicon):
    arabic = Locale("ar").territories
    row = lexicon.actors.set_index("actor_id").loc["tun"]
    assert row["name_ar"] == arabic["TN"]
    assert row["country_code"] == "TUN"


def test_load_lexicon_rows_are_valid(lexicon):
    actors = lexicon.actors
    assert actors["actor_id"].is_unique
    assert set(actors["actor_type"]) <= ACTOR_TYPES
    known = set(actors["actor_id"])
    assert all(p == "" or p in known for p in actors["parent_id"])


def test_load_lexicon_user_file_extends_and_versions(tmp_path, lexicon):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n"
        "  - actor_id: brigade_444\n"
        "    name_en: 444th Brigade\n"
        "    name_ar: اللواء 444 قتال\n"
        "    actor_type: armed_group\n"
        "    country_code: LBY\n"
        "    parent_id: lby\n"
        "    aliases: [اللواء 444]\n",
        encoding="utf-8",
    )
    mine = load_lexicon(path)
    assert mine.version != lexicon.version
    result = parse("عنوان\n\nوقال اللواء 444 إن الوضع هادئ.", lexicon=mine)
    assert list(result.mentions["actor_id"]) == ["brigade_444"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("actors: [1]", "entry 1: expected a mapping"),
        ("actors:\n  - {actor_id: X, name_en: a, name_ar: ب, actor_type: state}", "slug"),
        ("actors:\n  - {actor_id: x, name_en: a, name_ar: ب, actor_type: tribe}", "actor_type"),
        (
            "actors:\n  - {actor_id: x, name_en: a, name_ar: ب, actor_type: party, "
            "country_code: Libya}",
            "alpha-3",
        ),
        (
            "actors:\n  - {actor_id: x, name_en: a, name_ar: ب, actor_type: party, "
            "parent_id: nowhere}",
            "parent_id 'nowhere'",
        ),
        (
            "actors:\n  - {actor_id: x, name_en: a, name_ar: ب, actor_type: party}\n"
            "  - {actor_id: x, name_en: a, name_ar: ب, actor_type: party}",
            "duplicate",
        ),
        ("actors:\n  - {actor_id: x, name_en: a, actor_type: party}", "name_ar is required"),
        ("actors: [", "not valid UTF-8 YAML"),
        ("just text", "'actors' list"),
    ],
)
def test_load_lexicon_malformed_user_file_names_entry(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(MawaqifError, match=message) as info:
        load_lexicon(path)
    assert "\n" not in str(info.value)


def test_load_lexicon_missing_user_file(tmp_path):
    with pytest.raises(MawaqifError, match="not found"):
        load_lexicon(tmp_path / "nope.yaml")


def test_load_lexicon_no_alias_key_starts_with_a_proclitic_of_another(lexicon):
    assert "لرويترز" not in lexicon.entries
    assert "لوكاله رويترز" not in lexicon.entries
    assert "رويترز" in lexicon.entries


def test_load_lexicon_user_alias_with_proclitic_is_dropped(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n"
        "  - actor_id: sputnik\n"
        "    name_en: Sputnik\n"
        "    name_ar: وكالة سبوتنيك\n"
        "    actor_type: media\n"
        "    aliases: [سبوتنيك, لسبوتنيك, لوكالة سبوتنيك]\n",
        encoding="utf-8",
    )
    result = parse("عنوان\n\nوصرح لسبوتنيك ولوكالة سبوتنيك بأنه سيرد.", lexicon=load_lexicon(path))
    assert list(result.mentions["surface"]) == ["سبوتنيك", "وكالة سبوتنيك"]


def test_prune_cache_keeps_the_newest_compiled_lexicons(tmp_path):
    import os

    from analysis import lexicon as lexicon_module

    for i in range(lexicon_module._CACHE_KEEP + 3):
        path = tmp_path / f"lexicon-{i:02d}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "other.txt").write_text("kept")
    lexicon_module._prune_cache(tmp_path)
    left = sorted(p.name for p in tmp_path.glob("lexicon-*.pickle"))
    newest = [f"lexicon-{i:02d}.pickle" for i in range(3, lexicon_module._CACHE_KEEP + 3)]
    assert left == newest
    assert (tmp_path / "other.txt").exists()


@pytest.mark.parametrize(
    ("surface", "actor_id", "gender"),
    [
        ("قوات الدعم السريع", "rsf", "f"),
        ("الدعم السريع", "rsf", ""),  # والدعم السريع ينفي، قالت الدعم السريع
        ("الأمم المتحدة", "un", "f"),
        ("الصليب الأحمر", "icrc", ""),
    ],
)
def test_organisation_alias_gender_follows_its_head_noun(surface, actor_id, gender):
    from analysis.text import fold_term

    folded = fold_term(surface)
    key = folded[2:] if surface.startswith("ال") else folded
    entries = [e for e in load_lexicon().entries[key] if e.actor_id == actor_id]
    assert [e.gender for e in entries] == [gender]


def test_entries_lookup_gives_entries_and_survives_pickling():
    import pickle

    from analysis.lexicon import Entries, Entry

    entries = Entries({"روسيا": (("rus", "state", "any", "f", (), (), ""),)})
    assert "روسيا" in entries and "فرنسا" not in entries and len(entries) == 1
    (entry,) = entries["روسيا"]
    assert isinstance(entry, Entry) and entry.actor_id == "rus" and entry.method == "state"
    assert entries.get("فرنسا", ()) == ()
    again = pickle.loads(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
    assert dict(again) == dict(entries) and list(again) == ["روسيا"]
    lexicon = load_lexicon()
    assert all(isinstance(e, Entry) for e in lexicon.entries["رويترز"])
