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
    "tests/heldout/lebanon_truce.txt": (
        "2025-03-11",
        [
            ("يتهم", "lbn", "accuse"),
            ("تدعو", "usa", "appeal"),
            ("اتهم رئيس", "nawaf_salam", "accuse"),
            ("مطالبا", "nawaf_salam", "appeal"),
            ("وقال سلام", "nawaf_salam", "claim"),
            ("مضيفا", "nawaf_salam", "claim"),
            ("زعم", "isr_military", "claim"),
            ("مؤكدا أنه", "isr_military", "claim"),
            ("ونفى", "hezbollah", "deny"),
            ("واصفا", "hezbollah", "claim"),
            ("دعت وزارة", "usa_foreign_ministry", "appeal"),
            ("وقال المتحدث", "source_spokesperson_usa_foreign_ministry", "claim"),
            ("أعربت", "fra", "concern"),
            ("وحث", "jean_noel_barrot", "appeal"),
            ("وأفادت", "source_sources_local", "claim"),
            ("قال شهود", "source_witnesses", "claim"),
            ("قد أكد", "joseph_aoun", "claim"),
            ("داعيا", "joseph_aoun", "appeal"),
        ],
    ),
    "tests/heldout/nile_dam.txt": (
        "2025-07-06",
        [
            ("تحذر", "egy", "warn"),
            ("حذرت", "egy_foreign_ministry", "warn"),
            ("داعية", "egy_foreign_ministry", "appeal"),
            ("وقال وزير", "badr_abdelatty", "claim"),
            ("ونقلت", "sdn_water_minister", "claim"),
            ("رفضت", "eth_government", "reject"),
            ("وقال المتحدث", "source_spokesperson_eth_foreign_ministry", "claim"),
            ("وبحسب", "african_union", "claim"),
            ("واعتبر", "source_observers", "claim"),
            ("قد أكد", "abdel_fattah_el_sisi", "claim"),
            ("مشيدا", "abdel_fattah_el_sisi", "support"),
        ],
    ),
    "tests/heldout/iraq_drone.txt": (
        "2024-01-18",
        [
            ("تتبنى", "irq_factions", "claim"),
            ("تتوعد", "irq", "threaten"),
            ("أعلنت", "islamic_resistance_in_iraq", "claim"),
            ("وقالت الجماعة", "islamic_resistance_in_iraq", "claim"),
            ("وصرح", "source_official_irq", "claim"),
            ("مشيرا", "source_official_irq", "claim"),
            ("أدان", "mohammed_shia_al_sudani", "condemn"),
            ("وتوعد", "mohammed_shia_al_sudani", "threaten"),
            ("مؤكدا أن", "mohammed_shia_al_sudani", "claim"),
            ("حمّل", "source_spokesperson_usa_defence_ministry", "accuse"),
            ("وهدد", "source_spokesperson_usa_defence_ministry", "threaten"),
            ("نفت", "irn", "deny"),
            ("قال المتحدث باسم الخارجية", "esmaeil_baghaei", "deny"),
            ("ورحبت", "un", "support"),
            ("ودعت", "unami", "appeal"),
        ],
    ),
    "tests/heldout/gaza_talks.txt": (
        "2024-05-02",
        [
            ("ذكرت", "washington_post", "claim"),
            ("نقلا عن", "source_officials_informed", "claim"),
            ("ووفقا", "pse_presidency", "claim"),
            ("قال القيادي", "basem_naim", "claim"),
            ("وأوضح", "egy_foreign_minister", "claim"),
            ("كتب", "itamar_ben_gvir", "claim"),
            ("وتساءل", "stephane_dujarric", "claim"),
            ("ويرى", "source_analysts", "claim"),
        ],
    ),
    "tests/heldout/sudan_war.txt": (
        "2024-06-15",
        [
            ("يرفض", "abdel_fattah_al_burhan", "reject"),
            ("يتهم", "mohamed_hamdan_dagalo", "accuse"),
            ("قال رئيس", "abdel_fattah_al_burhan", "claim"),
            ("متعهدا", "abdel_fattah_al_burhan", "claim"),
            ("وأضاف", "abdel_fattah_al_burhan", "claim"),
            ("وتابع", "abdel_fattah_al_burhan", "claim"),
            ("اتهم قائد", "mohamed_hamdan_dagalo", "accuse"),
            ("وقال في تسجيل", "mohamed_hamdan_dagalo", "claim"),
            ("قال المستشار", "rsf", "deny"),
            ("متهما", "rsf", "accuse"),
            ("أعربت", "msf", "concern"),
            ("وقالت في بيان", "msf", "claim"),
            ("وطالبت", "usa", "appeal"),
            ("وطالبت", "sau", "appeal"),
        ],
    ),
    # Written after the rules were last changed and scored once, untuned: 10/13 speakers
    # (the headline's المرصد before its full name, and an unlisted governor, are missed).
    "tests/heldout/syria_coast.txt": (
        "2025-03-07",
        [
            ("تعلن", "syr", "claim"),
            ("يتحدث", "sohr", "claim"),
            ("أعلنت", "syr_interior_ministry", "claim"),
            ("مؤكدة", "syr_interior_ministry", "claim"),
            ("وقال مصدر", "source_source_military", "claim"),
            ("مشيرا", "source_source_military", "claim"),
            ("أفاد", "sohr", "claim"),
            ("محذرا", "sohr", "warn"),
            ("ونفى", "source_governor_alladhqyh", "deny"),
            ("ولفت", "source_governor_alladhqyh", "claim"),
            ("دعت", "ohchr", "appeal"),
            ("أعربت", "fra", "concern"),
            ("قد تعهد", "ahmed_al_sharaa", "claim"),
        ],
    ),
    # Written and scored once untuned like syria_coast: 9/12 speakers, acts 8/9 (دافع عن was
    # no reporting verb; a ministry without a nisba is no organisation; أعرب عن استعداده
    # reads as agree where this gold says claim).
    "tests/heldout/libya_budget.txt": (
        "2025-02-09",
        [
            ("يرفض", "abdul_hamid_dbeibah", "reject"),
            ("تحذر", "unsmil", "warn"),
            ("رفض رئيس", "abdul_hamid_dbeibah", "reject"),
            ("معتبرا", "abdul_hamid_dbeibah", "claim"),
            ("وقال الدبيبة", "abdul_hamid_dbeibah", "claim"),
            ("دافع", "aguila_saleh", "support"),
            ("وقال في بيان", "aguila_saleh", "claim"),
            ("حذرت", "unsmil", "warn"),
            ("ودعت", "unsmil", "appeal"),
            ("وأعرب", "lby_central_bank", "claim"),
            ("مشددا", "lby_central_bank", "claim"),
            ("ونقلت", "source_source_lby_finance_ministry", "claim"),
        ],
    ),
    # Written and scored once untuned: 10/14 speakers, acts 9/10 (the dual headline verb
    # تتفقان was missing; a joint statement's authors are coded, the program gave the
    # agency that published it).
    "tests/heldout/gulf_talks.txt": (
        "2025-03-13",
        [
            ("تتفقان", "sau", "agree"),
            ("تتفقان", "irn", "agree"),
            ("أعلنت", "sau", "claim"),
            ("أعلنت", "irn", "claim"),
            ("وجاء", "sau", "claim"),
            ("وجاء", "irn", "claim"),
            ("قال وزير", "faisal_bin_farhan", "claim"),
            ("شدد", "faisal_bin_farhan", "claim"),
            ("رحب", "abbas_araghchi", "support"),
            ("ووصفه", "abbas_araghchi", "claim"),
            ("وأشاد", "jasem_albudaiwi", "support"),
            ("معربا", "jasem_albudaiwi", "claim"),
            ("انتقد", "benjamin_netanyahu", "accuse"),
            ("وقال إن طهران", "benjamin_netanyahu", "claim"),
        ],
    ),
    # Written and scored once untuned: 9/11 speakers, acts 9/9 (لكنه اتهم كييف took كييف as
    # the subject; an EU official described by office and التكتل is no EU official).
    "tests/heldout/ukraine_strikes.txt": (
        "2025-04-05",
        [
            ("تعلن", "rus", "claim"),
            ("تتحدث", "ukr", "claim"),
            ("أفادت", "rus_defence_ministry", "claim"),
            ("قال الرئيس", "volodymyr_zelensky", "claim"),
            ("داعيا", "volodymyr_zelensky", "appeal"),
            ("ووفق", "ukr_air_force", "claim"),
            ("وصرح", "dmitry_peskov", "claim"),
            ("اتهم", "dmitry_peskov", "accuse"),
            ("ونقلت", "source_source", "claim"),
            ("دان", "eu", "condemn"),
            ("وقال مسؤول", "source_official_eu", "claim"),
        ],
    ),
    # Written and scored once untuned: 8/11 speakers, acts 8/8 (the junta, المجلس العسكري
    # الحاكم في النيجر, was no actor; its gold id then became the new institution's id).
    # يطرد and أمهل are coded as statements here; the program reads them as actions.
    "tests/heldout/sahel_coup.txt": (
        "2023-08-25",
        [
            ("يطرد", "ner_military_council", "claim"),
            ("ترفض", "fra", "reject"),
            ("أمهل", "ner_military_council", "appeal"),
            ("متهما", "ner_military_council", "accuse"),
            ("وقال المتحدث", "person_amadw_abd_alrhmn", "claim"),
            ("أكدت", "fra_foreign_ministry", "claim"),
            ("مشيرة", "fra_foreign_ministry", "claim"),
            ("ودعت", "ecowas", "appeal"),
            ("ملوحة", "ecowas", "threaten"),
            ("فأعرب", "african_union", "concern"),
            ("وحث", "african_union", "appeal"),
        ],
    ),
    # added in the fourth session from three more written articles; the rules they
    # exercised were fixed in that session, so they are regression cases, not a
    # measure of generalisation
    "tests/heldout/somalia_port.txt": (
        "2024-01-03",
        [
            ("وقال رئيس الوزراء", "hamza_abdi_barre", "claim"),
            ("مؤكدا", "hamza_abdi_barre", "claim"),
            ("وأضاف بري", "hamza_abdi_barre", "claim"),
            ("دافع", "billene_seyoum", "support"),
            ("وقالت إنه", "billene_seyoum", "claim"),
            ("مشيرة", "billene_seyoum", "claim"),
            ("رحب", "muse_bihi_abdi", "support"),
            ("ووصفها", "muse_bihi_abdi", "claim"),
            ("أعربت", "arab_league", "reject"),
            ("ودعت", "arab_league", "appeal"),
            ("حذرت", "egy", "warn"),
            ("قال وزير", "sameh_shoukry", "claim"),
            ("ونفت", "eth_foreign_ministry", "deny"),
            ("مؤكدة", "eth_foreign_ministry", "claim"),
            ("وأفاد", "source_official_african_union", "claim"),
            ("اتهم إثيوبيا", "hassan_sheikh_mohamud", "accuse"),
            ("وقال في كلمة", "hassan_sheikh_mohamud", "claim"),
            ("فدعت", "matthew_miller", "appeal"),
        ],
    ),
    "tests/heldout/egypt_imf.txt": (
        "2024-07-30",
        [
            ("يوافق", "imf", "agree"),
            ("أعلن", "imf", "claim"),
            ("وقالت المديرة", "kristalina_georgieva", "claim"),
            ("شددت", "kristalina_georgieva", "claim"),
            ("رحب", "mostafa_madbouly", "support"),
            ("وقال خلال", "mostafa_madbouly", "claim"),
            ("وأوضح", "mostafa_madbouly", "claim"),
            ("نافيا", "mostafa_madbouly", "deny"),
            ("انتقد", "person_hany_twfyq", "condemn"),
            ("معتبرا", "person_hany_twfyq", "claim"),
            ("وقال البنك", "egy_central_bank", "claim"),
            ("أكد وزير", "person_ahmd_kjwk", "claim"),
            ("مضيفا", "person_ahmd_kjwk", "claim"),
            ("مشيرة", "moodys", "claim"),
            ("ويرى", "source_analysts", "claim"),
            ("حذر", "imf", "warn"),
        ],
    ),
    "tests/heldout/syria_reactions.txt": (
        "2025-05-24",
        [
            ("رحبت", "sau", "support"),
            ("رحبت", "qat", "support"),
            ("رحبت", "jor", "support"),
            ("معتبرة", "sau", "claim"),
            ("معتبرة", "qat", "claim"),
            ("معتبرة", "jor", "claim"),
            ("وقال وزير", "asaad_al_shaibani", "claim"),
            ("وتابع", "asaad_al_shaibani", "claim"),
            ("وحسب", "syr_news_agency", "claim"),
            ("انتقدت", "amnesty", "condemn"),
            ("وقالت إنه", "amnesty", "claim"),
            ("وأعربت", "isr", "concern"),  # its reservations
            ("قال مسؤول", "source_official_isr", "claim"),
            ("ووفق", "reuters", "claim"),
        ],
    ),
    "tests/heldout/westbank.txt": (
        "2025-06-15",
        [
            ("تندد", "palestinian_authority", "condemn"),
            ("تدعو", "usa", "appeal"),
            ("نددت", "pse_presidency", "condemn"),
            ("محملة", "pse_presidency", "accuse"),
            ("وقال الناطق", "person_nbyl_abw_rdynh", "claim"),
            ("مطالبا", "person_nbyl_abw_rdynh", "appeal"),
            ("أعلن", "palestine_red_crescent", "claim"),
            ("زعم", "isr_military", "claim"),
            ("مضيفا", "isr_military", "claim"),
            ("وقال وزير", "itamar_ben_gvir", "claim"),
            ("ووصف", "yair_lapid", "claim"),
            ("قال متحدث", "source_spokesperson_usa_foreign_ministry", "claim"),
            ("داعيا", "source_spokesperson_usa_foreign_ministry", "appeal"),
            ("أدانت", "jor", "condemn"),
            ("أدانت", "egy", "condemn"),
            ("وحذرتا", "jor", "warn"),
            ("وحذرتا", "egy", "warn"),
        ],
    ),
    "tests/heldout/algeria_spain.txt": (
        "2022-03-23",
        [
            ("ترحب", "mar", "support"),
            ("ما وصفته", "dza", "claim"),  # a description in a relative clause
            ("وقالت وزارة", "dza_foreign_ministry", "claim"),
            ("مؤكدة", "dza_foreign_ministry", "claim"),
            ("وأكد وزير", "ahmed_attaf", "claim"),
            ("وأضاف عطاف", "ahmed_attaf", "claim"),
            ("رحبت وزارة", "mar_foreign_ministry", "support"),
            ("واعتبرت", "mar_foreign_ministry", "claim"),
            ("وقال وزير", "nasser_bourita", "claim"),
            ("نددت جبهة", "polisario", "condemn"),
            ("ووصفته", "polisario", "claim"),
            ("وحذر ممثل", "polisario", "warn"),  # the Front's representative at the UN
            ("ونفى رئيس", "pedro_sanchez", "deny"),
            ("وقال أمام", "pedro_sanchez", "claim"),
            ("ودعا الأمين", "antonio_guterres", "appeal"),
            ("قد اتهمت", "mar", "accuse"),
            ("نفته", "dza", "deny"),
            ("وقال مصدر", "source_source_european", "claim"),
        ],
    ),
    "tests/heldout/tunisia_vote.txt": (
        "2024-08-12",
        [
            ("أعلنت جبهة", "tun_national_salvation_front", "claim"),
            ("معتبرة", "tun_national_salvation_front", "claim"),
            ("وقال رئيس", "ahmed_najib_chebbi", "claim"),
            ("داعيا", "ahmed_najib_chebbi", "appeal"),
            ("رفضت الهيئة", "tun_isie", "reject"),
            ("وأكد رئيسها", "farouk_bouasker", "claim"),
            ("متهما", "kais_saied", "accuse"),  # after ورد, not a reporting verb
            ("وشدد سعيد", "kais_saied", "claim"),
            ("أعرب الاتحاد", "ugtt", "concern"),
            ("وطالب السلطات", "ugtt", "appeal"),
            ("أعربت منظمة", "amnesty", "concern"),
            ("ودعت السلطات", "amnesty", "appeal"),  # the authorities are addressed
            ("قالت الناطقة", "source_spokesperson_free_destourian_party", "claim"),
            ("قالت وزارة", "usa_foreign_ministry", "claim"),
            ("وحثت", "usa_foreign_ministry", "appeal"),
        ],
    ),
    "tests/heldout/aegean_tension.txt": (
        "2024-03-15",
        [
            ("تتهم أثينا", "tur", "accuse"),
            ("اتهمت تركيا", "tur", "accuse"),
            ("وقالت وزارة", "tur_defence_ministry", "claim"),
            ("مشيرة", "tur_defence_ministry", "claim"),
            ("وحذر وزير", "yasar_guler", "warn"),
            ("نفت وزارة", "grc_foreign_ministry", "deny"),
            ("ووصفتها", "grc_foreign_ministry", "deny"),  # "baseless"
            ("وقال رئيس", "kyriakos_mitsotakis", "claim"),
            ("أعرب الاتحاد", "eu", "support"),
            ("ودعا تركيا", "eu", "appeal"),  # Türkiye is addressed
            ("وقال المتحدث", "source_spokesperson_nato", "claim"),
            ("اعتبر أن", "erdogan", "claim"),  # أما … فقد اعتبر
            ("مضيفا", "erdogan", "claim"),
        ],
    ),
    "tests/heldout/opec_cut.txt": (
        "2024-06-02",
        [
            ("ينتقد", "donald_trump", "condemn"),
            ("قالت إنها", "opec_plus", "claim"),  # في خطوة قالت: the group
            ("وقال وزير", "abdulaziz_bin_salman", "claim"),
            ("وأكد نائب", "alexander_novak", "claim"),
            ("مشيرا", "alexander_novak", "claim"),
            ("انتقد الرئيس", "donald_trump", "condemn"),
            ("وكتب", "donald_trump", "claim"),
            ("وطالب ترامب", "donald_trump", "appeal"),
            ("رحب وزير", "hayan_abdul_ghani", "support"),
            ("معتبرا", "hayan_abdul_ghani", "claim"),
        ],
    ),
    "tests/heldout/darfur_famine.txt": (
        "2024-06-11",
        [
            ("تحذر", "un", "warn"),
            ("يتهم", "rsf", "accuse"),
            ("حذر مكتب", "ocha", "warn"),
            ("داعيا", "ocha", "appeal"),
            # وقالت منسقة الشؤون الإنسانية …: a person the lexicon does not know, left out
            ("اتهمت قوات", "rsf", "accuse"),
            ("أكد الناطق", "person_nbyl_abd_allh", "claim"),
            ("نفته", "rsf", "deny"),
            ("وشددت", "sau", "claim"),
            ("وشددت", "usa", "claim"),
            ("ودعتا", "sau", "appeal"),
            ("ودعتا", "usa", "appeal"),
        ],
    ),
    "tests/heldout/iaea_resolution.txt": (
        "2024-11-21",
        [
            ("ترفض", "irn", "reject"),
            ("وتتوعد", "irn", "threaten"),
            ("رفضت إيران", "irn", "reject"),
            ("ووصفته", "irn", "claim"),
            ("وقال المتحدث", "esmaeil_baghaei", "claim"),
            ("محملا", "esmaeil_baghaei", "accuse"),
            ("أعلن رئيس", "mohammad_eslami", "claim"),
            ("قال المدير", "rafael_grossi", "claim"),
            ("ورحبت", "fra", "support"),
            ("ورحبت", "deu", "support"),
            ("ورحبت", "gbr", "support"),
            ("معتبرة", "fra", "claim"),
            ("معتبرة", "deu", "claim"),
            ("معتبرة", "gbr", "claim"),
            ("انتقدت القرار", "mikhail_ulyanov", "condemn"),  # على لسان مندوبها …
            ("كتب على", "mikhail_ulyanov", "claim"),
        ],
    ),
    "tests/heldout/tripoli_clashes.txt": (
        "2025-05-13",
        [
            ("تدعو", "unsmil", "appeal"),
            ("ودعت بعثة", "unsmil", "appeal"),
            ("مؤكدة", "unsmil", "claim"),
            ("وقال رئيس", "abdul_hamid_dbeibah", "claim"),
            ("متعهدا", "abdul_hamid_dbeibah", "claim"),
            ("اتهم المجلس", "lby_presidential_council", "accuse"),
            ("وطالبها", "lby_presidential_council", "appeal"),
            ("أعربت السفارة", "usa_embassy", "concern"),
            ("وحثت", "usa_embassy", "appeal"),
            # ونفى مصدر في جهاز الردع …، مؤكدا: an unnamed source, left out
        ],
    ),
    "tests/heldout/gaza_mediation.txt": (
        "2024-07-16",
        [
            ("تتهم", "hamas", "accuse"),
            ("قال المتحدث", "majed_al_ansari", "claim"),
            ("مشيرا", "majed_al_ansari", "claim"),
            ("اتهم القيادي", "osama_hamdan", "accuse"),
            ("قال مكتب", "isr_pmo", "claim"),
            ("مضيفا", "isr_pmo", "claim"),
            ("وأفادت قناة", "al_qahera_news", "claim"),
            ("ونقل موقع", "usa_officials", "claim"),  # Axios quoting US officials
            ("طلب من", "joe_biden", "appeal"),
            ("وكشفت هيئة", "kan", "claim"),
        ],
    ),
    "tests/heldout/erbil_salaries.txt": (
        "2024-03-02",
        [
            ("تتهم", "krg", "accuse"),  # أربيل: the regional government
            ("اتهمت", "krg", "accuse"),
            ("وقال رئيس", "masrour_barzani", "claim"),
            ("داعيا", "masrour_barzani", "appeal"),
            ("أكدت وزارة", "irq_finance_ministry", "claim"),  # missed: الاتحادية, no state named
            ("حملت", "irq_finance_ministry", "accuse"),  # missed, as above
            ("ورحب رئيس", "nechirvan_barzani", "support"),
            ("معتبرا", "nechirvan_barzani", "claim"),
            ("انتقد الاتحاد", "puk", "condemn"),
        ],
    ),
    "tests/heldout/lebanon_president.txt": (
        "2025-01-09",
        [
            ("وقال رئيس مجلس النواب", "nabih_berri", "claim"),
            ("داعيا", "nabih_berri", "appeal"),
            ("وأكد عون", "joseph_aoun", "claim"),  # the surname of the president named above
            ("متعهدا", "joseph_aoun", "claim"),
            ("أعلن حزب الله", "hezbollah", "claim"),
            ("قال إن الحزب", "mohammad_raad", "claim"),  # after لكن, in the sentence of أعلن
            ("ورحبت", "fra", "support"),
            ("ورحبت", "sau", "support"),
            ("هنأ", "joe_biden", "support"),
            ("معتبرا", "joe_biden", "claim"),
        ],
    ),
    "tests/heldout/sudan_uae_icj.txt": (
        "2025-04-10",
        [
            ("يتهم", "sdn", "accuse"),
            ("تصف", "are", "claim"),  # أبوظبي: the state
            ("اتهم السودان", "sdn", "accuse"),
            ("وقال وزير العدل", "person_maawyh_athman", "claim"),
            ("مطالبا", "person_maawyh_athman", "appeal"),
            ("رفضت", "are", "reject"),
            ("ووصفت", "person_rym_ktyt", "claim"),
            ("مؤكدة", "person_rym_ktyt", "claim"),
            ("وأضافت", "person_rym_ktyt", "claim"),
            ("نفت", "rsf", "deny"),
            ("متهمة", "rsf", "accuse"),
            ("وقالت منظمة", "hrw", "claim"),
            ("داعية", "hrw", "appeal"),
            ("وبحسب", "source_diplomat_western", "claim"),
        ],
    ),
    "tests/heldout/pkk_dissolution.txt": (
        "2025-05-12",
        [
            ("يعلن", "pkk", "claim"),
            ("ترحب", "tur", "support"),  # أنقرة: the state
            ("أعلن حزب", "pkk", "claim"),
            ("وقال الحزب", "pkk", "claim"),
            ("ورحب الرئيس", "erdogan", "support"),
            ("معتبرا", "erdogan", "claim"),
            ("شدد", "erdogan", "claim"),
            ("قال المتحدث", "omer_celik", "claim"),
            ("رحبت حكومة", "krg", "support"),
            ("ووصفته", "krg", "claim"),
            ("معربة", "krg", "agree"),  # عن استعدادها: readiness to help
            ("حذر زعيم", "devlet_bahceli", "warn"),
            ("داعيا", "devlet_bahceli", "appeal"),
            ("وأعربت وزارة", "usa_foreign_ministry", "claim"),  # عن أملها: a hope
        ],
    ),
    "tests/heldout/amman_refugees.txt": (
        "2025-03-09",
        [
            ("تحذر", "unhcr", "warn"),  # المفوضية: named in the body
            ("وأكد وزير", "ayman_safadi", "claim"),
            ("مشددا", "ayman_safadi", "claim"),
            ("صرح", "asaad_al_shaibani", "claim"),
            ("داعيا", "asaad_al_shaibani", "appeal"),
            ("وأوضح", "youssef_rajji", "claim"),
            ("لافتا", "youssef_rajji", "claim"),
            ("حذرت", "unhcr", "warn"),
            ("وقالت ممثلتها", "unhcr", "claim"),  # its representative in Jordan, unnamed
            ("ونقلت", "source_source_diplomatic", "claim"),
            ("أعلنت", "tur", "claim"),
        ],
    ),
    "tests/heldout/doha_strike.txt": (
        "2025-09-09",
        [
            ("تدين", "qat", "condemn"),
            ("تؤكد", "hamas", "claim"),
            ("دانت دولة", "qat", "condemn"),
            ("واصفة", "qat", "claim"),
            ("وقال المتحدث", "majed_al_ansari", "claim"),
            ("مؤكدا", "majed_al_ansari", "claim"),
            ("أعلن مكتب", "isr_pmo", "claim"),  # the office of the prime minister
            ("قالت حركة", "hamas", "claim"),
            ("متهمة", "hamas", "accuse"),
            ("وأكد الرئيس", "donald_trump", "claim"),
            ("معربا", "donald_trump", "concern"),  # عن أسفه
            ("ودانت كل", "sau", "condemn"),
            ("ودانت كل", "are", "condemn"),
            ("ودانت كل", "jor", "condemn"),
            ("اعتبر", "antonio_guterres", "claim"),
            ("ونفى مصدر", "source_source_isr", "deny"),
        ],
    ),
    "tests/heldout/iraq_coalition.txt": (
        "2025-09-28",
        [
            ("تعلن", "irq", "claim"),  # بغداد: the state
            ("وواشنطن", "usa", "claim"),  # a headline quote after a colon
            ("أعلنت الحكومة", "irq_government", "claim"),
            ("وقال المتحدث", "person_basm_alawady", "claim"),
            ("مشيرا", "person_basm_alawady", "claim"),
            ("أكدت السفارة", "usa_embassy", "claim"),
            ("موضحة", "usa_embassy", "claim"),
            ("اعتبرت", "kataib_hezbollah", "claim"),
            ("وطالبت", "kataib_hezbollah", "appeal"),
            ("وحذر النائب", "person_shyrwan_aldwbrdany", "warn"),
            ("ويرى", "person_ahsan_alshmry", "claim"),
        ],
    ),
    "tests/heldout/pa_vice_president.txt": (
        "2025-04-26",
        [
            ("تصف", "hamas", "claim"),
            ("وقال المتحدث باسم الرئاسة", "person_nbyl_abw_rdynh", "claim"),
            ("مضيفا", "person_nbyl_abw_rdynh", "claim"),
            ("اعتبرت", "hamas", "claim"),
            ("داعية", "hamas", "appeal"),
            ("ورحب", "eu", "support"),
            ("وقال المتحدث باسم مفوضية", "person_anwr_alanwny", "claim"),
            ("أكد الشيخ", "hussein_al_sheikh", "claim"),  # the surname of the man named above
            ("وقال الكاتب", "person_hany_almsry", "claim"),  # المصري: his family name
        ],
    ),
    "tests/heldout/sahara_resolution.txt": (
        "2025-10-31",
        [
            ("يدعم", "un_security_council", "support"),
            ("ترفض", "polisario", "reject"),
            ("وقال المندوب", "mike_waltz", "claim"),
            ("ورحب", "king_mohammed_vi", "support"),
            ("واصفا", "king_mohammed_vi", "claim"),
            ("ومؤكدا", "king_mohammed_vi", "claim"),
            ("أعلنت جبهة", "polisario", "reject"),  # أعلنت رفضها
            ("محذرة", "polisario", "warn"),
            ("انتقد", "ahmed_attaf", "condemn"),
            ("معتبرا", "ahmed_attaf", "claim"),
            ("وبرر", "vasily_nebenzya", "claim"),  # justified the abstention: a claim
        ],
    ),
    "tests/heldout/sdf_agreement.txt": (
        "2025-03-10",
        [
            ("وقالت الرئاسة", "syr_presidency", "claim"),
            ("كتب عبدي", "mazloum_abdi", "claim"),
            ("مشددا", "mazloum_abdi", "claim"),
            ("قال وزير", "hakan_fidan", "claim"),
            ("محذرا", "hakan_fidan", "warn"),
            ("ورحبت", "usa_foreign_ministry", "support"),
            ("وقالت المتحدثة", "tammy_bruce", "claim"),
            ("انتقد المجلس", "kurdish_national_council", "condemn"),  # ENKS, of Syria
            ("معتبرا", "kurdish_national_council", "claim"),
        ],
    ),
    "tests/heldout/india_pakistan.txt": (
        "2025-05-07",
        [
            ("تتوعد", "pak", "threaten"),  # إسلام آباد: the state
            ("قالت وزارة", "ind_defence_ministry", "claim"),
            ("وأكدت الوزارة", "ind_defence_ministry", "claim"),
            ("مشيرة", "ind_defence_ministry", "claim"),
            ("دان رئيس", "shehbaz_sharif", "condemn"),
            ("واصفا", "shehbaz_sharif", "claim"),
            ("ومتوعدا", "shehbaz_sharif", "threaten"),
            ("وقال المتحدث", "person_ahmd_shryf_tshwdry", "claim"),
            ("نافيا", "person_ahmd_shryf_tshwdry", "deny"),
            ("ودعت", "chn", "appeal"),
            ("قال وزير", "marco_rubio", "claim"),
            ("معربا", "marco_rubio", "claim"),  # عن أمله: a hope
        ],
    ),
    "tests/heldout/unrwa_ban.txt": (
        "2025-01-30",
        [
            ("تحذر", "un", "warn"),
            ("وحذر المفوض", "philippe_lazzarini", "warn"),
            ("مضيفا", "philippe_lazzarini", "claim"),
            ("وتابع", "philippe_lazzarini", "claim"),
            ("قال المتحدث", "person_awryn_marmwrshtayn", "claim"),
            ("متهما", "person_awryn_marmwrshtayn", "accuse"),
            ("أكد المتحدث", "stephane_dujarric", "claim"),
            ("ودعت", "kaja_kallas", "appeal"),
            ("وصفت", "pse_presidency", "claim"),
        ],
    ),
    "tests/heldout/lebanon_strikes.txt": (
        "2025-05-10",
        [
            ("يتوعد", "hezbollah", "threaten"),
            ("توعد حزب", "hezbollah", "threaten"),
            ("قال النائب", "person_hsn_fdl_allh", "claim"),
            ("مضيفا", "person_hsn_fdl_allh", "claim"),
            ("وأعلنت", "lbn_health_ministry", "claim"),
            ("قال المتحدث", "avichay_adraee", "claim"),
            ("متهما", "avichay_adraee", "accuse"),
            ("وبحسب", "nna_lebanon", "claim"),
            ("ودان", "nawaf_salam", "condemn"),
            ("معتبرا", "nawaf_salam", "claim"),
            ("ودعا", "nawaf_salam", "appeal"),
            ("وقال مصدر", "source_source_lbn", "claim"),
            ("أعربت", "fra", "concern"),
            ("وحثت", "fra", "appeal"),
            ("فأكدت", "morgan_ortagus", "claim"),
            ("شددت", "morgan_ortagus", "claim"),
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
    "tests/heldout/sudan_war.txt": (
        {
            "abdel_fattah_al_burhan", "rsf", "mohamed_hamdan_dagalo", "sdn", "sdn_military",
            "msf", "usa", "sau",
        },
        set(),
    ),
    "tests/heldout/lebanon_president.txt": (
        {
            "lbn_parliament", "joseph_aoun", "nabih_berri", "lbn", "isr", "hezbollah",
            "loyalty_to_resistance_bloc", "mohammad_raad", "fra", "sau", "joe_biden",
        },
        {"person_ryysa_lljmhwryh"},  # رئيسا للجمهورية, read as a name after جوزاف عون
    ),
    "tests/heldout/iraq_drone.txt": (
        {
            "islamic_resistance_in_iraq", "irq", "mohammed_shia_al_sudani", "source_official_irq",
            "usa_defence_ministry", "source_spokesperson_usa_defence_ministry", "irn",
            "esmaeil_baghaei", "irn_foreign_ministry", "usa", "un", "unami", "irq_factions",
            "irq_government",
        },
        {"bashar_al_assad"},
    ),
}  # fmt: skip


def score(path: str, date: str, gold: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    result = parse(path, date=date)
    text = result.text
    rows = list(result.statements.itertuples())
    found = acts = 0
    used: set[int] = set()
    cursor: dict[str, int] = {}
    for i, (anchor, speaker, act) in enumerate(gold):
        position = text.find(anchor, cursor.get(anchor, 0))
        assert position >= 0, anchor
        if i + 1 < len(gold) and gold[i + 1][0] == anchor:  # one verb, several speakers
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
