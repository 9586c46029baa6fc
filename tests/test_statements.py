"""Statements and stances on short hand-written sentences, one phenomenon each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import MawaqifError
from analysis.statements import (
    STANCE_COLUMNS,
    STATEMENT_COLUMNS,
    extract_statements,
    load_reporting,
)
from analysis.text import fold_term, read_article

SATURDAY = dt.date(2020, 5, 30)


def _parse(
    text: str, mentions: list[tuple], *, date: dt.date | None = SATURDAY, parents=None, persons=()
):
    """Run the stage on ``text`` with mentions given as (surface, actor_id, gender[, method]).

    Each surface is found with str.find after the previous occurrence of the
    same surface, so repeated names are listed in text order.
    """
    article = read_article(text)
    sentences = article.sentences
    rows, cursor = [], {}
    for spec in mentions:
        surface, actor_id, gender = spec[:3]
        method = spec[3] if len(spec) > 3 else "lexicon"
        start = text.find(surface, cursor.get(surface, 0))
        assert start >= 0, surface
        cursor[surface] = start + 1
        sid = int(sentences.loc[sentences["start"] <= start, "sentence_id"].iloc[-1])
        rows.append((actor_id, sid, start, start + len(surface), surface, method, 0.9, gender))
    frame = pd.DataFrame(
        rows,
        columns=["actor_id", "sentence_id", "start", "end", "surface", "method", "confidence",
                 "gender"],
    ).sort_values("start")  # fmt: skip
    frame.insert(0, "mention_id", range(1, len(frame) + 1))
    ids = sorted(set(frame["actor_id"]) | set((parents or {}).values()))
    actors = pd.DataFrame(
        {
            "actor_id": ids,
            "parent_id": [(parents or {}).get(a, "") for a in ids],
            "actor_type": ["person" if a in persons else "other" for a in ids],
        }
    )
    return extract_statements(article, actors, frame, date=date)


def _one(statements: pd.DataFrame, **where) -> pd.Series:
    rows = statements
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, statements.to_string()
    return rows.iloc[0]


# --------------------------------------------------------------------------- lexicon


def test_load_reporting_is_cached_and_folds_forms():
    first = load_reporting()
    assert load_reporting() is first
    assert first.forms["قالت"].gender == "f"
    assert first.forms["نفي"].act == "deny"  # نفى folded
    assert first.forms["مشيره"].participle
    assert first.plover["accuse"] == "ACCUSE"
    assert first.plover["claim"] == ""


def test_load_reporting_bad_act_names_the_entry(tmp_path: Path):
    text = (Path(__file__).parents[1] / "analysis/data/reporting.yaml").read_text("utf-8")
    bad = tmp_path / "reporting.yaml"
    bad.write_text(text.replace("act: threaten\n", "act: shout\n", 1), encoding="utf-8")
    with pytest.raises(MawaqifError, match="هدد.*shout"):
        load_reporting(bad)


def test_load_reporting_not_yaml(tmp_path: Path):
    bad = tmp_path / "r.yaml"
    bad.write_text("acts: [unclosed", encoding="utf-8")
    with pytest.raises(MawaqifError, match="not valid YAML"):
        load_reporting(bad)


# --------------------------------------------------------------------------- speakers


def test_extract_statements_vso_speaker_indirect_quote_and_date():
    text = "قال الجيش الأميركي الجمعة إن الولايات المتحدة تبحث الأمر مع تونس."
    statements, _ = _parse(
        text, [("الجيش الأميركي", "usa_military", "m"), ("الولايات المتحدة", "usa", "f"),
               ("تونس", "tun", "f")]
    )  # fmt: skip
    row = _one(statements)
    assert row.speaker_id == "usa_military"
    assert (row.verb, row.act, row.plover_type) == ("قال", "claim", "")
    assert row.quote_kind == "indirect"
    assert row.quote == "الولايات المتحدة تبحث الأمر مع تونس"
    assert row.target_ids == "usa;tun"
    assert row.date == "2020-05-29"
    assert text[row.start : row.end].startswith("قال الجيش")
    assert list(statements.columns) == STATEMENT_COLUMNS


def test_extract_statements_svo_speaker():
    text = "افريكوم يوضح أن اللواء وحدة تدريب صغيرة."
    statements, _ = _parse(text, [("افريكوم", "africom", "m")])
    row = _one(statements)
    assert row.speaker_id == "africom"
    assert row.start == 0


def test_extract_statements_feminine_verb_skips_the_man_who_spoke_between():
    text = (
        "وذكرت القيادة في بيان إن الأمن مستقر. وقال الوزير إن الحدود مغلقة. "
        "وأضافت أن التعاون مستمر."
    )
    statements, _ = _parse(text, [("القيادة", "africom", "f"), ("الوزير", "tun_minister", "m")])
    added = _one(statements, verb="أضافت")
    assert added.speaker_id == "africom"
    assert added.confidence < _one(statements, verb="ذكرت").confidence


def test_extract_statements_participle_shares_speaker_and_day():
    text = (
        "وذكرت القيادة أن الجيش تسلم طائرات جديدة. "
        "وقال المسماري في مؤتمر صحفي الخميس ان الجيش لم يتسلم طائرات جديدة "
        'مضيفا "إن جميع الطائرات قديمة".'
    )
    statements, _ = _parse(
        text,
        [("القيادة", "africom", "f"), ("الجيش", "lna", "m"), ("المسماري", "person_almsmary", "m"),
         ("الجيش", "lna", "m")],
    )  # fmt: skip
    said = _one(statements, verb="قال")
    added = _one(statements, verb="مضيفا")
    assert said.act == "deny"  # neutral verb, content negating the earlier claim
    assert said.responds_to == 1
    assert said.quote == "الجيش لم يتسلم طائرات جديدة"
    assert added.speaker_id == "person_almsmary"
    assert (added.act, added.quote_kind, added.quote) == (
        "claim",
        "direct",
        "إن جميع الطائرات قديمة",
    )
    assert said.date == added.date == "2020-05-28"


def test_extract_statements_pronoun_subject_lakinnahu():
    text = "ودائما ما ينفي الجيش التونسي وجود قواعد أجنبية لكنه يؤكد وجود تنسيق أمني."
    statements, _ = _parse(text, [("الجيش التونسي", "tun_military", "m")])
    assert list(statements["act"]) == ["deny", "claim"]
    assert set(statements["speaker_id"]) == {"tun_military"}
    assert "لكنه" not in statements.iloc[0].quote


def test_extract_statements_two_speakers_one_verb_and_responds_to():
    text = (
        "وذكر الجيش الأميركي يوم الأربعاء أن عسكريين روسا سلموا طائرات إلى الجفرة "
        "ونفى الجيش الوطني وعضو بالبرلمان الروسي ذلك."
    )
    statements, stances = _parse(
        text, [("الجيش الأميركي", "usa_military", "m"), ("عسكريين روسا", "rus_personnel", "pl"),
               ("الجيش الوطني", "lna", "m"), ("عضو بالبرلمان الروسي", "rus_mp", "m")]
    )  # fmt: skip
    claim = _one(statements, verb="ذكر")
    denials = statements[statements["act"] == "deny"]
    assert sorted(denials["speaker_id"]) == ["lna", "rus_mp"]
    assert set(denials["responds_to"]) == {claim.statement_id}
    assert denials["start"].nunique() == 1
    assert claim.date == "2020-05-27"
    assert set(denials["date"]) == {""}
    assert claim.target_ids == "rus_personnel"  # the denial is not part of the claim
    negative = stances[(stances["basis"] == "act:deny")]
    assert sorted(negative["source_id"]) == ["lna", "rus_mp"]
    assert set(negative["target_id"]) == {"usa_military"}


def test_extract_statements_denial_answers_claim_by_shared_words():
    text = (
        "وذكر الجيش الأميركي أن عسكريين روسا سلموا 14 طائرة إلى قاعدة تابعة لقوات الجيش الليبي.\n"
        "وقال المسماري إن الجيش لم يتسلم طائرات مقاتلة جديدة."
    )
    statements, _ = _parse(text, [("الجيش الأميركي", "usa_military", "m"),
                                  ("المسماري", "person_almsmary", "m")])  # fmt: skip
    denial = _one(statements, speaker_id="person_almsmary")
    assert denial.act == "deny"
    assert denial.responds_to == _one(statements, speaker_id="usa_military").statement_id


def test_extract_statements_no_speaker_across_a_blank_line():
    text = "قال الوزير إن الوضع صعب.\n\nوأكد أن الحل قريب."
    statements, _ = _parse(text, [("الوزير", "minister", "m")])
    stressed = _one(statements, verb="أكد")
    assert stressed.speaker_id == ""
    assert stressed.confidence <= 0.3


def test_extract_statements_continuation_crosses_a_blank_line():
    text = (
        'قال الوزير يوم الجمعة إن الوضع صعب.\n\nوتابع: "الحل قريب".'
        "\n\nوأضاف الوزير أن الحوار مستمر."
    )
    statements, _ = _parse(text, [("الوزير", "minister", "m"), ("الوزير", "minister", "m")])
    followed = _one(statements, verb="تابع")
    assert (followed.speaker_id, followed.quote, followed.date) == (
        "minister",
        "الحل قريب",
        "2020-05-29",
    )
    assert _one(statements, verb="أضاف").date == "2020-05-29"  # the speaker's last day


def test_extract_statements_relative_passive_is_not_a_statement():
    text = 'وقالت القيادة ان "اللواء" الذي ذكر الجمعة يشير إلى وحدة تدريب صغيرة.'
    statements, _ = _parse(text, [("القيادة", "africom", "f")])
    row = _one(statements)
    assert (row.speaker_id, row.quote_kind) == ("africom", "mixed")
    assert row.date == ""  # الجمعة belongs to the reported clause


def test_extract_statements_noun_lookalike_and_narration_make_nothing():
    text = (
        "وتدخلت قوى إقليمية في الحرب الأهلية الليبية. "
        "ووصل طالب سوري إلى المدينة بعد أن قرر الرحيل بشكل أوضح."
    )
    statements, _ = _parse(text, [("الليبية", "lby", "f", "nisba"), ("سوري", "syr", "m", "nisba")])
    assert statements.empty


def test_extract_statements_verbs_inside_a_quote_are_not_statements():
    text = 'وقال الدبلوماسي "لقد قالوا لنا إنهم يرفضون ذلك وحذروا من التصعيد".'
    statements, _ = _parse(text, [("الدبلوماسي", "source_diplomat", "m")])
    row = _one(statements)
    assert row.quote_kind == "direct"
    assert row.quote.startswith("لقد قالوا")


def test_extract_statements_unclosed_quote_is_kept_with_lower_confidence():
    text = 'وقال الوزير "إن الوضع خطير للغاية.'
    statements, _ = _parse(text, [("الوزير", "minister", "m")])
    row = _one(statements)
    assert (row.speaker_id, row.quote_kind) == ("minister", "direct")
    assert row.quote.startswith("إن الوضع")
    assert row.confidence < 0.9


def test_extract_statements_quote_without_speaker():
    text = 'وقال "لن نتراجع".'
    statements, _ = _parse(text, [], date=None)
    row = _one(statements)
    assert row.speaker_id == ""
    assert row.quote == "لن نتراجع"
    assert row.confidence <= 0.3
    assert row.date == ""


def test_extract_statements_nested_quotes():
    text = 'وقال الوزير «إن ما وصفوه بـ"الهجوم" لم يحدث أصلا».'
    statements, _ = _parse(text, [("الوزير", "minister", "m")])
    row = _one(statements)
    assert row.quote_kind == "direct"
    assert row.quote == 'إن ما وصفوه بـ"الهجوم" لم يحدث أصلا'


# --------------------------------------------------------------------------- acts


@pytest.mark.parametrize(
    ("sentence", "act", "plover"),
    [
        ("وحذرت فرنسا من أن الوضع خطير.", "warn", ""),
        ("واتهمت فرنسا الحكومة بالتقصير.", "accuse", "ACCUSE"),
        ("وأدانت فرنسا الهجوم.", "condemn", "ACCUSE"),
        ("ودعت فرنسا إلى وقف إطلاق النار.", "appeal", "REQUEST"),
        ("ورحبت فرنسا بالاتفاق.", "support", "SUPPORT"),
        ("ورفضت فرنسا المقترح.", "reject", "REJECT"),
        ("وهددت فرنسا بفرض عقوبات.", "threaten", "THREATEN"),
        ("ونفت فرنسا هذه الأنباء.", "deny", ""),
        ("وأعربت فرنسا عن قلقها إزاء التطورات.", "concern", ""),
        ("وأكدت فرنسا دعمها للحكومة.", "support", "SUPPORT"),
        ("وحملت فرنسا الحكومة مسؤولية التصعيد.", "accuse", "ACCUSE"),
    ],
)
def test_extract_statements_act_from_verb_or_expression(sentence, act, plover):
    statements, _ = _parse(sentence, [("فرنسا", "fra", "f")])
    row = _one(statements)
    assert (row.speaker_id, row.act, row.plover_type) == ("fra", act, plover)


def test_extract_statements_concern_in_a_quote_refines_a_claim():
    text = 'وذكرت القيادة في بيان "مع استمرار روسيا في تأجيج الصراع فإن القلق يزداد".'
    statements, stances = _parse(text, [("القيادة", "africom", "f"), ("روسيا", "rus", "f")])
    assert _one(statements).act == "concern"
    row = _one(stances)
    assert (row.source_id, row.target_id, row.polarity, row.basis) == (
        "africom", "rus", "negative", "cue:تأجيج")  # fmt: skip


def test_extract_statements_light_verb_and_appeal_participle():
    text = (
        'وأبدت الأمم المتحدة الأربعاء "قلقها البالغ" إزاء الأنباء الواردة من ليبيا، '
        "مناشدة الدول احترام الحظر."
    )
    statements, _ = _parse(text, [("الأمم المتحدة", "un", "f"), ("ليبيا", "lby", "f")])
    concern = _one(statements, act="concern")
    appeal = _one(statements, act="appeal")
    assert concern.speaker_id == appeal.speaker_id == "un"
    assert concern.target_ids == "lby"
    assert concern.quote_kind == "mixed"
    assert concern.date == appeal.date == "2020-05-27"


def test_extract_statements_joint_agreement_of_plural_subjects():
    text = (
        "وكان مسؤولون روس وأتراك تحدثوا الأسبوع الماضي وأصدروا بيانا اتفقوا فيه على وقف "
        "إطلاق النار، في إشارة إلى صفقة بعد وصول الطائرات الروسية."
    )
    statements, stances = _parse(
        text, [("مسؤولون روس", "rus_officials", "pl"), ("أتراك", "tur_officials", "pl"),
               ("الروسية", "rus", "f", "nisba")]
    )  # fmt: skip
    assert sorted(statements["speaker_id"]) == ["rus_officials", "tur_officials"]
    assert set(statements["act"]) == {"agree"}
    assert set(statements["target_ids"]) == {""}  # the narrator's comment is cut off
    assert set(statements["date"]) == {""}  # a week is not a day
    pairs = set(zip(stances["source_id"], stances["target_id"], stances["polarity"], strict=True))
    assert pairs == {("rus_officials", "tur_officials", "positive"),
                     ("tur_officials", "rus_officials", "positive")}  # fmt: skip


def test_extract_statements_attribution_then_alias_and_fa_inna():
    text = "وبحسب وكالة الأنباء السورية (سانا)، فإن الدفاعات الجوية تصدت لصواريخ إسرائيلية."
    statements, _ = _parse(
        text, [("وكالة الأنباء السورية", "sana", "f"), ("إسرائيلية", "isr", "f", "nisba")]
    )
    row = _one(statements)
    assert (row.speaker_id, row.act, row.target_ids) == ("sana", "claim", "isr")
    assert row.quote == "الدفاعات الجوية تصدت لصواريخ إسرائيلية"


def test_extract_statements_joint_statement_published_by_an_agency_is_the_parties():
    text = (
        "وأعلنت السعودية وإيران استئناف العلاقات. وجاء في بيان مشترك نشرته وكالة الأنباء "
        "السعودية أن الجانبين اتفقا على احترام السيادة."
    )
    statements, _ = _parse(
        text,
        [("السعودية", "sau", "f"), ("إيران", "irn", "f"), ("وكالة الأنباء السعودية", "spa", "f")],
    )
    joint = statements[statements["verb"] == "جاء في بيان"]
    assert sorted(joint["speaker_id"]) == ["irn", "sau"]
    assert "spa" not in set(statements["speaker_id"])


def test_extract_statements_after_a_noun_content_a_comma_opens_the_next_clause():
    text = "وأعلن الرئيس الأمريكي عن مقترح لوقف إطلاق النار، رحبت به السعودية والأردن."
    statements, _ = _parse(
        text,
        [("الرئيس الأمريكي", "usa_president", "m"), ("السعودية", "sau", "f"),
         ("الأردن", "jor", "m")],
    )  # fmt: skip
    rows = list(statements[["speaker_id", "act", "target_ids"]].itertuples(index=False, name=None))
    assert rows == [("usa_president", "claim", ""), ("jor", "support", ""), ("sau", "support", "")]
    assert not statements["quote"].iloc[0].endswith("والأردن")


def test_extract_statements_another_speaker_after_lakin_is_a_statement():
    text = (
        "أعلن حزب الله أنه صوت لصالح المرشح، لكن رئيس كتلة الوفاء للمقاومة "
        'النائب محمد رعد قال إن الحزب "لن يقبل بأي مساس بالمقاومة".'
    )
    mentions = [("حزب الله", "hezbollah", "m"), ("كتلة الوفاء للمقاومة", "bloc", "f"),
                ("محمد رعد", "mohammad_raad", "m")]  # fmt: skip
    statements, _ = _parse(text, mentions, persons={"mohammad_raad"})
    assert list(statements["speaker_id"]) == ["hezbollah", "mohammad_raad"]
    assert _one(statements, speaker_id="hezbollah")["quote"] == "صوت لصالح المرشح"


def test_extract_statements_lakin_without_a_reporting_verb_stays_in_the_content():
    text = "قال الوزير الروسي إن الاتفاق ممكن، لكن الولايات المتحدة تماطل في تنفيذه."
    statements, _ = _parse(text, [("الوزير الروسي", "rus_minister", "m"),
                                  ("الولايات المتحدة", "usa", "f")])  # fmt: skip
    row = _one(statements, speaker_id="rus_minister")
    assert row["quote"].endswith("تماطل في تنفيذه") and len(statements) == 1


def test_extract_statements_an_outlet_name_is_no_verb_and_its_outlet_no_speaker():
    # فرات reads as ف + رأت ("considered"); after وكالة it is a name. The outlet that
    # carried a statement (نشرته، نقلته) is not who made it.
    text = 'وقالت الوزارة في بيان نشرته وكالة فرات للأنباء إن "المرحلة المقبلة سياسية".'
    statements, _ = _parse(text, [("وكالة فرات للأنباء", "firat", "f")])
    row = _one(statements, verb="قالت")
    assert len(statements) == 1 and row["speaker_id"] == ""
    assert row["quote"] == "المرحلة المقبلة سياسية" and row["quote_kind"] == "direct"


@pytest.mark.parametrize(
    ("text", "act", "target"),
    [
        ("ونفت الحكومة الاتهامات، متهمة قوات الدعم السريع بارتكاب مجازر.", "accuse", "rsf"),
        ("وأدانت الحكومة الهجوم، مطالبة قوات الدعم السريع بالانسحاب.", "appeal", "rsf"),
        ("وقالت الحكومة إن الهدنة صامدة، لافتة إلى أن قوات الدعم السريع انسحبت.", "claim", "rsf"),
        ("وقالت الحكومة إن الهدنة صامدة، معلنة أن قوات الدعم السريع انسحبت.", "claim", "rsf"),
    ],
)
def test_extract_statements_feminine_participles_after_a_comma(text, act, target):
    # متهمة، مطالبة، لافتة، معلنة are adjectives and nouns too; after a comma and
    # before their content marker (بـ, إلى, أن) they are circumstantial participles
    mentions = [("الحكومة", "gov", "f"), ("قوات الدعم السريع", "rsf", "pl")]
    statements, _ = _parse(text, mentions)
    row = statements.iloc[-1]
    assert (row["speaker_id"], row["act"]) == ("gov", act) and len(statements) == 2
    assert target in row["target_ids"].split(";")


@pytest.mark.parametrize(
    "text", ["وتبقى الحكومة متهمة بالفساد.", "رفع المتظاهرون لافتة كتب عليها لا للحرب."]
)
def test_extract_statements_feminine_participle_lookalikes_make_nothing(text):
    statements, _ = _parse(text, [("الحكومة", "gov", "f")] if "الحكومة" in text else [])
    assert statements.empty


@pytest.mark.parametrize(
    ("text", "org", "person"),
    [
        ("اتهمت الحكومة السودانية محمد حمدان دقلو بارتكاب جرائم حرب.", "sdn_gov", "dagalo"),
        ("أعلن مكتب رئيس الوزراء بنيامين نتنياهو أن العملية انتهت.", "isr_pmo", "netanyahu"),
    ],
)
def test_extract_statements_organisation_after_the_verb_speaks_not_the_person_after_it(
    text, org, person
):
    surfaces = {"sdn_gov": "الحكومة السودانية", "isr_pmo": "مكتب رئيس الوزراء",
                "dagalo": "محمد حمدان دقلو", "netanyahu": "بنيامين نتنياهو"}  # fmt: skip
    mentions = [
        (surfaces[org], org, "f" if org == "sdn_gov" else "m"),
        (surfaces[person], person, "m"),
    ]
    statements, _ = _parse(text, mentions, persons={person})
    assert list(statements["speaker_id"]) == [org]


def test_extract_statements_headline_second_clause_with_a_colon_quote():
    text = 'بغداد تعلن بدء انسحاب التحالف الدولي، وواشنطن: "لن نترك فراغا"\n\nنص الخبر.'
    mentions = [("بغداد", "irq", "f", "metonym"), ("التحالف الدولي", "coalition", "m"),
                ("واشنطن", "usa", "f", "metonym")]  # fmt: skip
    statements, _ = _parse(text, mentions)
    rows = statements[["speaker_id", "quote"]].itertuples(index=False, name=None)
    assert list(rows) == [("irq", "بدء انسحاب التحالف الدولي"), ("usa", "لن نترك فراغا")]
    assert statements["end"].iloc[0] <= statements["start"].iloc[1]


def test_extract_statements_headline_place_and_colon_is_no_speaker():
    statements, _ = _parse("غزة: مقتل 20 في غارة\n\nنص الخبر.", [("غزة", "pse", "f", "state")])
    assert statements.empty


def test_extract_statements_definite_surname_of_a_person_named_before():
    text = "عين الرئيس حسين الشيخ نائبا له. وأكد الشيخ في كلمة أنه سيعمل بأمانة."
    statements, _ = _parse(text, [("حسين الشيخ", "hussein_al_sheikh", "m")],
                           persons={"hussein_al_sheikh"})  # fmt: skip
    assert list(statements["speaker_id"]) == ["hussein_al_sheikh"]


def test_extract_statements_adopting_a_resolution_is_no_claim_but_claiming_an_attack_is():
    council = [("مجلس الأمن", "unsc", "m")]
    adopted, _ = _parse("تبنى مجلس الأمن، الجمعة، قرارا يمدد ولاية البعثة.", council)
    claimed, _ = _parse("تبنت الجماعة الهجوم على القاعدة.", [("الجماعة", "group", "f")])
    assert adopted.empty and list(claimed["speaker_id"]) == ["group"]


def test_extract_statements_justifying_with_bi_an_is_a_claim():
    text = "وبرر المندوب الروسي امتناع بلاده عن التصويت بأن النص لم يراع مواقف الأطراف."
    statements, _ = _parse(text, [("المندوب الروسي", "rus_envoy", "m")])
    assert list(statements[["speaker_id", "act"]].itertuples(index=False, name=None)) == [
        ("rus_envoy", "claim")
    ]


def test_extract_statements_actor_in_a_relative_clause_is_not_the_subject():
    text = "ويعتبر مقترح الحكم الذاتي الذي قدمه المغرب أساسا للمفاوضات."
    statements, _ = _parse(text, [("المغرب", "mar", "m")])
    assert "mar" not in set(statements["speaker_id"])


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("ورجحت الحكومة أن تستأنف المحادثات قريبا.", "claim"),
        ("واستبعدت الحكومة أن تكون الضربة مقصودة.", "claim"),
        ("وأصرت الحكومة على أن الاتفاق سيتم.", "claim"),
        ("وتمسكت الحكومة بموقفها الرافض للتسوية.", "claim"),
        ("وعزت الحكومة الانقطاع إلى هجمات المتمردين.", "claim"),
        ("وقللت الحكومة من أهمية التقارير.", "claim"),
        ("وسخرت الحكومة من تصريحات المعارضة.", "condemn"),
        ("وكررت الحكومة أن الحوار هو الحل.", "claim"),
    ],
)
def test_extract_statements_more_reporting_verbs(text, act):
    statements, _ = _parse(text, [("الحكومة", "gov", "f")])
    assert list(statements[["speaker_id", "act"]].itertuples(index=False, name=None)) == [
        ("gov", act)
    ]


@pytest.mark.parametrize("text", ["استبعد المدرب اللاعب من التشكيلة.", "رجحت كفة الحكومة."])
def test_extract_statements_plain_senses_of_marked_verbs_make_nothing(text):
    statements, _ = _parse(text, [("الحكومة", "gov", "f")] if "الحكومة" in text else [])
    assert statements.empty


def test_extract_statements_dual_verb_carries_both_joint_speakers():
    text = (
        "وأدانت الولايات المتحدة والاتحاد الأوروبي في بيان مشترك استهداف المدنيين، "
        "ودعتا طرفي النزاع إلى العودة إلى المفاوضات."
    )
    statements, _ = _parse(
        text, [("الولايات المتحدة", "usa", "f"), ("الاتحاد الأوروبي", "eu", "m")]
    )
    rows = list(statements[["speaker_id", "act", "quote"]].itertuples(index=False, name=None))
    assert rows == [
        ("eu", "condemn", "استهداف المدنيين"),
        ("usa", "condemn", "استهداف المدنيين"),
        ("eu", "appeal", "العودة إلى المفاوضات"),
        ("usa", "appeal", "العودة إلى المفاوضات"),
    ]


def test_load_reporting_derives_dual_forms_but_not_masculine_past():
    rep = load_reporting()
    for word in ["أدانتا", "دعتا", "تدعوان", "يدينان", "ينفيان"]:
        assert rep.forms[fold_term(word)].gender == "pl", word
    for noun in ["دعما", "طلبا", "نقلا"]:  # also nouns: no verb forms derived
        assert fold_term(noun) not in rep.forms


def test_extract_statements_envoy_posted_somewhere_then_named():
    text = (
        "وقال المبعوث الأممي إلى السودان رمطان لعمامرة إنه قلق للغاية، "
        "مضيفا أن الأمم المتحدة مستعدة للمساعدة."
    )
    statements, _ = _parse(
        text,
        [("الأممي", "un", "f", "nisba"), ("السودان", "sdn", "m", "state"),
         ("رمطان لعمامرة", "lamamra", "m"), ("الأمم المتحدة", "un", "f")],
        persons=("lamamra",),
    )  # fmt: skip
    assert list(statements["speaker_id"]) == ["lamamra", "lamamra"]


def test_extract_statements_expression_noun_adjective_is_not_content():
    text = "وأعربت الأمم المتحدة عن قلقها البالغ إزاء تدهور الأوضاع الإنسانية."
    statements, _ = _parse(text, [("الأمم المتحدة", "un", "f")])
    row = _one(statements)
    assert (row.speaker_id, row.act, row.quote) == ("un", "concern", "إزاء تدهور الأوضاع الإنسانية")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("وأعلن الجيش، اليوم الخميس، استعادة السيطرة على مواقع.", "استعادة السيطرة على مواقع"),
        ("وأعلن الجيش عن مقتل جنديين في الهجوم.", "مقتل جنديين في الهجوم"),
    ],
)
def test_extract_statements_announcement_content_without_date_or_preposition(text, quote):
    statements, _ = _parse(text, [("الجيش", "army", "m")])
    row = _one(statements)
    assert (row.speaker_id, row.quote) == ("army", quote)


def test_extract_statements_participle_agrees_with_the_person_of_the_reported_clause():
    text = (
        "وقالت وزارة الخارجية في بيان إن الوزير بدر عبد العاطي بحث هاتفيا سبل وقف إطلاق النار، "
        "مشددا على ضرورة إدخال المساعدات."
    )
    statements, _ = _parse(
        text,
        [("وزارة الخارجية", "mofa", "f"), ("بدر عبد العاطي", "abdelatty", "m")],
        persons=("abdelatty",),
    )
    assert list(statements["speaker_id"]) == ["mofa", "abdelatty"]


def test_extract_statements_attribution_without_verb():
    text = "وقتل عشرة مدنيين في القصف على إدلب، بحسب المرصد السوري لحقوق الإنسان."
    statements, _ = _parse(text, [("المرصد السوري لحقوق الإنسان", "sohr", "m")])
    row = _one(statements)
    assert (row.speaker_id, row.act, row.verb) == ("sohr", "claim", "بحسب")
    assert row.quote.startswith("وقتل عشرة مدنيين")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "وجاء في بيان مشترك نشرته وكالة الأنباء السعودية أن البلدين اتفقا على استئناف العلاقات",
            "",
        ),
        ("وجاء في بيان لوزارة الخارجية نشرته وكالة الأنباء السعودية أن البلدين اتفقا.", "mofa"),
    ],
)
def test_extract_statements_publisher_of_a_statement_is_not_its_speaker(text, speaker):
    actors = [("وكالة الأنباء السعودية", "spa", "f"), ("وزارة الخارجية", "mofa", "f")]
    statements, stances = _parse(text, [a for a in actors if a[0] in text])
    row = _one(statements)
    assert (row.speaker_id, row.act) == (speaker, "claim")
    assert row.quote.startswith("البلدين اتفقا")
    assert "spa" not in set(stances["source_id"]) | set(stances["target_id"])


@pytest.mark.parametrize(
    ("text", "mentions", "speaker"),
    [
        (
            "وقال مسؤول أمريكي طلب عدم الكشف عن اسمه إن المحادثات ستستأنف.",
            [("مسؤول أمريكي", "source_official_usa", "m")],
            "source_official_usa",
        ),
        (
            "وقال وزير الخارجية، الذي كان يتحدث في مؤتمر صحفي مع نظيره الفرنسي، "
            "إن المحادثات ستستأنف.",
            [("وزير الخارجية", "fm", "m"), ("الفرنسي", "fra", "m")],
            "fm",
        ),
        (
            "وقال مصدر عسكري، طلب عدم ذكر اسمه لأنه غير مخول بالحديث لوسائل الإعلام، "
            "إن المحادثات ستستأنف.",
            [("مصدر عسكري", "source_military", "m")],
            "source_military",
        ),
    ],
)
def test_extract_statements_reads_past_asides(text, mentions, speaker):
    statements, stances = _parse(text, mentions)
    row = _one(statements)  # no statement from يتحدث or طلب inside the aside
    assert (row.speaker_id, row.act, row.target_ids) == (speaker, "claim", "")
    assert row.quote == "المحادثات ستستأنف"
    assert stances.empty


# --------------------------------------------------------------------------- stances


def test_extract_statements_partner_cue_gives_positive_stance():
    text = (
        "وقالت وزارة الدفاع التونسية في بيان إن الولايات المتحدة شريك رئيسي لقدرات الجيش التونسي."
    )
    statements, stances = _parse(
        text, [("وزارة الدفاع التونسية", "tun_defence_ministry", "f"),
               ("الولايات المتحدة", "usa", "f"), ("الجيش التونسي", "tun_military", "m")],
        parents={"tun_defence_ministry": "tun", "tun_military": "tun"},
    )  # fmt: skip
    assert _one(statements).act == "claim"
    row = _one(stances)
    assert (row.source_id, row.target_id, row.polarity, row.basis) == (
        "tun_defence_ministry", "usa", "positive", "cue:شريك")  # fmt: skip
    assert row.statement_id == 1
    assert list(stances.columns) == STANCE_COLUMNS


def test_extract_statements_accused_object_is_negative():
    text = "واتهمت إيران الولايات المتحدة بزعزعة استقرار المنطقة."
    _, stances = _parse(text, [("إيران", "irn", "f"), ("الولايات المتحدة", "usa", "f")])
    row = _one(stances)
    assert (row.source_id, row.target_id, row.polarity) == ("irn", "usa", "negative")


def test_extract_statements_narrator_relation_has_no_statement():
    text = "وحذرت فرنسا، وهي أيضا داعمة لحفتر، من أن الوضع في ليبيا خطير."
    statements, stances = _parse(
        text, [("فرنسا", "fra", "f"), ("حفتر", "khalifa_haftar", "m"), ("ليبيا", "lby", "f")]
    )
    assert _one(statements).target_ids == "lby"
    row = _one(stances, basis="narrator:داعمة")
    assert (row.source_id, row.target_id, row.polarity) == ("fra", "khalifa_haftar", "positive")
    assert pd.isna(row.statement_id)


def test_extract_statements_mutual_dispute_in_a_title():
    text = "تصاعد الخلاف الروسي الأميركي بشأن ليبيا\n\nقال الوزير إن الوضع صعب."
    _, stances = _parse(text, [("الروسي", "rus", "m", "nisba"), ("الأميركي", "usa", "m", "nisba"),
                               ("الوزير", "minister", "m")])  # fmt: skip
    pairs = set(zip(stances["source_id"], stances["target_id"], stances["polarity"], strict=True))
    assert pairs == {("rus", "usa", "negative"), ("usa", "rus", "negative")}


# --------------------------------------------------------------------------- robustness


def test_extract_statements_no_mentions_and_empty_frames():
    statements, stances = _parse("وتواصلت الاشتباكات في المدينة.", [])
    assert statements.empty and stances.empty
    assert list(statements.columns) == STATEMENT_COLUMNS
    assert list(stances.columns) == STANCE_COLUMNS


def test_extract_statements_is_deterministic_and_sorted():
    text = "ونفى الجيش الوطني وعضو بالبرلمان الروسي ذلك. وقال الوزير إن الوضع صعب."
    spans = [("الجيش الوطني", "lna", "m"), ("عضو بالبرلمان الروسي", "rus_mp", "m"),
             ("الوزير", "minister", "m")]  # fmt: skip
    first, _ = _parse(text, spans)
    second, _ = _parse(text, spans)
    pd.testing.assert_frame_equal(first, second)
    assert list(first["statement_id"]) == [1, 2, 3]
    assert list(first["speaker_id"]) == ["lna", "rus_mp", "minister"]


def test_extract_statements_long_text_finds_every_statement():
    paragraph = (
        "وقال الجيش الأميركي الجمعة إن الولايات المتحدة تبحث استخدام أحد ألويتها في تونس. "
        "وتدخلت قوى إقليمية وعالمية في الحرب الأهلية مما قاد إلى تدفق ضخم للأسلحة. "
        'وأضاف "نحن ندرس مع تونس طرقا جديدة لمواجهة القلق الأمني المشترك".\n'
    )
    text = "".join(f"{i} {paragraph}" for i in range(800))  # about 180 kB, no repeated line
    statements, _ = _parse(text, [], date=SATURDAY)
    assert len(statements) == 1600


def test_extract_statements_negated_content_answering_nothing_is_a_claim():
    text = "وقال المدير إن الوكالة لم تتمكن من التحقق من المخزون."
    statements, _ = _parse(text, [("المدير", "source_director", "m")])
    assert _one(statements).act == "claim"


def test_extract_statements_anaphoric_denial_answers_charge_about_denier():
    text = (
        "واتهمت إيران الولايات المتحدة بعرقلة المفاوضات. وقال الوزير إن الحوار مستمر. "
        "ونفت الخارجية الأمريكية هذه الاتهامات، وقالت إن الكرة في ملعب إيران."
    )
    statements, stances = _parse(
        text,
        [("إيران", "irn", "f"), ("الولايات المتحدة", "usa", "f"), ("الوزير", "minister", "m"),
         ("الخارجية الأمريكية", "usa_foreign_ministry", "f"), ("إيران", "irn", "f")],
        parents={"usa_foreign_ministry": "usa"},
    )  # fmt: skip
    denial = _one(statements, act="deny")
    assert denial.responds_to == 1
    assert _one(statements, verb="قالت", speaker_id="usa_foreign_ministry").act == "claim"
    accuse = stances[stances["statement_id"] == 1]
    assert list(accuse["target_id"]) == ["usa"] and list(accuse["polarity"]) == ["negative"]


def test_extract_statements_title_then_name_speaks():
    text = "وقال المدير العام للوكالة رافائيل غروسي إن التفتيش مستمر."
    statements, _ = _parse(
        text, [("وكالة", "iaea", "f"), ("رافائيل غروسي", "rafael_grossi", "m")],
        persons={"rafael_grossi"},
    )  # fmt: skip
    assert _one(statements).speaker_id == "rafael_grossi"


def test_extract_statements_headline_svo_present_tense():
    text = "طهران تتهم واشنطن بعرقلة المفاوضات"
    statements, stances = _parse(text, [("طهران", "irn", "f"), ("واشنطن", "usa", "f")])
    row = _one(statements)
    assert (row.speaker_id, row.act) == ("irn", "accuse")
    assert list(stances["target_id"]) == ["usa"]


def test_extract_statements_light_noun_inside_a_name_is_not_a_statement():
    text = "وحمّل الاتحاد قوات الدعم السريع مسؤولية الانتهاكات."
    statements, _ = _parse(text, [("الاتحاد", "eu", "m"), ("قوات الدعم السريع", "rsf", "f")])
    assert "support" not in set(statements["act"])


def test_extract_statements_rebuttal_of_a_reading_is_a_denial_without_a_claim():
    text = "وشددت القيادة في تغريدة انه ليس المقصود باللواء قوات مقاتلة بأي حال."
    statements, _ = _parse(text, [("القيادة", "africom", "f")])
    row = _one(statements)
    assert row.act == "deny"
    assert pd.isna(row.responds_to)


def test_extract_statements_cue_does_not_cross_a_comment_on_the_event():
    text = "وقالت الأمم المتحدة إن الأسلحة تتدفق إلى ليبيا وذلك في انتهاك لحظر السلاح."
    _, stances = _parse(text, [("الأمم المتحدة", "un", "f"), ("ليبيا", "lby", "f")])
    assert stances.empty


def test_extract_statements_we_act_with_x_is_positive():
    text = 'وأضافت القيادة "نحن ندرس مع تونس طرقا جديدة لمواجهة الإرهاب".'
    _, stances = _parse(text, [("القيادة", "africom", "f"), ("تونس", "tun", "f")])
    row = _one(stances)
    assert (row.source_id, row.target_id, row.polarity, row.basis) == (
        "africom", "tun", "positive", "cue:مع")  # fmt: skip
    text = 'وقالت القيادة "وصلت طائرات مع تونس".'
    _, stances = _parse(text, [("القيادة", "africom", "f"), ("تونس", "tun", "f")])
    assert stances.empty


def test_extract_statements_light_noun_inside_a_name_looks_further():
    text = "وندد الاتحاد الأوروبي بالهجمات، وحمّل قوات الدعم السريع مسؤولية الانتهاكات."
    statements, stances = _parse(
        text, [("الاتحاد الأوروبي", "eu", "m"), ("قوات الدعم السريع", "rsf", "f")]
    )
    blame = _one(statements, act="accuse")
    assert blame.speaker_id == "eu"  # a feminine object after a masculine verb is no subject
    assert blame.target_ids == "rsf"
    row = _one(stances, target_id="rsf")
    assert (row.source_id, row.polarity) == ("eu", "negative")


def test_extract_statements_nested_act_of_an_organisation_led_by_a_person():
    text = "وقالت مصادر ليبية إن حكومة الوحدة برئاسة الدبيبة رفضت قرار البرلمان."
    statements, _ = _parse(
        text, [("مصادر ليبية", "lby_sources", "pl"), ("حكومة الوحدة", "gnu", "f"),
               ("الدبيبة", "person_dbeibah", "m")]
    )  # fmt: skip
    said = _one(statements, speaker_id="lby_sources")
    rejected = _one(statements, act="reject")
    assert rejected.speaker_id == "gnu"
    assert rejected.confidence < said.confidence
    assert "رفضت" in said.quote  # the nested act stays inside the reported content


def test_extract_statements_embedded_plain_verb_is_not_nested():
    text = "وقالت القيادة إن الوثيقة تشير إلى وحدة تدريب."
    statements, _ = _parse(text, [("القيادة", "africom", "f")])
    assert len(statements) == 1


def test_extract_statements_relayed_source_speaks_or_nobody():
    text = "ونقلت وكالة الأنباء عن مصدر مسؤول قوله إن المملكة تحتفظ بحق الرد."
    statements, _ = _parse(text, [("المملكة", "sau", "f")])
    row = _one(statements)
    assert row.speaker_id == ""  # not the agency, and no one guessed
    assert row.quote == "المملكة تحتفظ بحق الرد"
    text = "ونقلت وكالة الأنباء عن الوزير قوله إن المملكة تحتفظ بحق الرد."
    statements, _ = _parse(text, [("الوزير", "sau_minister", "m"), ("المملكة", "sau", "f")])
    assert _one(statements).speaker_id == "sau_minister"


def test_extract_statements_light_only_participle_and_condemnation_answered():
    text = (
        "ودانت الخارجية السعودية الهجوم على الناقلة، محملة إيران المسؤولية.\n"
        "في المقابل، نفت طهران هذه الاتهامات ووصفتها بأنها عارية عن الصحة."
    )
    statements, _ = _parse(
        text, [("الخارجية السعودية", "sau_foreign_ministry", "f"), ("إيران", "irn", "f"),
               ("طهران", "irn", "f")]
    )  # fmt: skip
    blame = _one(statements, verb="محملة … مسؤولية")
    assert (blame.speaker_id, blame.act, blame.target_ids) == (
        "sau_foreign_ministry", "accuse", "irn")  # fmt: skip
    denial = _one(statements, verb="نفت")
    assert denial.responds_to == blame.statement_id
    assert (denial.quote, denial.quote_kind) == ("هذه الاتهامات", "none")
    text = "ووصلت شاحنة محملة بالأسلحة إلى المدينة."
    assert _parse(text, [])[0].empty


def test_extract_statements_cue_not_taken_across_a_verb():
    text = 'وأضاف الوزير أن "العراق يرفض التدخل في شؤونه الداخلية".'
    _, stances = _parse(text, [("الوزير", "irq_minister", "m"), ("العراق", "irq", "m")])
    assert stances.empty


def test_extract_statements_unknown_source_noun_is_not_carried():
    text = "وقال الوزير إن الوضع هادئ. وأكدت مصادر محلية أن الاشتباكات تجددت."
    statements, _ = _parse(text, [("الوزير", "minister", "m")])
    row = _one(statements, verb="أكدت")
    assert row.speaker_id == ""
    assert row.quote == "الاشتباكات تجددت"


def test_extract_statements_action_in_a_relative_clause_is_no_statement():
    text = "وتصاعد القتال رغم الاتفاق الذي أعلنته روسيا وتركيا في مارس."
    statements, _ = _parse(text, [("روسيا", "rus", "f"), ("تركيا", "tur", "f")])
    assert statements.empty


def test_extract_statements_narrator_support_by_verb_and_plural_participle():
    text = "وتعد الإمارات من أبرز الداعمين لقوات حفتر، بينما تدعم تركيا حكومة الوفاق."
    _, stances = _parse(
        text, [("الإمارات", "are", "f"), ("قوات حفتر", "lna", "m"), ("تركيا", "tur", "f"),
               ("حكومة الوفاق", "gna", "f")]
    )  # fmt: skip
    pairs = set(zip(stances["source_id"], stances["target_id"], stances["polarity"], strict=True))
    assert pairs == {("are", "lna", "positive"), ("tur", "gna", "positive")}
    assert stances["statement_id"].isna().all()


def test_extract_statements_date_opening_the_content_dates_the_statement():
    text = "اتهم رئيس الوزراء نواف سلام، اليوم الثلاثاء، إسرائيل بانتهاك الاتفاق."
    tuesday = dt.date(2025, 3, 11)
    statements, _ = _parse(
        text, [("نواف سلام", "salam", "m"), ("إسرائيل", "isr", "f")], date=tuesday
    )
    row = _one(statements, verb="اتهم")
    assert row.date == "2025-03-11"
    assert row.quote == "إسرائيل بانتهاك الاتفاق"  # not «سلام،» nor the dated aside


def test_extract_statements_date_inside_the_content_dates_the_event_only():
    text = "قال الوزير إن الهجوم وقع الجمعة الماضي في المدينة."
    statements, _ = _parse(text, [("الوزير", "minister", "m")], date=dt.date(2025, 3, 11))
    assert _one(statements, verb="قال").date == ""


def test_extract_statements_coordinated_headline_clause_is_its_own_statement():
    text = "لبنان يتهم إسرائيل بخرق الهدنة وواشنطن تدعو إلى التهدئة"
    statements, _ = _parse(
        text, [("لبنان", "lbn", "m"), ("إسرائيل", "isr", "f"), ("واشنطن", "usa", "f", "metonym")]
    )
    accuse = _one(statements, verb="يتهم")
    appeal = _one(statements, verb="تدعو")
    assert (accuse.speaker_id, accuse.target_ids) == ("lbn", "isr")
    assert accuse.quote == "إسرائيل بخرق الهدنة"
    assert appeal.speaker_id == "usa"


def test_extract_statements_denial_answers_a_recent_charge_about_the_denier():
    text = (
        "وزعم الجيش الإسرائيلي أن غاراته استهدفت مواقع لحزب الله قرب صور. "
        "ونفى حزب الله وجود أي منشآت عسكرية له في المنطقة."
    )
    statements, stances = _parse(
        text, [("الجيش الإسرائيلي", "idf", "m"), ("حزب الله", "hzb", "m"), ("حزب الله", "hzb", "m")]
    )
    claim = _one(statements, verb="زعم")
    denial = _one(statements, verb="نفى")
    assert denial.act == "deny"
    assert denial.responds_to == claim.statement_id
    pairs = set(zip(stances["source_id"], stances["target_id"], stances["polarity"], strict=True))
    assert ("hzb", "idf", "negative") in pairs


def test_extract_statements_denial_ignores_charges_about_others():
    text = (
        "وزعم الجيش الإسرائيلي أن غاراته استهدفت مواقع لحماس. "
        "ونفى حزب الله وجود أي منشآت عسكرية له في المنطقة."
    )
    statements, _ = _parse(
        text, [("الجيش الإسرائيلي", "idf", "m"), ("حماس", "hamas", "f"), ("حزب الله", "hzb", "m")]
    )
    assert pd.isna(_one(statements, verb="نفى").responds_to)


def test_extract_statements_predicative_verb_object_is_judged_by_its_predicate():
    text = 'ووصف حزب الله الرواية الإسرائيلية بأنها "ذريعة مكشوفة لاستهداف المدنيين".'
    statements, stances = _parse(
        text, [("حزب الله", "hzb", "m"), ("الإسرائيلية", "isr", "f", "nisba")]
    )
    assert _one(statements, verb="وصف").target_ids == "isr"
    pairs = set(zip(stances["source_id"], stances["target_id"], stances["polarity"], strict=True))
    assert pairs == {("hzb", "isr", "negative")}


def test_extract_statements_claim_about_the_deniers_parent_is_no_charge():
    text = (
        "وقال الجيش الأمريكي إنه يدرس مع تونس طرقا جديدة للتعاون. "
        "ونفى الجيش التونسي وجود قواعد عسكرية أجنبية في البلاد."
    )
    statements, _ = _parse(
        text,
        [
            ("الجيش الأمريكي", "usa_mil", "m"),
            ("تونس", "tun", "f"),
            ("الجيش التونسي", "tun_mil", "m"),
        ],
        parents={"tun_mil": "tun"},
    )
    assert pd.isna(_one(statements, verb="نفى").responds_to)


def test_extract_statements_subject_before_qad_speaks():
    text = 'وكان الرئيس المصري عبد الفتاح السيسي قد أكد في خطاب سابق أن "مياه النيل خط أحمر".'
    statements, _ = _parse(text, [("عبد الفتاح السيسي", "sisi", "m")], persons=("sisi",))
    row = _one(statements, verb="أكد")
    assert row.speaker_id == "sisi"
    assert row.quote == "مياه النيل خط أحمر"


def test_extract_statements_subject_before_qad_and_an_actor_after_the_verb_is_its_object():
    text = "وكان الرئيس الصومالي حسن شيخ محمود قد اتهم إثيوبيا، الثلاثاء، بانتهاك القانون الدولي."
    statements, stances = _parse(
        text, [("حسن شيخ محمود", "hsm", "m"), ("إثيوبيا", "eth", "f")], persons=("hsm",)
    )
    row = _one(statements, verb="اتهم")
    assert (row.speaker_id, row.act, row.target_ids) == ("hsm", "accuse", "eth")
    edges = stances[["source_id", "target_id", "polarity"]].itertuples(index=False, name=None)
    assert list(edges) == [("hsm", "eth", "negative")]


def test_extract_statements_subject_before_qad_inside_content_is_embedded():
    text = "وقال الوزير إن الجيش قد أكد جاهزيته."
    statements, _ = _parse(text, [("الوزير", "minister", "m"), ("الجيش", "army", "m")])
    assert list(statements["speaker_id"]) == ["minister"]


def test_extract_statements_feminine_participle_object_is_the_addressee():
    text = "حذرت الخارجية المصرية من التصعيد، داعية مجلس الأمن الدولي إلى التحرك."
    statements, stances = _parse(
        text, [("الخارجية المصرية", "egy_mfa", "f"), ("مجلس الأمن الدولي", "unsc", "m")]
    )
    appeal = _one(statements, verb="داعية")
    assert (appeal.speaker_id, appeal.act, appeal.target_ids) == ("egy_mfa", "appeal", "unsc")


def test_extract_statements_speakers_own_organisation_is_no_object():
    text = "وقال المتحدث باسم وزارة الخارجية الإثيوبية إن بلاده تمارس حقها في التنمية."
    statements, _ = _parse(
        text,
        [
            ("المتحدث باسم", "eth_mfa_spokesperson", "m"),
            ("وزارة الخارجية الإثيوبية", "eth_mfa", "f"),
        ],
        parents={"eth_mfa_spokesperson": "eth_mfa"},
    )
    row = _one(statements, verb="قال")
    assert (row.speaker_id, row.target_ids) == ("eth_mfa_spokesperson", "")


def test_extract_statements_marker_scan_stops_at_the_next_verb():
    text = 'ونفت طهران أي صلة لها بالهجوم، إذ قال المتحدث بقائي إن "الاتهامات لا أساس لها".'
    statements, _ = _parse(text, [("طهران", "irn", "f", "metonym"), ("بقائي", "baghaei", "m")])
    denial = _one(statements, verb="نفت")
    assert (denial.quote, denial.quote_kind) == ("أي صلة لها بالهجوم", "none")
    said = _one(statements, verb="قال")
    assert (said.speaker_id, said.quote_kind) == ("baghaei", "direct")


def test_extract_statements_quoted_anaphoric_denial_answers_the_charge():
    text = (
        "وحمّل المتحدث باسم البنتاغون إيران مسؤولية الهجمات على القواعد. "
        "وقالت الجماعة إن الهجوم جاء ردا على المجازر الأمريكية. "
        'وقال المتحدث الإيراني إن "الاتهامات الأمريكية لا أساس لها من الصحة".'
    )
    statements, _ = _parse(
        text,
        [("المتحدث باسم البنتاغون", "pentagon_spox", "m"), ("إيران", "irn", "f"),
         ("الجماعة", "group", "f"), ("الأمريكية", "usa", "f", "nisba"),
         ("المتحدث الإيراني", "irn_spox", "m"), ("الأمريكية", "usa", "f", "nisba")],
        parents={"irn_spox": "irn"},
    )  # fmt: skip
    charge = _one(statements, speaker_id="pentagon_spox")
    denial = _one(statements, speaker_id="irn_spox")
    assert denial.act == "deny"
    assert denial.responds_to == charge.statement_id


def test_extract_statements_nisba_after_a_noun_is_no_svo_subject():
    text = "فصائل عراقية تتبنى هجوما على قاعدة عسكرية"
    statements, _ = _parse(text, [("عراقية", "irq", "f", "nisba")])
    assert "irq" not in set(statements["speaker_id"])


def test_extract_statements_marked_verb_needs_a_marker():
    text = (
        "وكتب الوزير في منشور على منصة إكس أن الاتفاق سيكون استسلاما. "
        "ورأى الوزير الدخان يتصاعد فوق المدينة. "
        "وعلّق الاتحاد الأوروبي المساعدات المالية."
    )
    statements, _ = _parse(
        text,
        [("الوزير", "minister", "m"), ("الوزير", "minister", "m"), ("الاتحاد الأوروبي", "eu", "m")],
    )
    assert list(statements["verb"]) == ["كتب"]
    assert _one(statements, verb="كتب").quote == "الاتفاق سيكون استسلاما"


def test_extract_statements_question_with_colon_is_a_statement():
    text = 'وتساءل المتحدث باسم الأمين العام للأمم المتحدة ستيفان دوجاريك: "إلى متى؟".'
    statements, _ = _parse(
        text,
        [("ستيفان دوجاريك", "dujarric", "m")],
        persons=("dujarric",),
    )
    row = _one(statements, verb="تساءل")
    assert (row.speaker_id, row.quote_kind, row.quote) == ("dujarric", "direct", "إلى متى؟")


def test_extract_statements_title_nisba_before_a_name_is_no_adjective():
    text = "كتب وزير الأمن القومي الإسرائيلي إيتمار بن غفير أن أي اتفاق سيكون استسلاما."
    statements, _ = _parse(
        text,
        [("الإسرائيلي", "isr", "m", "nisba"), ("إيتمار بن غفير", "ben_gvir", "m")],
        persons=("ben_gvir",),
    )
    assert _one(statements, verb="كتب").speaker_id == "ben_gvir"


def test_extract_statements_nisba_after_the_subject_is_no_object():
    text = "ذكرت صحيفة واشنطن بوست الأمريكية أن الوسطاء قدموا مقترحا جديدا."
    statements, _ = _parse(
        text, [("صحيفة واشنطن بوست", "wapo", "f"), ("الأمريكية", "usa", "f", "nisba")]
    )
    row = _one(statements, verb="ذكرت")
    assert (row.speaker_id, row.target_ids) == ("wapo", "")


def test_extract_statements_subject_runs_over_title_name_and_alias():
    text = "اتهم قائد القوات محمد دقلو (حميدتي) الجيش بعرقلة جهود السلام."
    statements, _ = _parse(
        text,
        [("قائد القوات", "dagalo", "m"), ("محمد دقلو", "dagalo", "m"), ("حميدتي", "dagalo", "m"),
         ("الجيش", "army", "m")],
        persons=("dagalo",),
    )  # fmt: skip
    row = _one(statements, verb="اتهم")
    assert (row.speaker_id, row.target_ids) == ("dagalo", "army")
    assert row.quote == "الجيش بعرقلة جهود السلام"


def test_extract_statements_quoted_name_is_an_svo_subject():
    text = 'البرهان يرفض "أي هدنة" و"حميدتي" يتهم الجيش بعرقلة السلام'
    statements, _ = _parse(
        text,
        [("البرهان", "burhan", "m"), ("حميدتي", "dagalo", "m"), ("الجيش", "army", "m")],
        persons=("burhan", "dagalo"),
    )
    assert _one(statements, verb="يتهم").speaker_id == "dagalo"


def test_extract_statements_title_of_an_organisation_speaks_for_it():
    text = (
        "وقال المستشار الإعلامي لقوات الدعم السريع إن التقارير مفبركة، متهما الجيش بالوقوف وراءها."
    )
    statements, _ = _parse(text, [("قوات الدعم السريع", "rsf", "f"), ("الجيش", "army", "m")])
    said = _one(statements, verb="قال")
    blamed = _one(statements, verb="متهما")
    assert (said.speaker_id, blamed.speaker_id, blamed.target_ids) == ("rsf", "rsf", "army")


def test_extract_statements_pledge_participle_is_its_own_statement():
    text = 'قال البرهان إن الجيش "لن يتفاوض"، متعهدا بمواصلة القتال.'
    statements, _ = _parse(text, [("البرهان", "burhan", "m"), ("الجيش", "army", "m")])
    pledge = _one(statements, verb="متعهدا")
    assert (pledge.speaker_id, pledge.quote) == ("burhan", "بمواصلة القتال")


def test_extract_statements_headline_speaker_before_a_colon():
    text = "الرئيس الروسي بوتين: لن نسمح بتوسع الناتو شرقا\n\nموسكو - قال الكرملين إن الحوار ممكن."
    statements, _ = _parse(
        text,
        [("بوتين", "putin", "m"), ("الناتو", "nato", "m"), ("الكرملين", "kremlin", "m")],
        persons=("putin",),
    )
    headline = _one(statements, verb=":")
    assert (headline.speaker_id, headline.quote_kind) == ("putin", "direct")
    assert (headline.quote, headline.target_ids) == ("لن نسمح بتوسع الناتو شرقا", "nato")
    assert _one(statements, verb="قال").speaker_id == "kremlin"


def test_extract_statements_place_before_a_headline_colon_is_no_speaker():
    text = "غزة: مقتل 20 في غارات ليلية\n\nقال الدفاع المدني إن الغارات استهدفت منازل."
    statements, _ = _parse(text, [("غزة", "gaza", "f", "metonym")])
    assert ":" not in set(statements["verb"])


def test_extract_statements_span_cut_before_the_next_subject_drops_the_conjunction():
    text = 'البرهان يرفض "أي هدنة" مع الدعم السريع و"حميدتي" يتهم الجيش بعرقلة السلام'
    article = read_article(text)
    statements, _ = _parse(
        text,
        [("البرهان", "burhan", "m"), ("الدعم السريع", "rsf", "m"), ("حميدتي", "dagalo", "m"),
         ("الجيش", "army", "m")],
        persons=("burhan", "dagalo"),
    )  # fmt: skip
    first = _one(statements, verb="يرفض")
    assert article.text[first.start : first.end] == 'البرهان يرفض "أي هدنة" مع الدعم السريع'


def test_extract_statements_named_holder_after_rank_words():
    text = "وقال المتحدث باسم الجيش التونسي العقيد محمد زكري إن الوضع هادئ."
    statements, _ = _parse(
        text,
        [("الجيش التونسي", "tun_military", "m"), ("محمد زكري", "zikri", "m")],
        persons=("zikri",),
    )
    assert _one(statements, verb="قال").speaker_id == "zikri"


def test_extract_statements_time_word_after_an_organisation_is_no_rank():
    text = "وقال الجيش التونسي الأحد إن محمد زكري عاد."
    statements, _ = _parse(
        text,
        [("الجيش التونسي", "tun_military", "m"), ("محمد زكري", "zikri", "m")],
        persons=("zikri",),
    )
    assert _one(statements, verb="قال").speaker_id == "tun_military"


def test_extract_statements_bare_surname_of_a_named_person_speaks():
    text = (
        "اتهم رئيس الحكومة نواف سلام إسرائيل بخرق الاتفاق. وقال سلام في مؤتمر صحفي إن الجيش مستعد."
    )
    statements, _ = _parse(
        text,
        [("نواف سلام", "salam", "m"), ("إسرائيل", "isr", "f"), ("الجيش", "army", "m")],
        persons=("salam",),
    )
    assert list(statements["speaker_id"]) == ["salam", "salam"]


def test_extract_statements_common_word_is_no_surname_before_the_name():
    text = "وقال سلام الجنوب إن الحوار مستمر. والتقى نواف سلام الوفد."
    statements, _ = _parse(text, [("نواف سلام", "salam", "m")], persons=("salam",))
    assert _one(statements, verb="قال").speaker_id == ""


def test_extract_statements_construct_title_before_a_name_and_defend():
    text = "دافع رئيس مجلس النواب عقيلة صالح عن القرار، وقال في بيان إن البرلمان هو المخول."
    statements, _ = _parse(
        text, [("عقيلة صالح", "saleh", "m"), ("البرلمان", "parliament", "m")], persons=("saleh",)
    )
    defended = _one(statements, verb="دافع")
    assert (defended.speaker_id, defended.act, defended.quote) == ("saleh", "support", "القرار")
    assert _one(statements, verb="قال").speaker_id == "saleh"


def test_extract_statements_headline_quotation_after_the_colon_is_the_quote():
    text = 'عاجل | ترامب: "سنرد بقوة" #إيران\n\nواشنطن - قال البيت الأبيض إن الرد قادم.'
    statements, _ = _parse(text, [("ترامب", "trump", "m"), ("البيت الأبيض", "white_house", "m")])
    headline = _one(statements, verb=":")
    assert (headline.speaker_id, headline.quote, headline.quote_kind) == (
        "trump",
        "سنرد بقوة",
        "direct",
    )


def test_extract_statements_two_subjects_before_a_dual_verb():
    text = "الرياض وطهران تتفقان على استئناف الرحلات"
    statements, _ = _parse(
        text, [("الرياض", "sau", "f", "metonym"), ("طهران", "irn", "f", "metonym")]
    )
    assert sorted(statements["speaker_id"]) == ["irn", "sau"]
    assert set(statements["act"]) == {"agree"}


def test_extract_statements_actor_after_a_pronoun_subject_is_the_object():
    text = 'وصرح بيسكوف بأن موسكو "منفتحة على الحوار"، لكنه اتهم كييف بتقويض أي فرصة للسلام.'
    statements, _ = _parse(
        text,
        [
            ("بيسكوف", "peskov", "m"),
            ("موسكو", "rus", "f", "metonym"),
            ("كييف", "ukr", "f", "metonym"),
        ],
        persons=("peskov",),
    )
    accused = _one(statements, verb="اتهم")
    assert (accused.speaker_id, accused.target_ids) == ("peskov", "ukr")


def test_extract_statements_quotation_before_its_verb_is_the_content():
    text = '"لن نقف مكتوفي الأيدي أمام استهداف إسرائيل للمدنيين"، قال الجيش اللبناني في بيان.'
    statements, _ = _parse(text, [("إسرائيل", "isr", "f"), ("الجيش اللبناني", "lbn_military", "m")])
    row = _one(statements, verb="قال")
    assert (row.speaker_id, row.quote_kind) == ("lbn_military", "direct")
    assert row.quote == "لن نقف مكتوفي الأيدي أمام استهداف إسرائيل للمدنيين"
    assert row.target_ids == "isr"
    assert text[row.start : row.end].startswith('"لن نقف') and row.end > text.index("بيان")


def test_extract_statements_quotation_before_a_verb_with_its_own_content_is_not_taken():
    text = '"الوضع خطير". وقال الجيش اللبناني إن الحدود هادئة.'
    statements, _ = _parse(text, [("الجيش اللبناني", "lbn_military", "m")])
    assert _one(statements, verb="قال").quote == "الحدود هادئة"


@pytest.mark.parametrize(
    ("text", "mentions", "speaker", "quote"),
    [
        (
            'أما واشنطن، فأكدت على لسان المبعوثة الأميركية مورغان أورتاغوس أن "الهدنة صامدة".',
            [("واشنطن", "usa", "f"), ("مورغان أورتاغوس", "ortagus", "f")],
            "ortagus",
            "الهدنة صامدة",
        ),
        (
            "وأكدت الخارجية المصرية على لسان متحدثها أن القاهرة ترفض التهجير.",
            [("الخارجية المصرية", "egy_mfa", "f"), ("القاهرة", "egy", "f")],
            "egy_mfa",  # nobody named in the phrase: القاهرة is content, not the voice
            "القاهرة ترفض التهجير",
        ),
    ],
)
def test_extract_statements_spoken_through_someone(text, mentions, speaker, quote):
    statements, _ = _parse(text, mentions, persons=("ortagus",))
    row = _one(statements, verb="أكدت")
    assert (row.speaker_id, row.quote) == (speaker, quote)


def test_extract_statements_quoted_outlet_name_is_no_quotation():
    text = 'وقال مسؤول إسرائيلي لصحيفة "يديعوت أحرونوت" إن تل أبيب "لم تتلق ضمانات كافية".'
    statements, _ = _parse(
        text,
        [("مسؤول إسرائيلي", "official_isr", "m"), ("يديعوت أحرونوت", "yedioth", "f"),
         ("تل أبيب", "isr", "f")],
    )  # fmt: skip
    row = _one(statements, verb="قال")
    assert row.quote == 'تل أبيب "لم تتلق ضمانات كافية"'
    assert row.target_ids == "isr"  # the outlet spoken to is no target


def test_extract_statements_what_an_agency_reported_is_its_statement():
    statements, _ = _parse(
        "ووفق ما أوردته وكالة رويترز، فإن الوزارة ستصدر التراخيص.",
        [("وكالة رويترز", "reuters", "f")],
    )
    assert _one(statements).speaker_id == "reuters"


def test_extract_statements_singular_participle_after_joint_speakers_speaks_for_all():
    text = 'رحبت كل من السعودية وقطر والأردن بالقرار، معتبرة أنه "خطوة مهمة".'
    statements, _ = _parse(
        text, [("السعودية", "sau", "f"), ("قطر", "qat", "f"), ("الأردن", "jor", "f")]
    )
    participle = statements[statements["verb"] == "معتبرة"]
    assert sorted(participle["speaker_id"]) == ["jor", "qat", "sau"]


def test_extract_statements_reservations_are_a_concern():
    statements, _ = _parse("وأعربت إسرائيل عن تحفظها على الخطوة.", [("إسرائيل", "isr", "f")])
    assert (_one(statements).act, _one(statements).verb) == ("concern", "أعربت … تحفظها")


def test_extract_statements_spokesperson_with_its_organisation_is_one_subject():
    statements, _ = _parse(
        "فيما نفى متحدث باسم البنتاغون صحة التقارير.",
        [("متحدث باسم", "spox_pentagon", "m", "unnamed"), ("البنتاغون", "pentagon", "m")],
        parents={"spox_pentagon": "pentagon"},
    )
    row = _one(statements)
    assert (row.speaker_id, row.act, row.quote) == ("spox_pentagon", "deny", "صحة التقارير")
    assert row.target_ids == ""  # the organisation it speaks for is no target


@pytest.mark.parametrize(
    "text", ["ورفض الكرملين التعليق على التقارير.", "وامتنع الكرملين عن الإدلاء بأي تعليق."]
)
def test_extract_statements_declining_to_comment_is_no_statement(text):
    statements, _ = _parse(text, [("الكرملين", "kremlin", "m")])
    assert statements.empty


def test_extract_statements_light_verb_noun_after_a_long_subject():
    text = "وأعرب الأمين العام لجامعة الدول العربية أحمد أبو الغيط عن إدانته الشديدة للهجوم."
    statements, _ = _parse(text, [("أحمد أبو الغيط", "aboul_gheit", "m")], persons=("aboul_gheit",))
    row = _one(statements)
    assert (row.speaker_id, row.act, row.verb) == ("aboul_gheit", "condemn", "أعرب … إدانته")


def test_extract_statements_agency_that_carried_a_statement_says_nothing():
    text = 'وقال الناطق نبيل أبو ردينة في بيان نقلته وكالة وفا إن "هذه الجرائم لن تمر".'
    statements, _ = _parse(
        text, [("نبيل أبو ردينة", "abu_rudeineh", "m"), ("وكالة وفا", "wafa", "f")],
        persons=("abu_rudeineh",),
    )  # fmt: skip
    row = _one(statements)
    assert (row.speaker_id, row.quote, row.target_ids) == (
        "abu_rudeineh", "هذه الجرائم لن تمر", "",
    )  # fmt: skip


def test_extract_statements_separate_statements_channel_is_no_content():
    text = "كما أدانت الأردن ومصر في بيانين منفصلين الاعتداءات."
    statements, _ = _parse(text, [("الأردن", "jor", "f"), ("مصر", "egy", "f")])
    assert set(statements["quote"]) == {"الاعتداءات"}


@pytest.mark.parametrize(
    ("text", "mentions", "speaker", "quote"),
    [
        (
            'وأفادت وكالة "إرنا" الإيرانية بأن المحادثات ستستأنف.',
            [("إرنا", "irna", "f")],
            "irna",
            "المحادثات ستستأنف",
        ),
        (
            'وقالت صحيفة "هآرتس" إن الحكومة الإسرائيلية منقسمة.',
            [("هآرتس", "haaretz", "f"), ("الحكومة الإسرائيلية", "isr_gov", "f")],
            "haaretz",
            "الحكومة الإسرائيلية منقسمة",
        ),
    ],
)
def test_extract_statements_outlet_named_in_quotation_marks_speaks(text, mentions, speaker, quote):
    statements, _ = _parse(text, mentions)
    row = _one(statements)
    assert (row.speaker_id, row.quote) == (speaker, quote)


def test_extract_statements_verb_in_alef_before_its_object_pronoun():
    text = "وقالت إسرائيل إنها قتلت قائدا في حزب الله، وهو ما نفاه الحزب."
    statements, _ = _parse(
        text, [("إسرائيل", "isr", "f"), ("حزب الله", "hzb", "m"), ("الحزب", "hzb", "m")]
    )
    row = _one(statements, verb="نفاه")
    assert (row.speaker_id, row.act, row.responds_to) == ("hzb", "deny", 1)


def test_extract_statements_alef_stem_alone_is_no_verb():
    text = "ولم يتراجع الجيش السوداني أبدا عن موقفه."
    statements, _ = _parse(text, [("الجيش السوداني", "saf", "m")])
    assert statements.empty


@pytest.mark.parametrize(
    ("content", "polarity", "basis"),
    [
        ("ستراجع كل أشكال التعاون مع إسبانيا", "negative", "cue:ستراجع كل أشكال التعاون"),
        ("قررت تعليق الشراكة مع إسبانيا", "negative", "cue:تعليق الشراكة"),
        ("لا تعاون مع إسبانيا", "negative", "cue:لا تعاون"),
        ("لا بديل عن الحوار مع إسبانيا", "positive", "cue:حوار"),  # the negation is too far
        ("تريد التعاون مع إسبانيا", "positive", "cue:تعاون"),
    ],
)
def test_extract_statements_positive_cue_undone_before_it_turns_negative(content, polarity, basis):
    text = f"وأكد الوزير أن بلاده {content}."
    _, stances = _parse(text, [("الوزير", "dza_minister", "m"), ("إسبانيا", "esp", "f")])
    row = _one(stances)
    assert (row.source_id, row.target_id, row.polarity, row.basis) == (
        "dza_minister", "esp", polarity, basis)  # fmt: skip


def test_extract_statements_rejecting_a_positive_cue_is_negative():
    text = "ورفض الوزير أي تعاون مع إسبانيا."
    statements, stances = _parse(text, [("الوزير", "dza_minister", "m"), ("إسبانيا", "esp", "f")])
    assert _one(statements).act == "reject"
    row = _one(stances)
    assert (row.target_id, row.polarity) == ("esp", "negative")
