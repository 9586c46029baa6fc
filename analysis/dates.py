"""Day words in Arabic news resolved against the article date.

News reports date statements by weekday (``قال الجيش الجمعة``), by relative
day (``أمس``، ``اليوم``), by week or month (``الأسبوع الماضي``) or by an
explicit day and month (``29 مايو``، ``في 3 آذار 2021``).  This module finds
those expressions in *folded* text (see :func:`analysis.text.fold`) with one
compiled regular expression and resolves them against the article date:

* a weekday is the most recent such day on or before the article date
  (``الجمعة الماضي`` strictly before it, ``الجمعة المقبل`` strictly after);
* ``اليوم`` is the article date, ``أمس`` the day before, ``أول أمس`` two days
  before, ``غدا`` the day after;
* a week expression resolves to the Monday of that week and a month
  expression to its first day; their ``precision`` says so, and callers that
  need a day (statement dates) ignore them;
* a day and month without a year is the most recent such date on or before
  the article date; with a year it needs no article date.

Without an article date only explicit dates with a year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateExpression", "find_date_expressions", "resolve", "resolve_date"]

# Python weekday numbers: Monday 0 ... Sunday 6 (folded spellings).
_WEEKDAYS = {
    "الاثنين": 0,
    "الاتنين": 0,
    "الثلاثاء": 1,
    "الثلاثا": 1,
    "الاربعاء": 2,
    "الاربعا": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}
_MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "جانفي": 1,
    "فبراير": 2, "شباط": 2, "فيفري": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "تموز": 7,
    "اغسطس": 8, "اوت": 8, "اب": 8,
    "سبتمبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الاول": 12,
}  # fmt: skip
_PAST = r"(?:الماضي|الماضيه|الفائت|الفائته|المنصرم|المنصرمه|السابق|السابقه)"
_NEXT = r"(?:المقبل|المقبله|القادم|القادمه)"
_THIS = r"(?:الحالي|الحاليه|الجاري|الجاريه)"


def _alternation(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_PATTERN = re.compile(
    r"(?<!\w)(?:"
    # explicit: 29 مايو [2020]  /  29 مايو/أيار 2020
    rf"(?P<day>[0-3]?\d)\s+(?:من\s+)?(?:شهر\s+)?(?P<month>{_alternation(_MONTHS)})"
    rf"(?:\s*/\s*(?:{_alternation(_MONTHS)}))?(?:\s+(?:عام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d))?"
    # weekday: [يوم] الجمعة [الماضي|المقبل]; not صلاة الجمعة, not الاثنين معا
    rf"|(?<!صلاه\s)(?<!خطبه\s)(?:[وب]?يوم\s+)?[وب]?(?P<weekday>{_alternation(_WEEKDAYS)})"
    rf"(?!\s+معا)(?:\s+(?P<wmod>{_PAST}|{_NEXT}))?"
    # relative days
    r"|(?P<before_yesterday>اول\s+(?:من\s+)?امس|امس\s+الاول)"
    r"|(?P<yesterday>[وب]?(?:ال)?امس|البارحه)"
    r"|(?P<today>(?:[وب]?اليوم|الليله)(?!\s+(?:التالي|السابق)))"
    r"|(?P<tomorrow>[و]?غدا)"
    # week / month / year
    rf"|(?P<week>(?:هذا\s+الاسبوع|الاسبوع\s+(?:{_THIS}|{_PAST}|{_NEXT})))"
    rf"|(?P<monthrel>(?:هذا\s+الشهر|الشهر\s+(?:{_THIS}|{_PAST}|{_NEXT})))"
    rf"|(?P<yearrel>(?:هذا\s+العام|العام\s+(?:{_THIS}|{_PAST}|{_NEXT})|السنه\s+(?:{_PAST}|{_NEXT})))"
    r")(?!\w)"
)
_PAST_RE = re.compile(_PAST)
_NEXT_RE = re.compile(_NEXT)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class DateExpression:
    """A date expression found in folded text.

    Attributes
    ----------
    start, end
        Offsets in the folded text that was searched.
    kind
        ``explicit``, ``weekday``, ``relative_day``, ``week``, ``month`` or ``year``.
    precision
        ``day`` for explicit dates, weekdays and relative days; ``week``,
        ``month`` or ``year`` otherwise.
    text
        The matched folded text.
    """

    start: int
    end: int
    kind: str
    precision: str
    text: str


def find_date_expressions(folded: str) -> list[DateExpression]:
    """Find date expressions in folded text, in order.

    >>> [e.kind for e in find_date_expressions("قال الوزير الجمعه ان")]
    ['weekday']
    """
    found = []
    for match in _PATTERN.finditer(folded):
        group = match.lastgroup
        if match.group("month"):
            kind, precision = "explicit", "day"
        elif match.group("weekday"):
            kind, precision = "weekday", "day"
        elif group in {"before_yesterday", "yesterday", "today", "tomorrow"}:
            kind, precision = "relative_day", "day"
        elif group == "monthrel":
            kind, precision = "month", "month"
        elif group == "yearrel":
            kind, precision = "year", "year"
        else:
            kind, precision = group or "week", "week"
        found.append(DateExpression(match.start(), match.end(), kind, precision, match.group()))
    return found


def resolve(expression: DateExpression, article_date: dt.date | None) -> dt.date | None:
    """Resolve one expression against the article date (``None`` if it cannot be).

    >>> e = find_date_expressions("الجمعه")[0]
    >>> resolve(e, dt.date(2020, 5, 30))
    datetime.date(2020, 5, 29)
    """
    match = _PATTERN.fullmatch(expression.text)
    if match is None:
        return None
    if match.group("month"):
        return _explicit(match, article_date)
    if article_date is None:
        return None
    if match.group("weekday"):
        target = _WEEKDAYS[match.group("weekday").removeprefix("و").removeprefix("ب")]
        back = (article_date.weekday() - target) % 7
        modifier = match.group("wmod") or ""
        if _NEXT_RE.fullmatch(modifier):
            return article_date + dt.timedelta(days=(7 - back) if back else 7)
        if _PAST_RE.fullmatch(modifier) and back == 0:
            back = 7
        return article_date - dt.timedelta(days=back)
    offsets = {"before_yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1}
    if match.lastgroup in offsets:
        return article_date + dt.timedelta(days=offsets[match.lastgroup])
    shift = _shift(expression.text)
    if match.lastgroup == "week":
        monday = article_date - dt.timedelta(days=article_date.weekday())
        return monday + dt.timedelta(weeks=shift)
    if match.lastgroup == "monthrel":
        month_index = article_date.year * 12 + article_date.month - 1 + shift
        return dt.date(month_index // 12, month_index % 12 + 1, 1)
    if match.lastgroup == "yearrel":
        return dt.date(article_date.year + shift, 1, 1)
    return None


def resolve_date(
    text: str, article_date: dt.date | None, *, precision: str | None = "day"
) -> dt.date | None:
    """Resolve the first date expression in ``text`` (original or folded).

    Parameters
    ----------
    text
        A phrase or a sentence; it is folded here.
    article_date
        The article's date, or ``None``.
    precision
        Only expressions of this precision count (``None``: any).

    >>> resolve_date("وقال الوزير أمس إن", dt.date(2020, 5, 30))
    datetime.date(2020, 5, 29)
    """
    from .text import fold

    folded, _ = fold(text)
    for expression in find_date_expressions(folded):
        if precision is None or expression.precision == precision:
            value = resolve(expression, article_date)
            if value is not None:
                return value
    return None


def _shift(text: str) -> int:
    words = _SPACE.split(text)
    if any(_PAST_RE.fullmatch(w) for w in words):
        return -1
    if any(_NEXT_RE.fullmatch(w) for w in words):
        return 1
    return 0


def _explicit(match: re.Match, article_date: dt.date | None) -> dt.date | None:
    month = _MONTHS[_SPACE.sub(" ", match.group("month"))]
    day = int(match.group("day"))
    if match.group("year"):
        try:
            return dt.date(int(match.group("year")), month, day)
        except ValueError:
            return None
    if article_date is None:
        return None
    for year in (article_date.year, article_date.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= article_date:
            return candidate
    return None
