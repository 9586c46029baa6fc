"""Day words resolved against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.dates import find_date_expressions, resolve, resolve_date
from analysis.text import fold

SATURDAY = dt.date(2020, 5, 30)


def _first(text: str):
    found = find_date_expressions(fold(text)[0])
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("الجمعة", dt.date(2020, 5, 29)),
        ("يوم الأربعاء", dt.date(2020, 5, 27)),
        ("الخميس", dt.date(2020, 5, 28)),
        ("السبت", SATURDAY),  # the article's own weekday is the article date
        ("الأحد", dt.date(2020, 5, 24)),
        ("الاثنين", dt.date(2020, 5, 25)),
        ("الثلاثاء", dt.date(2020, 5, 26)),
        ("مساء الجمعة", dt.date(2020, 5, 29)),
        ("اليوم", SATURDAY),
        ("أمس", dt.date(2020, 5, 29)),
        ("أول أمس", dt.date(2020, 5, 28)),
        ("غدا", dt.date(2020, 5, 31)),
    ],
)
def test_resolve_day_words(phrase, expected):
    expression = _first(phrase)
    assert expression.precision == "day"
    assert resolve(expression, SATURDAY) == expected


def test_resolve_weekday_with_past_and_next_modifiers():
    assert resolve(_first("السبت الماضي"), SATURDAY) == dt.date(2020, 5, 23)
    assert resolve(_first("الجمعة الماضي"), SATURDAY) == dt.date(2020, 5, 29)
    assert resolve(_first("الأحد المقبل"), SATURDAY) == dt.date(2020, 5, 31)
    assert resolve(_first("السبت المقبل"), SATURDAY) == dt.date(2020, 6, 6)


def test_resolve_weeks_months_and_years_have_coarser_precision():
    week = _first("هذا الأسبوع")
    assert (week.kind, week.precision) == ("week", "week")
    assert resolve(week, SATURDAY) == dt.date(2020, 5, 25)  # Monday of that week
    assert resolve(_first("الأسبوع الماضي"), SATURDAY) == dt.date(2020, 5, 18)
    assert resolve(_first("الشهر الماضي"), SATURDAY) == dt.date(2020, 4, 1)
    assert resolve(_first("الشهر الماضي"), dt.date(2020, 1, 15)) == dt.date(2019, 12, 1)
    assert resolve(_first("العام الماضي"), SATURDAY) == dt.date(2019, 1, 1)


def test_resolve_explicit_dates():
    assert resolve(_first("في 12 مارس"), SATURDAY) == dt.date(2020, 3, 12)
    # a later day of the year without a year is last year's
    assert resolve(_first("في 12 ديسمبر"), SATURDAY) == dt.date(2019, 12, 12)
    assert resolve(_first("3 كانون الثاني"), SATURDAY) == dt.date(2020, 1, 3)
    assert resolve(_first("29 مايو/أيار 2019"), None) == dt.date(2019, 5, 29)
    assert resolve(_first("31 فبراير 2020"), None) is None


def test_resolve_without_article_date_is_empty():
    assert resolve(_first("الجمعة"), None) is None
    assert resolve(_first("أمس"), None) is None


def test_find_date_expressions_offsets_and_false_friends():
    folded = fold("وقال الجيش الأميركي يوم الأربعاء إن")[0]
    (expression,) = find_date_expressions(folded)
    assert folded[expression.start : expression.end] == "يوم الاربعاء"
    assert find_date_expressions(fold("بعد صلاة الجمعة في المسجد")[0]) == []
    assert find_date_expressions(fold("وقف الاثنين معا")[0]) == []
    assert find_date_expressions(fold("وقال أحد المسؤولين")[0]) == []


def test_resolve_date_first_day_expression_in_a_sentence():
    sentence = "وحذرت فرنسا هذا الأسبوع، ثم عادت الخميس لتؤكد موقفها"
    assert resolve_date(sentence, SATURDAY) == dt.date(2020, 5, 28)
    assert resolve_date(sentence, SATURDAY, precision=None) == dt.date(2020, 5, 25)
    assert resolve_date("لا تاريخ هنا", SATURDAY) is None
