import pytest

from analysis.actors import extract_actors, romanise
from analysis.lexicon import load_lexicon
from analysis.mentions import _Coverage
from analysis.text import read_article

SEED = "seeds/000_4e5fc412234f2c9f.txt"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def find(text, lexicon):
    """Actors and mentions of a one-paragraph text (title line added)."""
    article = read_article("عنوان\n\n" + text)
    return extract_actors(article, lexicon)


def ids(text, lexicon):
    return list(find(text, lexicon)[1]["actor_id"])


def test_extract_actors_offsets_point_at_surface(lexicon):
    article = read_article(SEED)
    actors, mentions = extract_actors(article, lexicon)
    assert len(mentions) > 20
    for row in mentions.itertuples():
        assert article.text[row.start : row.end] == row.surface
    assert mentions["start"].is_monotonic_increasing
    assert set(mentions["actor_id"]) <= set(actors["actor_id"])


def test_extract_actors_parents_resolve(lexicon):
    actors, _ = extract_actors(read_article(SEED), lexicon)
    known = set(actors["actor_id"])
    assert all(p == "" or p in known for p in actors["parent_id"])


def test_extract_actors_spelling_variants_meet(lexicon):
    for spelling in ["الأميركي", "الأمريكي", "الاميركي"]:
        assert ids(f"قال الجيش {spelling} إن الوضع هادئ.", lexicon) == ["usa_military"]


def test_extract_actors_multiword_actor_swallows_its_nisba(lexicon):
    _, mentions = find("قال الجيش الأميركي إن الوضع هادئ.", lexicon)
    assert list(mentions["surface"]) == ["الجيش الأميركي"]


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [
        ("وصلت أسلحة لليبيا أمس.", "ليبيا", "lby"),
        ("تحدث الرئيس عن التعاون والولايات المتحدة.", "الولايات المتحدة", "usa"),
        ("أرسلت رسالة للولايات المتحدة.", "ولايات المتحدة", "usa"),
        ("اندلعت الحروب الصليبية قديما.", None, None),
        ("تدفق المقاتلين الليبيين مستمر.", "الليبيين", "lby_people"),
        ("قتل مقاتلون ليبيون أمس.", "مقاتلون ليبيون", "lby_fighters"),
        ("رصد نشاط روسي في المنطقة.", "روسي", "rus"),
        ("تخشى المملكة العربية السعودية التصعيد.", "المملكة العربية السعودية", "sau"),
    ],
)
def test_extract_actors_clitics_and_nisba(lexicon, text, surface, actor_id):
    _, mentions = find(text, lexicon)
    if surface is None:
        assert mentions.empty
    else:
        row = mentions.iloc[0]
        assert (row.surface, row.actor_id) == (surface, actor_id)


def test_extract_actors_composed_institutions(lexicon):
    assert ids("قالت وزارة الدفاع التونسية إن الوضع هادئ.", lexicon) == ["tun_defence_ministry"]
    assert ids("ودائما ما ينفي الجيش التونسي ذلك.", lexicon) == ["tun_military"]
    assert ids("وقالت الخارجية الأمريكية إن الوضع هادئ.", lexicon) == ["usa_foreign_ministry"]
    actors, _ = find("وقالت وزارة الخارجية المصرية إن الوضع هادئ.", lexicon)
    row = actors.set_index("actor_id").loc["egy_foreign_ministry"]
    assert row.actor_type == "ministry" and row.country_code == "EGY"


def test_extract_actors_capital_metonym_only_when_acting(lexicon):
    assert ids("واتهمت موسكو أنقرة بخرق الاتفاق.", lexicon) == ["rus", "tur"]
    assert ids("وعقد الاجتماع في موسكو أمس.", lexicon) == []
    assert ids("ووصل الوفد إلى طهران أمس.", lexicon) == []
    article = read_article("عنوان\n\nطهران - قال مسؤول إن الوضع هادئ.")
    assert "irn" not in set(extract_actors(article, lexicon)[1]["actor_id"])


def test_extract_actors_qaeda_base_vs_group(lexicon):
    assert "al_qaeda" not in ids("وأشار إلى حوار القاعدة ووزارة الدفاع.", lexicon)
    assert "al_qaeda" not in ids("وصلت الطائرات إلى القاعدة الجوية.", lexicon)
    assert "al_qaeda" in ids("وأعلن تنظيم القاعدة مسؤوليته عن الهجوم.", lexicon)


def test_extract_actors_dawla_state_vs_isis(lexicon):
    assert ids("وقالت الدولة إنها سترد.", lexicon) == []
    assert "isis" in ids("وتبنى تنظيم الدولة الإسلامية الهجوم.", lexicon)
    assert "isis" in ids("وهاجم مسلحو داعش القرية.", lexicon)


def test_extract_actors_rank_before_name_is_a_person(lexicon):
    actors, mentions = find("وقال اللواء احمد المسماري في مؤتمر صحفي إن الوضع هادئ.", lexicon)
    assert list(mentions["surface"]) == ["احمد المسماري"]
    assert actors.iloc[0]["actor_type"] == "person"
    assert ids("وقال إن اللواء الامني وحدة تدريب صغيرة.", lexicon) == []


def test_extract_actors_spokesman_affiliation(lexicon):
    actors, _ = find("وقال العقيد محمد قنونو المتحدث باسم الجيش التونسي إن الوضع هادئ.", lexicon)
    person = actors[actors["actor_type"] == "person"].iloc[0]
    assert person["parent_id"] == "tun_military"


def test_extract_actors_office_and_name_are_one_mention(lexicon):
    actors, mentions = find("وقال وزير الخارجية العماني بدر البوسعيدي إن الحوار مستمر.", lexicon)
    assert len(mentions) == 1
    person = actors.set_index("actor_id").loc[mentions.iloc[0]["actor_id"]]
    assert person["actor_type"] == "person"


def test_extract_actors_unnamed_sources(lexicon):
    text = (
        "وحذر دبلوماسي غربي من التصعيد. وقال دبلوماسي غربي آخر إن الوضع خطير. "
        "وقال مصدر في القنصلية السعودية إن الوفد وصل. ونفى عضو بالبرلمان الروسي ذلك."
    )
    actors, mentions = find(text, lexicon)
    people = mentions[mentions["method"] == "unnamed"]
    assert people["actor_id"].nunique() == 4
    parents = actors.set_index("actor_id")["parent_id"]
    assert set(parents[people["actor_id"]]) >= {"sau_consulate", "rus_parliament"}


def test_extract_actors_groups_of_officials(lexicon):
    actors, mentions = find("وكان مسؤولون روس وأتراك تحدثوا الأسبوع الماضي.", lexicon)
    groups = mentions[mentions["method"] == "unnamed"]
    codes = set(actors.set_index("actor_id").loc[groups["actor_id"], "country_code"])
    assert codes == {"RUS", "TUR"}


def test_extract_actors_short_form_resolves_to_last_army(lexicon):
    text = "وقال الجيش التونسي إن الوضع هادئ. وأضاف أن الجيش لم يتسلم طائرات."
    _, mentions = find(text, lexicon)
    assert list(mentions["actor_id"]) == ["tun_military", "tun_military"]
    assert mentions.iloc[1]["method"] == "coreference"


def test_extract_actors_short_form_left_alone_when_ambiguous(lexicon):
    text = "قال الجيش التونسي والجيش الجزائري إن الوضع هادئ. وأضاف أن الجيش لم يتحرك."
    assert "coreference" not in set(find(text, lexicon)[1]["method"])


def test_extract_actors_repeated_caption_counted_once(lexicon):
    article = read_article(
        "عنوان\n\nقال الجيش التونسي إن الوضع هادئ.\nتركيا في ليبيا\nتركيا في ليبيا\n"
    )
    actors, mentions = extract_actors(article, lexicon)
    assert actors.set_index("actor_id").loc["tur", "mention_count"] == 1


def test_romanise_is_ascii_slug():
    assert romanise("عبد الله") == "abd_allh"


def test_extract_actors_office_of_organisation_then_name(lexicon):
    actors, mentions = find("وقال الأمين العام لحلف شمال الأطلسي مارك روته إن الحلف موحد.", lexicon)
    people = actors[actors["actor_type"] == "person"]
    assert len(people) == 1
    assert "person_llamm_almthdh" not in set(mentions["actor_id"])
    _, mentions = find("وقال المدير العام للوكالة سامي الخطيب إن التفتيش مستمر.", lexicon)
    assert list(mentions["surface"]) == ["سامي الخطيب"]


def test_extract_actors_named_spokesperson_after_organisation(lexicon):
    text = "وقال المتحدث باسم الجيش التونسي محمد زكري إن الوضع هادئ."
    actors, mentions = find(text, lexicon)
    assert "unnamed" not in set(mentions["method"])
    person = actors.set_index("actor_id").loc["person_mhmd_zkry"]
    assert person["parent_id"] == "tun_military"


def test_extract_actors_unnamed_spokesperson(lexicon):
    actors, mentions = find("وقال المتحدث باسم وزارة الدفاع التركية إن العملية مستمرة.", lexicon)
    spokes = mentions[mentions["method"] == "unnamed"]
    assert len(spokes) == 1
    assert actors.set_index("actor_id").loc[spokes.iloc[0]["actor_id"], "parent_id"] == (
        "tur_defence_ministry"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وتتسم السياسة الخارجية الأمريكية بالتردد.", ["usa"]),
        ("ورفض التدخل في الشؤون الداخلية اللبنانية.", ["lbn"]),
        ("وقالت الخارجية الأمريكية إن الوضع هادئ.", ["usa_foreign_ministry"]),
        ("وأعلنت الداخلية العراقية اعتقال خلية.", ["irq_interior_ministry"]),
    ],
)
def test_extract_actors_adjectival_head_after_a_noun(lexicon, text, expected):
    assert ids(text, lexicon) == expected


def test_coverage_agrees_with_a_scan_of_every_span():
    import random

    rng = random.Random(7)
    spans = [(s, s + rng.randint(1, 12)) for s in (rng.randint(0, 200) for _ in range(60))]
    covered = _Coverage(spans)
    for _ in range(500):
        start = rng.randint(0, 210)
        end = start + rng.randint(1, 8)
        expected = any(s <= start and end <= e for s, e in spans)
        assert covered.covers(start, end) == expected
    assert not _Coverage([]).covers(0, 1)


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [
        ("وقال لرويترز إن الوضع هادئ.", "رويترز", "reuters"),
        ("وقال لوكالة رويترز إن الوضع هادئ.", "وكالة رويترز", "reuters"),
        ("وفي تصريح لفرانس برس قال إن الوضع هادئ.", "فرانس برس", "afp"),
        ("وقال لـالعربي الجديد إن الوضع هادئ.", "العربي الجديد", "al_araby_al_jadeed"),
        ("وقال لقناة الجزيرة إن الوضع هادئ.", "قناة الجزيرة", "al_jazeera"),
        ("ولروسيا مصالح في المنطقة.", "روسيا", "rus"),
        ("واتصل بالجيش الأمريكي أمس.", "الجيش الأمريكي", "usa_military"),
        ("فالجيش الأمريكي لم يرد.", "الجيش الأمريكي", "usa_military"),
        ("وأرسل رسالة لحزب الله أمس.", "حزب الله", "hezbollah"),
        ("واتصل وبحماس والجهاد.", "حماس", "hamas"),
        ("وكالولايات المتحدة تفعل روسيا.", "الولايات المتحدة", "usa"),
    ],
)
def test_extract_actors_surface_excludes_proclitic(lexicon, text, surface, actor_id):
    article = read_article("عنوان\n\n" + text)
    _, mentions = extract_actors(article, lexicon)
    row = mentions.iloc[0]
    assert (row.surface, row.actor_id) == (surface, actor_id)
    assert article.text[row.start : row.end] == surface


def test_family_names_nisba_surname_refers_back_to_the_person(lexicon):
    text = (
        "وقال رئيس الوزراء العراقي محمد شياع السوداني إن الحكومة ملتزمة. "
        "وأضاف السوداني أن الانتخابات في موعدها."
    )
    _, mentions = find(text, lexicon)
    assert "sdn" not in set(mentions["actor_id"])
    assert list(mentions["surface"]) == ["محمد شياع السوداني", "السوداني"]
    assert mentions.iloc[1]["actor_id"] == mentions.iloc[0]["actor_id"]
    assert mentions.iloc[1]["method"] == "coreference"


def test_family_names_nisba_after_a_given_name_is_a_person(lexicon):
    actors, mentions = find("وقال أحمد اليمني إن القصف مستمر.", lexicon)
    assert list(mentions["surface"]) == ["أحمد اليمني"]
    assert actors.set_index("actor_id").loc[mentions.iloc[0]["actor_id"], "actor_type"] == "person"
    _, mentions = find("وقال عبد الله المصري إن الحكومة مستقيلة.", lexicon)
    assert list(mentions["surface"]) == ["عبد الله المصري"]


def test_family_names_nisba_read_into_a_titled_name(lexicon):
    _, mentions = find("وقال العقيد رامي العراقي إن الوضع هادئ.", lexicon)
    assert list(mentions["surface"]) == ["رامي العراقي"]
    assert list(mentions["method"]) == ["discovered"]


def test_family_names_adjective_after_a_definite_noun_stays_a_country(lexicon):
    text = "وقال محمد شياع السوداني إن الحكومة ملتزمة. وقال الرئيس السوداني إن الشعب السوداني صامد."
    found = ids(text, lexicon)
    assert "mohammed_shia_al_sudani" in found
    assert "sdn_president" in found
    assert found.count("mohammed_shia_al_sudani") == 1


def test_family_names_shared_surname_is_no_country_and_no_guess(lexicon):
    text = (
        "وقال محمد شياع السوداني إن الحكومة ملتزمة. وقال أحمد السوداني إن الوضع هادئ. "
        "واتصل السوداني بالوزير."
    )
    _, mentions = find(text, lexicon)
    assert list(mentions["surface"]) == ["محمد شياع السوداني", "أحمد السوداني"]


def test_family_names_surname_of_a_discovered_person(lexicon):
    text = "وقال العميد سامي الحداد إن القوات تقدمت. وأضاف الحداد أن المعارك مستمرة."
    _, mentions = find(text, lexicon)
    assert list(mentions["surface"]) == ["سامي الحداد", "الحداد"]
    assert mentions["actor_id"].nunique() == 1


def test_family_names_office_is_no_name(lexicon):
    text = "وقال الأمين العام للأمم المتحدة إن الوضع خطير. وقال العام الماضي إن الوضع هادئ."
    assert "coreference" not in set(find(text, lexicon)[1]["method"])


@pytest.mark.parametrize(
    ("text", "surface", "actor_id", "actor_type"),
    [
        ("وقال مصدر مسؤول إن الاتفاق قريب.", "مصدر مسؤول", "source_source_official", "person"),
        ("وقال مصدر أمني إن الهجوم أحبط.", "مصدر أمني", "source_source_security", "person"),
        ("وذكرت مصادر محلية أن القصف استمر.", "مصادر محلية", "source_sources_local", "people"),
        (
            "وقالت مصادر مطلعة إن المحادثات تعثرت.",
            "مصادر مطلعة",
            "source_sources_informed",
            "people",
        ),
        (
            "وقالت مصادر دبلوماسية إن الاجتماع أجل.",
            "مصادر دبلوماسية",
            "source_sources_diplomatic",
            "people",
        ),
        ("وأفاد شهود عيان بسماع انفجارات.", "شهود عيان", "source_witnesses", "people"),
        ("وقال شاهد عيان إن المسلحين دخلوا القرية.", "شاهد عيان", "source_witness", "person"),
        ("وقال مسؤول كبير إن الوضع مقلق.", "مسؤول كبير", "source_official_senior", "person"),
        (
            "وقال مسؤول أمني كبير إن الوضع مقلق.",
            "مسؤول أمني كبير",
            "source_official_security",
            "person",
        ),
        ("وقال ناشطون إن القوات قصفت السوق.", "ناشطون", "source_activists", "people"),
        ("وقال سكان محليون إن الكهرباء مقطوعة.", "سكان محليون", "source_residents_local", "people"),
        ("وقال مسؤول لرويترز إن الوضع هادئ.", "مسؤول", "source_official", "person"),
        ("وبحسب مصادر فإن الاجتماع تأجل.", "مصادر", "source_sources", "people"),
        ("ووفقا لمصادر طبية فإن الحصيلة ارتفعت.", "مصادر طبية", "source_sources_medical", "people"),
        (
            "وقال مصدر رفيع المستوى إن الوفد وصل.",
            "مصدر رفيع المستوى",
            "source_source_senior",
            "person",
        ),
    ],
)
def test_discover_sources_described_and_bare(lexicon, text, surface, actor_id, actor_type):
    actors, mentions = find(text, lexicon)
    unnamed = mentions[mentions["method"] == "unnamed"]
    assert list(zip(unnamed["surface"], unnamed["actor_id"], strict=True)) == [(surface, actor_id)]
    assert actors.set_index("actor_id").loc[actor_id, "actor_type"] == actor_type


@pytest.mark.parametrize(
    "text",
    [
        "وهو مسؤول عن أمن المنطقة.",
        "وعلى كل مسؤول أن يتحمل مسؤوليته.",
        "ويشكل ذلك مصدر قلق كبير.",
        "وتعتمد البلاد على مصادر الطاقة.",
        "وبلغ عدد سكان المدينة مليونا.",
        "وتعمل منظمة أطباء بلا حدود في المنطقة.",
    ],
)
def test_discover_sources_role_words_that_are_no_source(lexicon, text):
    assert "unnamed" not in set(find(text, lexicon)[1]["method"])


def test_discover_sources_another_source_with_a_descriptor_is_a_second_actor(lexicon):
    text = "وقال مصدر أمني إن الهجوم أحبط. وأكد مصدر أمني آخر أن المهاجمين فروا."
    _, mentions = find(text, lexicon)
    assert list(mentions["actor_id"]) == ["source_source_security", "source_source_security_2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وقال مسؤول أمريكي إن واشنطن قلقة. وأشار المسؤول، الذي طلب عدم الكشف عن هويته، "
            "إلى أن المحادثات ستستأنف.",
            [
                ("مسؤول أمريكي", "source_official_usa", "unnamed"),
                ("المسؤول", "source_official_usa", "coreference"),
            ],
        ),
        (
            "وقال مصدر أمني إن الهجوم أحبط. وأضاف المصدر أن المهاجمين فروا.",
            [
                ("مصدر أمني", "source_source_security", "unnamed"),
                ("المصدر", "source_source_security", "coreference"),
            ],
        ),
        (  # "the one responsible for": no source
            "وقال مسؤول أمريكي إن واشنطن قلقة. ولم يعرف المسؤول عن الهجوم.",
            [("مسؤول أمريكي", "source_official_usa", "unnamed")],
        ),
        (  # no earlier source of that role
            "وقال دبلوماسي غربي إن المحادثات مستمرة. وقال المسؤول إن الوفد وصل.",
            [("دبلوماسي غربي", "source_diplomat_western", "unnamed")],
        ),
    ],
)
def test_definite_sources_name_the_last_source_of_their_role(lexicon, text, expected):
    _, mentions = find(text, lexicon)
    rows = mentions[mentions["actor_id"].str.startswith("source_")]
    assert list(zip(rows["surface"], rows["actor_id"], rows["method"], strict=True)) == expected
    for row in mentions.itertuples():
        assert ("عنوان\n\n" + text)[row.start : row.end] == row.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("التقى الوزير نظيره الأردني في عمان.", [("نظيره الأردني", "source_counterpart_jor")]),
        ("واتصلت الوزيرة بنظيرتها الألمانية.", [("نظيرتها الألمانية", "source_counterpart_f_deu")]),
        (  # a name after it: the named person, and the title before stays the minister
            "والتقى وزير الخارجية المصري نظيره الأردني أيمن الصفدي.",
            [
                ("وزير الخارجية المصري", "egy_foreign_minister"),
                ("الأردني", "jor"),
                ("أيمن الصفدي", "ayman_safadi"),
            ],
        ),
    ],
)
def test_discover_sources_counterpart_is_no_name(lexicon, text, expected):
    _, mentions = find(text, lexicon)
    assert list(zip(mentions["surface"], mentions["actor_id"], strict=True)) == expected


@pytest.mark.parametrize(
    ("text", "actor_id", "name_en", "parent_id"),
    [
        (
            "واتهم مستشار قائد قوات الدعم السريع الجيش بقصف الأحياء.",
            "source_adviser_mohamed_hamdan_dagalo",
            "Adviser of Mohamed Hamdan Dagalo (Hemedti)",
            "mohamed_hamdan_dagalo",
        ),
        (
            "وقال عضو البرلمان الليبي إن الجلسة تأجلت.",
            "source_member_lby_parliament",
            "Member of the Libyan House of Representatives",
            "lby_parliament",
        ),
    ],
)
def test_discover_sources_role_in_construct_with_an_actor(
    lexicon, text, actor_id, name_en, parent_id
):
    actors, mentions = find(text, lexicon)
    assert mentions["actor_id"].iloc[0] == actor_id
    row = actors.set_index("actor_id").loc[actor_id]
    assert (row["name_en"], row["parent_id"]) == (name_en, parent_id)


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [
        ("وأكد الجانب الألماني دعمه.", "الألماني", "deu"),
        ("وقال مسؤول ألماني إن برلين قلقة.", "مسؤول ألماني", "source_official_deu"),
        ("وصل الوفد إلى ألبانيا.", "ألبانيا", "alb"),
        ("وقالت الإمارات إن الوفد وصل.", "الإمارات", "are"),
    ],
)
def test_names_starting_with_hamza_alef_are_not_definite(lexicon, text, surface, actor_id):
    _, mentions = find(text, lexicon)
    assert (surface, actor_id) in set(zip(mentions["surface"], mentions["actor_id"], strict=True))


def test_discover_sources_one_mention_for_a_role_used_as_descriptor(lexicon):
    _, mentions = find("وقال مسؤول عسكري أمريكي إن القوات انسحبت.", lexicon)
    assert list(mentions["surface"]) == ["مسؤول عسكري أمريكي"]
    assert list(mentions["actor_id"]) == ["source_official_usa"]


def test_discover_sources_feminine_role_agrees_feminine(lexicon):
    _, mentions = find("وقالت مسؤولة أممية إن المساعدات توقفت.", lexicon)
    assert list(mentions["gender"]) == ["f"]


def test_resolve_short_forms_prefers_the_actor_named_with_the_noun(lexicon):
    text = (
        "وأعلن الجيش السوداني استعادة مواقع، فيما قالت قوات الدعم السريع إن طائرات الجيش قصفت سوقا."
    )
    _, mentions = find(text, lexicon)
    short = mentions[mentions["method"] == "coreference"]
    assert list(zip(short["surface"], short["actor_id"], strict=True)) == [
        ("الجيش", "sdn_military")
    ]


def test_resolve_short_forms_named_noun_beyond_the_window(lexicon):
    text = (
        "وقال الجيش السوداني إن الوضع هادئ. وتواصلت الاشتباكات. وارتفعت الأسعار. "
        "ونزح آلاف السكان. وأضاف أن الجيش لم يتراجع."
    )
    _, mentions = find(text, lexicon)
    assert list(mentions["actor_id"]) == ["sdn_military", "sdn_military"]


def test_resolve_short_forms_two_named_armies_beyond_the_window_stay_open(lexicon):
    text = (
        "وقال الجيش السوداني والجيش التشادي إن الحدود هادئة. وتواصلت الاشتباكات. "
        "وارتفعت الأسعار. ونزح آلاف السكان. وأضاف أن الجيش لم يتراجع."
    )
    assert "coreference" not in set(find(text, lexicon)[1]["method"])


def test_resolve_short_forms_army_is_never_a_militia_named_otherwise(lexicon):
    text = "قالت قوات الدعم السريع إن الوضع هادئ. واتهم حميدتي الجيش بعرقلة السلام."
    _, mentions = find(text, lexicon)
    assert "coreference" not in set(mentions["method"])


def test_resolve_short_forms_army_is_an_armed_group_named_so(lexicon):
    text = "وقال الجيش الوطني الليبي إن الوضع هادئ. وأضاف أن الجيش لم يتسلم طائرات."
    _, mentions = find(text, lexicon)
    short = mentions[mentions["method"] == "coreference"]
    assert list(short["actor_id"]) == ["lna"]


def test_resolve_short_forms_forces_are_not_taken_by_name(lexicon):
    text = "وقال الجيش السوداني إن قوات الدعم السريع انسحبت. وقال المتحدث إن القوات تقدمت."
    _, mentions = find(text, lexicon)
    assert "rsf" not in set(mentions.loc[mentions["method"] == "coreference", "actor_id"])


def test_family_names_headline_names_the_person_first(lexicon):
    article = read_article(
        "السوداني يدعو البرلمان إلى إقرار الموازنة\n\n"
        "دعا رئيس الوزراء العراقي محمد شياع السوداني مجلس النواب إلى إقرار الموازنة."
    )
    _, mentions = extract_actors(article, lexicon)
    assert set(mentions["actor_id"]) == {"mohammed_shia_al_sudani"}


def test_discover_sources_members_for_a_party(lexicon):
    actors, mentions = find("واتهم نواب عن التيار الصدري الحكومة بالتقصير.", lexicon)
    unnamed = mentions[mentions["method"] == "unnamed"]
    assert list(unnamed["surface"]) == ["نواب عن التيار الصدري"]
    assert actors.set_index("actor_id").loc[unnamed.iloc[0]["actor_id"], "parent_id"] == (
        "sadrist_movement"
    )


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("ووفقا للمتحدث باسم وزارة الدفاع التركية فإن العملية مستمرة.", "متحدث باسم"),
        ("واتصل بالمتحدث باسم وزارة الدفاع التركية.", "المتحدث باسم"),
        ("وقال المتحدث باسم وزارة الدفاع التركية إن العملية مستمرة.", "المتحدث باسم"),
    ],
)
def test_attach_spokespeople_surface_excludes_proclitic(lexicon, text, surface):
    article = read_article("عنوان\n\n" + text)
    _, mentions = extract_actors(article, lexicon)
    row = mentions[mentions["method"] == "unnamed"].iloc[0]
    assert row.surface == surface
    assert article.text[row.start : row.end] == surface


@pytest.mark.parametrize(
    "text",
    [
        "وتبحث الحكومة عن مصادر تمويل جديدة.",
        "وتحدث الوزير عن مصادر بديلة للطاقة.",
    ],
)
def test_discover_sources_bare_role_in_a_construct_is_no_source(lexicon, text):
    assert "unnamed" not in set(find(text, lexicon)[1]["method"])


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("ونقل التلفزيون عن مصدر قوله إن الوفد وصل.", "مصدر"),
        ("وقال مسؤول للصحفيين إن الاتفاق قريب.", "مسؤول"),
        ("وقالت مصادر، طلبت عدم ذكر اسمها، إن الاتفاق قريب.", "مصادر"),
        ("وقال مسؤول أمس إن الوضع هادئ.", "مسؤول"),
    ],
)
def test_discover_sources_bare_role_where_the_phrase_ends(lexicon, text, surface):
    _, mentions = find(text, lexicon)
    assert list(mentions.loc[mentions["method"] == "unnamed", "surface"]) == [surface]


def test_attach_spokespeople_of_a_resolved_short_form_with_a_rank(lexicon):
    text = (
        "وقال الجيش السوداني إن الوضع هادئ. "
        "وقال المتحدث باسم الجيش العميد نبيل عبد الله إن القوات تقدمت."
    )
    actors, mentions = find(text, lexicon)
    assert "unnamed" not in set(mentions["method"])
    assert actors.set_index("actor_id").loc["person_nbyl_abd_allh", "parent_id"] == "sdn_military"
    # the short form is no mention of its own: the named spokesperson follows the verb's title
    assert list(mentions["surface"])[:2] == ["الجيش السوداني", "نبيل عبد الله"]


def test_attach_spokespeople_unnamed_of_a_resolved_short_form(lexicon):
    text = "وقال الجيش السوداني إن الوضع هادئ. وقال المتحدث باسم الجيش إن المعارك مستمرة."
    actors, mentions = find(text, lexicon)
    spokes = mentions[mentions["method"] == "unnamed"]
    assert list(spokes["surface"]) == ["المتحدث باسم"]
    assert actors.set_index("actor_id").loc[spokes.iloc[0]["actor_id"], "parent_id"] == (
        "sdn_military"
    )


def test_attach_sources_to_short_forms_close_to_the_movement(lexicon):
    text = "وقالت حركة حماس إن الوفد وصل. وقال مصدر مقرب من الحركة إن المحادثات مستمرة."
    actors, mentions = find(text, lexicon)
    source = mentions[mentions["method"] == "unnamed"].iloc[0]
    assert source["surface"] == "مصدر مقرب"
    assert actors.set_index("actor_id").loc[source["actor_id"], "parent_id"] == "hamas"


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("وأفاد مسعفون بانتشال جثث من تحت الأنقاض.", "مسعفون"),
        ("وقالت مصادر الشرطة إن القتلى عشرة.", "مصادر"),
    ],
)
def test_discover_sources_bare_role_after_a_reporting_verb(lexicon, text, surface):
    _, mentions = find(text, lexicon)
    assert list(mentions.loc[mentions["method"] == "unnamed", "surface"]) == [surface]


def test_discover_people_no_name_read_after_a_named_person(lexicon):
    _, mentions = find("بينما اتهم عبد الحميد الدبيبة خصومه بعرقلة الانتخابات.", lexicon)
    assert list(mentions["surface"]) == ["عبد الحميد الدبيبة"]


def test_attach_spokespeople_name_after_a_bracketed_acronym(lexicon):
    text = (
        "وقال المتحدث باسم قوة الأمم المتحدة المؤقتة في لبنان (يونيفيل) "
        "أندريا تيننتي إن البعثة تتابع الوضع."
    )
    actors, mentions = find(text, lexicon)
    person = mentions[mentions["method"] == "discovered"]
    assert list(person["surface"]) == ["أندريا تيننتي"]
    assert actors.set_index("actor_id").loc[person.iloc[0]["actor_id"], "parent_id"] == "unifil"


@pytest.mark.parametrize(
    "text",
    [
        "وقال رئيس الحكومة نواف سلام إن الوضع هادئ. ودعا إلى اتفاق سلام دائم.",
        "وقال يحيى سريع إن العمليات مستمرة. وطالب الوسطاء برد سريع.",
        "وقال حسن نصر الله إن المقاومة جاهزة. وقتل شاب قرب رام الله.",
    ],
)
def test_family_names_common_word_surname_of_a_known_person_is_no_mention(lexicon, text):
    assert "coreference" not in set(find(text, lexicon)[1]["method"])


def test_discover_people_title_without_its_article_needs_a_given_name(lexicon):
    _, mentions = find("وانتقد محلل سياسي القرار.", lexicon)
    assert "discovered" not in set(mentions["method"])
    _, mentions = find("وقال المحلل سامي الخطيب إن القرار خاطئ.", lexicon)
    assert list(mentions["surface"]) == ["سامي الخطيب"]


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [
        (
            "وقال دبلوماسيون عرب إن الوسطاء يدرسون مقترحا.",
            "دبلوماسيون عرب",
            "source_diplomats_arab",
        ),
        ("وقتل مقاتلون أجانب في الاشتباكات.", "مقاتلون أجانب", "source_fighters_foreign"),
        ("والتقى الوزير دبلوماسيين عربا.", "دبلوماسيين عربا", "source_diplomats_arab"),
    ],
)
def test_discover_sources_bloc_broken_plurals(lexicon, text, surface, actor_id):
    _, mentions = find(text, lexicon)
    assert list(zip(mentions["surface"], mentions["actor_id"], strict=True)) == [
        (surface, actor_id)
    ]


@pytest.mark.parametrize(
    "path",
    [
        "tests/heldout/iraq_budget.txt",
        "tests/heldout/sudan_khartoum.txt",
        "tests/heldout/yemen_red_sea.txt",
        "tests/heldout/iran_talks.txt",
        SEED,
    ],
)
def test_extract_actors_no_surface_keeps_a_proclitic(lexicon, path):
    from analysis.text import fold_term

    article = read_article(path)
    _, mentions = extract_actors(article, lexicon)
    for row in mentions.itertuples():
        assert article.text[row.start : row.end] == row.surface
        folded = fold_term(row.surface)
        if folded[:1] in {"و", "ف", "ب", "ل", "ك"}:
            rest = folded[1:]
            keys = {rest, rest.removeprefix("ال")}
            same = {e.actor_id for key in keys for e in lexicon.entries.get(key, ())}
            assert row.actor_id not in same, row.surface


def test_attach_pronoun_spokespeople_names_the_organisation_before(lexicon):
    text = (
        "ودعت وزارة الخارجية الأمريكية إلى التهدئة، وقال المتحدث باسمها للصحفيين إن الحوار مستمر."
    )
    actors, mentions = find(text, lexicon)
    assert "source_spokesperson_usa_foreign_ministry" in set(mentions["actor_id"])
    row = actors.set_index("actor_id").loc["source_spokesperson_usa_foreign_ministry"]
    assert row["parent_id"] == "usa_foreign_ministry"
    assert not any(a.startswith("person_") for a in actors["actor_id"])  # باسمها is no name


def test_lexicon_alias_head_noun_sets_the_gender(lexicon):
    text = "وقالت جماعة الحوثي إنها استهدفت سفينة، وقال الحوثيون إنهم مستمرون."
    _, mentions = find(text, lexicon)
    genders = dict(zip(mentions["surface"], mentions["gender"], strict=True))
    assert (genders["جماعة الحوثي"], genders["الحوثيون"]) == ("f", "pl")


def test_extract_actors_ministers_beyond_the_main_portfolios(lexicon):
    text = "وقال وزير الري السوداني إن التنسيق مستمر، فيما أعلنت وزارة الكهرباء العراقية خطة جديدة."
    _, mentions = find(text, lexicon)
    assert {"sdn_water_minister", "irq_electricity_ministry"} <= set(mentions["actor_id"])


def test_extract_actors_one_word_name_after_a_place_noun_is_the_place(lexicon):
    text = "استهدف هجوم قاعدة عين الأسد الجوية. وقال الأسد في خطاب إن الحرب انتهت."
    _, mentions = find(text, lexicon)
    assert list(mentions["surface"]) == ["الأسد"]
    assert mentions.iloc[0]["start"] == len("عنوان\n\n") + text.index("وقال الأسد") + len("وقال ")


def test_resolve_short_forms_headline_points_forward_to_the_one_named(lexicon):
    article = read_article(
        "الجيش يعلن استعادة مواقع والمرصد يتحدث عن قتلى\n\n"
        "قال الجيش السوداني إن قواته تقدمت. وأفاد المرصد السوري لحقوق الإنسان بسقوط قتلى."
    )
    _, mentions = extract_actors(article, lexicon)
    title = mentions[mentions["sentence_id"] == 1]
    assert list(zip(title["surface"], title["actor_id"], strict=True)) == [
        ("الجيش", "sdn_military"),
        ("المرصد", "sohr"),
    ]


def test_resolve_short_forms_headline_with_two_later_armies_stays_open(lexicon):
    article = read_article(
        "الجيش يعلن استعادة مواقع\n\nقال الجيش السوداني والجيش التشادي إن الحدود هادئة."
    )
    _, mentions = extract_actors(article, lexicon)
    assert mentions[mentions["sentence_id"] == 1].empty


def test_discover_sources_groups_of_a_country(lexicon):
    text = "فصائل عراقية تتبنى هجوما، وقال مسلحون سوريون إنهم انسحبوا، وتظاهر متظاهرون لبنانيون."
    actors, _ = find(text, lexicon)
    assert {"irq_factions", "syr_gunmen", "lbn_protesters"} <= set(actors["actor_id"])
    assert set(actors.set_index("actor_id").loc[["irq_factions"], "actor_type"]) == {"people"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ونفى محافظ اللاذقية في تصريح وقوع انتهاكات.",
            [("محافظ اللاذقية", "source_governor_alladhqyh")],
        ),
        (
            "وقال والي ولاية شمال دارفور إن الوضع هادئ.",
            [("والي ولاية شمال دارفور", "source_governor_shmal_darfwr")],
        ),
        ("وتحدث محافظ دمشق عن الخدمات.", [("محافظ دمشق", "source_governor_dmshq")]),
        (
            "وقال رئيس بلدية صيدا لرويترز إن القصف طال مبنى.",
            [("رئيس بلدية صيدا", "source_mayor_syda"), ("رويترز", "reuters")],
        ),
        (
            "وقال محافظ البصرة أسعد العيداني إن الوضع مستقر.",
            [("أسعد العيداني", "person_asad_alaydany")],
        ),
        ("وقال محافظ البنك المركزي إن الاحتياطي مستقر.", []),
        ("وهو محافظ على الهدوء.", []),
    ],
)
def test_place_offices_holder_of_a_place(lexicon, text, expected):
    _, mentions = find(text, lexicon)
    assert list(zip(mentions["surface"], mentions["actor_id"], strict=True)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أمهل المجلس العسكري الحاكم في النيجر السفير 48 ساعة.",
            ("المجلس العسكري الحاكم في النيجر", "ner_military_council"),
        ),
        ("وقالت السلطات في ليبيا إن الوضع هادئ.", ("السلطات في ليبيا", "lby_government")),
        ("وقالت السفارة في العراق إن القنصلية مغلقة.", ("العراق", "irq")),
        ("وتحدث عن الوضع الإنساني في السودان.", ("السودان", "sdn")),
    ],
)
def test_heads_in_states_institution_in_a_state(lexicon, text, expected):
    _, mentions = find(text, lexicon)
    assert expected in set(zip(mentions["surface"], mentions["actor_id"], strict=True))


@pytest.mark.parametrize(
    ("text", "surface", "actor_id"),
    [
        # the longer name wins: أرض الصومال is not الصومال
        ("رحب رئيس إقليم أرض الصومال بالمذكرة.", "إقليم أرض الصومال", "somaliland"),
        ("وقالت رئاسة الوزراء الإثيوبية إن الاتفاق تجاري.", "رئاسة الوزراء الإثيوبية", "eth_pmo"),
        ("وقال مكتب رئيس الوزراء العراقي إن الوفد وصل.", "مكتب رئيس الوزراء العراقي", "irq_pmo"),
    ],
)
def test_regions_and_prime_ministers_offices_are_actors(lexicon, text, surface, actor_id):
    actors, mentions = find(text, lexicon)
    assert (surface, actor_id) in set(zip(mentions["surface"], mentions["actor_id"], strict=True))
    assert "som" not in set(mentions["actor_id"])


def test_discovered_person_is_named_as_written(lexicon):
    actors, _ = find("قال المتحدث العسكري العقيد حمزة الطائي إن القوات تقدمت.", lexicon)
    person = actors[actors["actor_type"] == "person"].iloc[0]
    assert person["name_en"] == person["name_ar"] == "حمزة الطائي"  # not the folded حمزه


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the object after a name is no part of it
        ("وانتقد الخبير هاني توفيق سياسات الحكومة.", "هاني توفيق"),
        # a qualifier between the title and a known given name
        ("وانتقد الخبير الاقتصادي هاني توفيق سياسات الحكومة.", "هاني توفيق"),
        ("وقال المحلل السياسي أحمد سعيد إن الوضع معقد.", "أحمد سعيد"),
        ("وقالت الباحثة في الشؤون الأفريقية فاطمة الطويل إن الوضع معقد.", "فاطمة الطويل"),
        # a definite family name still ends the name
        ("وقال الخبير أحمد محمد حسن الشامي إن الوضع معقد.", "أحمد محمد حسن الشامي"),
    ],
)
def test_discover_people_after_a_qualified_title_and_before_an_object(lexicon, text, name):
    actors, _ = find(text, lexicon)
    assert list(actors.loc[actors["actor_type"] == "person", "name_ar"]) == [name]


def test_discover_people_after_a_title_and_an_affiliation(lexicon):
    text = "وقال النائب عن كتلة الوفاء للمقاومة حسن فضل الله إن المقاومة سترد."
    actors, _ = find(text, lexicon)
    person = actors[actors["actor_type"] == "person"].iloc[0]
    assert person["name_ar"] == "حسن فضل الله"
    assert person["parent_id"] == "loyalty_to_resistance_bloc"


def test_short_form_party_prefers_the_armed_group_named_so(lexicon):
    text = (
        "وقال النائب عن كتلة الوفاء للمقاومة حسن فضل الله إن الغارات استهدفت مدنيين. "
        "واتهم الجيش الإسرائيلي حزب الله بخرق الهدنة، متهما الحزب بتخزين أسلحة."
    )
    _, mentions = find(text, lexicon)
    party = mentions[mentions["surface"] == "الحزب"]
    assert list(party["actor_id"]) == ["hezbollah"]


def test_discover_sources_feminine_leading_figure(lexicon):
    actors, mentions = find("وقالت قيادية في حركة حماس إن الحركة لن توافق.", lexicon)
    source = mentions[mentions["actor_id"].str.startswith("source_")].iloc[0]
    assert (source["surface"], source["gender"]) == ("قيادية في حركة حماس", "f")
    assert actors.set_index("actor_id").loc[source["actor_id"], "parent_id"] == "hamas"


def test_person_named_with_a_title_is_no_office_a_name_follows(lexicon):
    text = "وتلقى الرئيس اتصالا من الأمير محمد بن سلمان هنأه خلاله بالقرار."
    _, mentions = find(text, lexicon)
    assert list(zip(mentions["actor_id"], mentions["surface"], strict=True)) == [
        ("mohammed_bin_salman", "الأمير محمد بن سلمان")
    ]  # not a person named "هنأه خلاله بالقرار"


def test_unnamed_spokeswoman_is_feminine(lexicon):
    _, mentions = find("وقالت المتحدثة باسم الخارجية الفرنسية إن باريس قلقة.", lexicon)
    spokes = mentions[mentions["actor_id"] == "source_spokesperson_fra_foreign_ministry"]
    assert list(spokes["gender"]) == ["f"]


def test_spokesperson_of_the_presidency_named_before(lexicon):
    text = (
        "نددت الرئاسة الفلسطينية بالهجمات.\n\n"
        "وقال الناطق باسم الرئاسة نبيل أبو ردينة إن الجرائم لن تمر."
    )
    actors, _ = find(text, lexicon)
    person = actors[actors["name_ar"] == "نبيل أبو ردينة"].iloc[0]
    assert person["parent_id"] == "pse_presidency"


@pytest.mark.parametrize(
    "text",
    [
        "انتخب البرلمان جوزاف عون رئيسا للجمهورية.",
        "انتخب المجلس قائد الجيش العماد جوزاف عون رئيسا للجمهورية.",
        "استقبل سيريل رامافوزا رئيسا سابقا للوزراء.",
    ],
)
def test_discover_people_listed_name_with_unlisted_given_name_is_no_office(lexicon, text):
    # a lexicon name whose given name is not in the given-name list is still a
    # name: the words after it are no person holding it as an office
    _, mentions = find(text, lexicon)
    assert "discovered" not in set(mentions["method"])
    assert mentions["actor_id"].isin(["joseph_aoun", "cyril_ramaphosa"]).any()


def test_discover_people_office_alias_still_takes_a_name(lexicon):
    text = "وقال وزير الخارجية الإيراني عباس عراقجي إن المحادثات بناءة."
    _, mentions = find(text, lexicon)
    assert list(mentions["actor_id"]) == ["abbas_araghchi"]


@pytest.mark.parametrize(
    ("text", "surface", "gender"),
    [
        ("وقالت ريم كتيت إن الدعوى حيلة دعائية.", "ريم كتيت", "f"),
        ("ووصفت ريم كتيت، نائبة مساعد الوزير، الدعوى بأنها حيلة.", "ريم كتيت", "f"),
        ("وقال محمد الحسن، المتحدث باسم الحكومة، إن الوضع هادئ.", "محمد الحسن", "m"),
        ("وأكد سامي الحداد في تصريح صحفي أن القوات تقدمت.", "سامي الحداد", "m"),
    ],
)
def test_discover_speakers_named_right_after_a_reporting_verb(lexicon, text, surface, gender):
    _, mentions = find(text, lexicon)
    row = mentions.loc[mentions["surface"] == surface].iloc[0]
    assert row["method"] == "discovered" and row["gender"] == gender
    assert row["actor_id"].startswith("person_")


@pytest.mark.parametrize(
    "text",
    [
        "وقال حسن إن الوضع هادئ.",  # a given name alone may be a word
        "وأكد أمل الشعب في التغيير.",  # nothing that opens content or an appositive follows
        "وقال أمس إن الوضع هادئ.",
    ],
)
def test_discover_speakers_needs_a_full_name_before_content(lexicon, text):
    _, mentions = find(text, lexicon)
    assert "discovered" not in set(mentions["method"])


def test_extract_actors_justice_minister_of_a_state_is_an_office(lexicon):
    text = "وقال وزير العدل السوداني معاوية عثمان إن الإمارات تدعم الحرب."
    _, mentions = find(text, lexicon)
    assert list(mentions["surface"])[:1] == ["معاوية عثمان"]
    assert mentions["actor_id"].iloc[0].startswith("person_")


def test_representatives_of_it_name_the_organisation(lexicon):
    text = "وأدانت روسيا الهجوم، وقال مندوبها لدى مجلس الأمن إن الضربة انتهاك."
    _, mentions = find(text, lexicon)
    row = mentions.loc[mentions["surface"] == "مندوبها"].iloc[0]
    assert row["actor_id"] == "rus" and row["method"] == "coreference"


def test_representatives_of_it_with_a_name_are_that_person(lexicon):
    text = "انتقدت روسيا القرار على لسان مندوبها لدى الوكالة ميخائيل أوليانوف."
    _, mentions = find(text, lexicon)
    assert "مندوبها" not in set(mentions["surface"])
    assert "mikhail_ulyanov" in set(mentions["actor_id"])


def test_spokesperson_named_basim_after_the_organisation(lexicon):
    # باسم ("in the name of") is also the given name Basim, where a name is expected
    text = (
        "أعلنت الحكومة العراقية بدء الانسحاب. "
        "وقال المتحدث باسم الحكومة باسم العوادي إن العراق قادر على حماية أمنه."
    )
    _, mentions = find(text, lexicon)
    assert "باسم العوادي" in set(mentions["surface"])
    assert not mentions["surface"].str.startswith("باسم الحكومة").any()


@pytest.mark.parametrize(
    "text",
    [
        "وحذر النائب عن الحزب الديمقراطي الكردستاني شيروان الدوبرداني من انسحاب متسرع.",
        "ويرى المحلل السياسي إحسان الشمري أن الحكومة تحاول الموازنة.",
    ],
)
def test_discover_people_kurdish_and_less_common_given_names(lexicon, text):
    _, mentions = find(text, lexicon)
    assert "discovered" in set(mentions["method"])


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("وقال مدير مستشفى الشفاء محمد أبو سلمية إن الوضع كارثي.", "محمد أبو سلمية"),
        (
            "وقال المتحدث باسم مفوضية الاتحاد للشؤون الخارجية أنور العنوني إن الاتحاد يدعم.",
            "أنور العنوني",
        ),
    ],
)
def test_discover_speakers_after_a_title_phrase(lexicon, text, surface):
    _, mentions = find(text, lexicon)
    assert surface in set(mentions.loc[mentions["method"] == "discovered", "surface"])


def test_discover_speakers_not_inside_the_content(lexicon):
    _, mentions = find("قال المتحدث باسم الحكومة إن علي حسن سيغادر البلاد.", lexicon)
    assert "discovered" not in set(mentions["method"])


def test_spokesperson_name_slot_is_no_time_word(lexicon):
    # صباح is a given name and "morning": alone in the name slot it is the time
    text = (
        "أعلنت الحكومة العراقية بدء الانسحاب. وقال المتحدث باسم الحكومة صباح اليوم إن الانسحاب بدأ."
    )
    _, mentions = find(text, lexicon)
    assert "discovered" not in set(mentions["method"])
