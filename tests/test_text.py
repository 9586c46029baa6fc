import numpy as np
import pytest

from analysis.errors import MawaqifError
from analysis.text import decode, fold, fold_term, read_article, segment

ARTICLE = (
    "عنوان الخبر عن ليبيا\n\n"
    "سطر تمهيدي يلخص الخبر.\n\n"
    "واشنطن - قال الجيش الأميركي الجمعة إن النسبة بلغت 3.5 في المئة. وأضاف أن الوضع خطير!\n"
    "هل يتغير الموقف؟ لا أحد يعرف\n"
    "صورة من الأرشيف\n"
    "صورة من الأرشيف\n"
)


def test_decode_utf8_with_and_without_bom():
    text = "قال الجيش"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_decode_utf16_with_bom(codec):
    text = "قال الجيش"
    data = text.encode(codec) if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)
    assert decode(data) == (text, "utf-16")


def test_decode_windows_1256():
    text = "وزارة الدفاع التونسية"
    assert decode(text.encode("cp1256")) == (text, "windows-1256")


def test_decode_binary_and_undecodable_raise():
    with pytest.raises(MawaqifError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(MawaqifError, match="undecodable"):
        decode("café au lait".encode("latin-1"))


def test_fold_spelling_variants_meet():
    assert fold_term("أفريقيا") == fold_term("إفريقيا") == fold_term("افريقيا")
    assert fold_term("أفريكوم") == fold_term("افريكوم")
    assert fold_term("الأميركي") == fold_term("الاميركي")
    assert fold_term("المتّحدة") == fold_term("المتحدة") == "المتحده"
    assert fold_term("مستشفى") == fold_term("مستشفي")
    assert fold_term("الـجيش") == "الجيش"
    assert fold_term("١٤ طائرة") == "14 طائره"
    assert fold_term("«قلق»؛ هل؟") == '"قلق"; هل?'


def test_fold_map_points_back_to_original_characters():
    text = "أبدت الأمم المتّحدة\u00a0«قلقها» بـتدفّق ٣ طائرات"
    folded, fmap = fold(text)
    assert len(fmap) == len(folded) + 1 and fmap[-1] == len(text)
    assert np.all(np.diff(fmap) > 0)
    for i, ch in enumerate(folded):
        assert fold_term(text[fmap[i]]) in {ch, ""} or ch == " "


def test_segment_roles_title_deck_dateline_body_repeated():
    frame = segment(ARTICLE)
    roles = list(frame["role"])
    assert roles[0] == "title" and roles[1] == "deck"
    assert frame.loc[frame["role"] == "dateline", "text"].tolist() == ["واشنطن"]
    assert roles.count("repeated") == 1
    assert frame.iloc[-1]["role"] == "repeated"
    for row in frame.itertuples():
        assert ARTICLE[row.start : row.end] == row.text


def test_segment_sentences_not_split_at_decimals():
    frame = segment(ARTICLE)
    body = frame.loc[frame["role"] == "body", "text"].tolist()
    assert body[0].startswith("قال الجيش") and body[0].endswith("3.5 في المئة.")
    assert body[1] == "وأضاف أن الوضع خطير!"
    assert body[2] == "هل يتغير الموقف؟"
    assert body[3] == "لا أحد يعرف"


def test_segment_cnn_and_source_datelines():
    frame = segment("عنوان\n\nبيروت (أ ف ب) - هدد الرئيس بشن عملية.")
    assert frame["role"].tolist()[1] == "dateline"
    assert frame["text"].tolist()[1] == "بيروت (أ ف ب)"
    assert segment("عنوان\n\n(CNN)— قال مسؤول إن الوضع هادئ.")["role"].tolist()[1] == "dateline"
    frame = segment("عنوان\n\nدبي ـ العربية.نت: قال مسؤول إن الوضع هادئ.")
    assert frame["role"].tolist()[1] == "dateline"
    assert frame["text"].tolist()[2].startswith("قال")


def test_read_article_bad_inputs(tmp_path):
    with pytest.raises(MawaqifError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(MawaqifError, match="directory"):
        read_article(tmp_path)
    for name, data, message in [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t \n", "empty"),
        ("english.txt", b"Just English text.", "no Arabic"),
        ("big.txt", "ليبيا ".encode() * 100, "too large"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(MawaqifError, match=message):
            read_article(path, max_bytes=500)


def test_read_article_reports_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("عنوان\n\nقال الجيش إن الوضع هادئ.".encode("cp1256"))
    article = read_article(path)
    assert article.encoding == "windows-1256"
    assert article.text.startswith("عنوان")


def test_read_article_long_single_line_text_is_text():
    text = "قال الجيش التونسي إن الوضع هادئ في الجنوب. " * 40
    assert read_article(text).encoding == "str"


def test_segment_speech_verb_before_a_colon_is_no_dateline():
    frame = segment('قال الوزير إن الوضع صعب.\n\nوتابع: "الحل قريب".')
    assert "dateline" not in set(frame["role"])
    frame = segment("عنوان الخبر\n\nبيروت: قال الوزير إن الوضع صعب.")
    assert list(frame["role"]) == ["title", "dateline", "body"]
