"""Pay: status, amounts, currency and period from salary text and description (DESIGN §3).

An amount counts as pay when something ties it to this role's pay: the salary field, a
pipe-separated header, a pay word in its sentence ("salary", "Gehalt", "rémunération"…), a pay
period right after it, or the `k` of a salary range. Funding, revenue, market sizes, bonuses,
equity, budgets and allowances are dropped by their suffix (M, B) or the words around them.
The period is never guessed from the magnitude: a `k` figure with no period is yearly (the
convention), any other figure without a period has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from normalize.document import Document, Triggers, anchored, clause
from normalize.patterns import Lowered
from normalize.quantities import NUMBER, parse_number
from normalize.vocab import PayPeriod, PayStatus

# Currency marks, longest first so "CA$" wins over "$". Dollars other than the US one are named.
_CURRENCIES: dict[str, str] = {
    "US$": "USD", "USD": "USD", "U.S. dollars": "USD", "dollars": "USD", "dollar": "USD",
    "CA$": "CAD", "C$": "CAD", "CAD": "CAD", "AU$": "AUD", "A$": "AUD", "AUD": "AUD",
    "NZ$": "NZD", "NZD": "NZD", "S$": "SGD", "SGD": "SGD", "HK$": "HKD", "HKD": "HKD",
    "R$": "BRL", "BRL": "BRL", "MX$": "MXN", "MXN": "MXN", "$": "USD",
    "€": "EUR", "EUR": "EUR", "euros": "EUR", "euro": "EUR", "Euro": "EUR", "Euros": "EUR",
    "£": "GBP", "GBP": "GBP", "pounds": "GBP", "CHF": "CHF", "Fr.": "CHF",
    "PLN": "PLN", "zł": "PLN", "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "CZK": "CZK",
    "HUF": "HUF", "RON": "RON", "INR": "INR", "₹": "INR", "JPY": "JPY", "¥": "JPY",
    "ZAR": "ZAR", "ILS": "ILS", "₪": "ILS", "TRY": "TRY", "UAH": "UAH", "PHP": "PHP",
}  # fmt: skip
_CURRENCY = "|".join(
    (re.escape(mark) if not mark[0].isalpha() else rf"\b{re.escape(mark)}\b")
    for mark in sorted(_CURRENCIES, key=len, reverse=True)
)
# "Other dollar" codes named near a bare `$` amount ("$80,000 CAD", "(in AUD)").
_OTHER_DOLLARS = re.compile(r"\b(CAD|AUD|NZD|SGD|HKD|Canadian dollars?|Australian dollars?)\b")
_MULTIPLIER = (
    r"[kK](?![a-zA-Z])|\s?(?:thousand|Tsd\.?|mil\b)|\s?[mM](?![a-zA-Z])"
    r"|\s?(?:[mM]illion|[bB]illion|bn\b|Mio\.?|Mrd\.?|[mM]n\b|[bB](?![a-zA-Z]))"
)
_PREFIX = (
    r"(?P<bound>(?i:up\s+to|bis\s+zu|jusqu'à|hasta|max(?:imum|\.)?|at\s+least|minimum|min\.|mindestens"
    r"|ab|from|starting\s+at|à\s+partir\s+de|desde|de))?"
)
_AMOUNT = re.compile(
    rf"""
    (?<![\w.,])
    (?:{_PREFIX}\s*)?
    (?:(?<![\w+])(?P<open>\+)(?=\S))?
    (?P<cur1>{_CURRENCY})?\s?
    (?P<n1>{NUMBER})(?:\s?(?P<m1>{_MULTIPLIER}))?
    (?:\s?(?P<cur2>{_CURRENCY}))?
    (?:
        \s*(?:-|–|—|~|to|bis|à|a|and|und)\s*
        (?P<cur3>{_CURRENCY})?\s?
        (?P<n2>{NUMBER})(?:\s?(?P<m2>{_MULTIPLIER}))?
        (?:\s?(?P<cur4>{_CURRENCY}))?
    )?
    (?P<plus>\+)?
    """,
    re.VERBOSE,
)
# Every amount has a currency mark or is a "k" figure. The marks are one pattern whose every
# alternative starts with a plain character ("U(?<=\bU)SD\b" is "\bUSD\b"), so the regex engine
# skips every position that cannot start a mark; the "k" figures are a second, separate scan.
_MARK_ANCHOR = re.compile(
    "|".join(
        re.escape(mark)
        if not mark[0].isalpha()
        else rf"{re.escape(mark[0])}(?<=\b{re.escape(mark[0])}){re.escape(mark[1:])}\b"
        for mark in sorted(_CURRENCIES, key=len, reverse=True)
    )
)
_AMOUNT_ANCHOR = (_MARK_ANCHOR, re.compile(r"\d\s?[kK]\b"))
_ANCHOR_BEFORE, _ANCHOR_AFTER = 40, 45
_PERIOD_WORDS: dict[PayPeriod, str] = {
    PayPeriod.HOUR: r"hours?|hourly|hr|hrs|h|stunde|std\.?|stündlich|heure|horaire|hora",
    PayPeriod.DAY: r"days?|daily|tag|täglich|jour|journ(?:ée|alier)|d[ií]a|diario",
    PayPeriod.WEEK: r"weeks?|weekly|wk|woche|wöchentlich|semaine|hebdomadaire|semana|semanal",
    PayPeriod.MONTH: r"months?|monthly|mo|monat|monatlich|mois|mensuel(?:le)?|mes|mensual(?:es)?",
    PayPeriod.YEAR: (
        r"years?|yearly|annual(?:ly)?|annum|yr|p\.?\s?a\.?|jahr|jährlich|an|année|annuel(?:le)?"
        r"|año|anual(?:es)?|year salary"
    ),
    PayPeriod.PROJECT: (
        r"project|fixed(?:\s(?:fee|price))?|flat fee|one-time|projekt|pauschal|forfait|proyecto"
    ),
}
_PERIOD_OF = {word: period for period, words in _PERIOD_WORDS.items() for word in words.split("|")}
_PERIOD_UNIT = "|".join(f"(?P<{period.value}>{words})" for period, words in _PERIOD_WORDS.items())
# After the amount: "/hr", "per year", "a year", "(per hour)", "brutto/Monat", "€/mois",
# "annually", "p.a.", "al mes", "gross per annum".
_PERIOD_AFTER = re.compile(
    rf"""^[\s(),]*
    (?:(?:gross|brutto|brut|bruto|base|salary|pay|USD|EUR|GBP|before\s+tax)[\s,]*){{0,2}}
    (?:/|per|an?|each|every|pro|je|im|in\s+the|par|por|al|à\s+l'|a\s+la|le|la|el)?\s*
    (?:{_PERIOD_UNIT})\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Before the amount: "hourly rate of", "Stundenlohn:", "annual salary", "salaire mensuel".
_PERIOD_BEFORE = re.compile(
    r"""(?P<hour>hourly|per\s+hour|stundenlohn|stundensatz|stundenvergütung|stundenbasis|taux\s+horaire|por\s+hora)
    |(?P<day>daily\s+rate|day\s+rate|per\s+day|tagessatz|tjm|taux\s+journalier)
    |(?P<week>weekly)
    |(?P<month>monthly|per\s+month|monatsgehalt|monatlich|brutto(?:monats)?gehalt\s+pro\s+monat|salaire\s+mensuel|mensual)
    |(?P<year>annual|yearly|per\s+year|per\s+annum|jahresgehalt|bruttojahresgehalt|jährlich|salaire\s+annuel|salario\s+anual|anual)
    |(?P<project>fixed\s+(?:fee|price)|flat\s+fee|project\s+fee|pauschale|total\s+of)""",
    re.VERBOSE | re.IGNORECASE,
)
_PAY_WORDS = re.compile(
    r"""\b(?:salary|salaries|pay|paid|compensation|comp|wage|wages|rate|rates|stipend|earn|earnings
    |remuneration|ote|base|income|gehalt|gehälter|jahresgehalt|monatsgehalt|bruttogehalt|grundgehalt
    |festgehalt|einstiegsgehalt|vergütung|verdienst|verdienen|lohn|stundenlohn|stundensatz|tagessatz
    |honorar|bezahlung|entlohnung|salaire|rémunération|rémunéré|gratification|rétribution|tjm
    |salario|sueldo|retribución|remuneración|range|band|budgeted|doe|negotiable|verhandelbar)\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Words that make a nearby amount something other than this role's base pay.
_NOT_PAY = re.compile(
    r"""\b(?:rais\w*|fund\w*|series|seed|valuation|valued|revenue|revenues|arr|gmv|turnover|umsatz
    |assets|aum|invest\w*|backed|budget\w*|spend|transactions|processed|sav(?:e|ed|ings)
    |worth|donations|bounty|referral|prize|reward|bonus\w*|sign-on|signing|relocation|equity
    |stock|rsus?|options|401|tuition|reimburse\w*|allowance|perks?|discount|gift|voucher|sachbezug
    |sachzulage|zuschuss|gutschein|\w*budget|altersvorsorge|pension|commission|provision|ote
    |on-target|prämie|loan|price|prices|pricing|cost|costs|fee|fees|per\s+(?:user|seat|month\s+per)
    |subscription|insurance|coverage|credits|membership|meals?|lunch|gym|wellness|learning
    |conference|education|home\s*office|equipment|laptop|internet|phone|stipendium|studiengebühren
    |customers?|clients?|kunden|ad\s+spend|marketplace|grant|grants|award|awards|contract\s+value
    |waren\w*|umsatzbeteiligung|per\s+employee|valuation|profit\w*|ebitda|exit)\b""",
    re.VERBOSE | re.IGNORECASE,
)
_NOT_PAY_LOWERED = Lowered(_NOT_PAY.pattern, _NOT_PAY.flags)
# Lines that can hold an amount: a currency mark, or a pipe-separated header ("| 125k - 165k |").
_AMOUNT_TRIGGERS = Triggers(
    "$", "€", "£", "¥", "₹", "₪", "zł", "usd", "eur", "gbp", "chf", "cad", "aud", "pln", "sek",
    "nok", "dkk", "inr", "jpy", "brl", "mxn", "czk", "huf", "zar", "sgd", "hkd", "nzd", "dollar",
    "pound", " | ",
)  # fmt: skip
# Lines that can say the role is paid or unpaid.
_STATUS_TRIGGERS = Triggers(
    "salar", "pay", "paid", "compens", "wage", "rate", "stipend", "earning", "hourly", "package",
    "vergütung", "vergütet", "gehalt", "gehält", "bezahl", "entlohn", "fixum", "lohn", "verdienst",
    "honorar", "modell", "paket", "rémun", "salaire", "gratification", "tjm", "salario", "sueldo",
    "retribu", "remunera", "volunt", "ehrenamt", "bénévol", "credit", "unbezahlt", "unvergütet",
)  # fmt: skip
_BEFORE_WINDOW = 45
_AFTER_WINDOW = 28

_PAID = Lowered(
    r"""\b(?:competitive|attractive|generous|excellent|great|good|fair|adequate|solid|strong|top
    |above[- ]market|market|market[- ](?:rate|competitive|based)|industry[- ]leading|negotiable)\s+
        (?:(?:base|total|full[- ]time|annual|starting|cash|overall|monthly|hourly|fixed)\s+)?
        (?:salary|salaries|pay|compensation|remuneration|wages?|comp|rates?
        |packages?|(?:compensation|salary|pay)\s+packages?)\b
    |\b(?:salary|compensation|comp|pay|remuneration)\s*(?::|is|will\s+be|-|–)?\s*(?:very\s+|highly\s+)?
        (?:negotiable|competitive|doe|depend\w*|based\s+on|commensurate|market)
    |\b(?:pay|pays|paying|offer|offers|offering|at)\s+(?:above[- ]|at[- ])?market\s+rates?\b
    |^\W*(?:salary|salary\s+range|compensation|comp|pay|remuneration|gehalt|salaire|rémunération
        |salario|sueldo)\s*:\s*(?!(?:none|n/?a|unpaid|no|not|equity|stock|options|rsus?|commission|bonus|benefits|perks)\b|401)\w
    |\bpaid\s+(?:internship|position|role|opportunity|contract|project|work|gig|engagement|trial|placement|fellowship)
    |\b(?:this|the)\s+(?:role|position|internship|job|opportunity)\s+is\s+(?:a\s+)?paid\b
    |\b(?:hourly|daily|weekly|monthly)\s+(?:rates?|pay|wages?|stipends?)\b|\bweekly\s+pay(?:outs?|ments?)?\b
    |\(paid\)|\|\s*hourly\s*(?:\||$)|\b(?:Gehalts|Vergütungs)(?:modell|paket)\b
    |\bearnings\b[^.\n]{0,40}\b(?:sent|paid|payouts?)\b|\byou(?:'ll|’ll|\s+will)?\s+get\s+paid\b|\bbase\s+salary\b|\bsalary\s+(?:range|band|package)\b
    |\b(?:attraktiv|fair|gut|marktgerecht|leistungsgerecht|übertariflich|überdurchschnittlich|angemessen
        |wettbewerbsfähig|sehr\s+gut|stark|tariflich|pünktlich|hoh|sicher|transparent|branchenüblich
        |faires?|ordentlich|top|solid|monatlich|fest)\w*\s+(?:und\s+\w+\s+)?(?:\w+\s+)?
        (?:gehalt|gehälter|vergütung|bezahlung|entlohnung|fixum|festgehalt|grundgehalt|basisgehalt
        |stundenvergütung|stundenlohn|lohn|verdienst)\b
    |\b(?:vergütung|bezahlung|entlohnung)\b
    |\b(?:bezahlte[sn]?|vergütete[sn]?)\s+(?:praktikum|stelle|tätigkeit|position)
    |\b(?:rémunération|salaire)\s+(?:attractive?|compétitive?|motivante?|selon|fixe)
    |\bstage\s+rémunéré|\bgratification\b
    |\b(?:salario|sueldo|retribución|remuneración)\s+(?:competitiv[oa]|atractiv[oa]|fij[oa]|según)
    |\b(?:prácticas|beca)\s+remunerada""",
    re.VERBOSE | re.MULTILINE,
)
_UNPAID = Lowered(
    r"""\bunpaid\s+(?:internship|position|role|opportunity|volunteer|work|placement|fellowship)
    |\b(?:this|the)\s+(?:role|position|internship|opportunity|job)\s+is\s+(?:an?\s+)?(?:unpaid|volunteer)
    |\bis\s+an?\s+unpaid\b|\bvolunteer\s+(?:role|position|opportunity|basis|work)\b
    |\bas\s+an?\s+volunteer\b|\bfor\s+(?:academic\s+)?credit\b|\bacademic\s+credit\b
    |\bunbezahlt|\behrenamtlich|\bEhrenamt\b|\bunvergütet
    |\bnon[- ]rémunéré|\bbénévol|\bno\s+remunerad|\bsin\s+remuneración|\ba\s+título\s+voluntario
    |\bvoluntariado\b""",
    re.VERBOSE,
)
_UNPAID_TITLE = Lowered(r"\b(?:volunteer|unpaid|ehrenamt\w*|bénévol\w*|voluntari[oa])\b")


@dataclass(frozen=True, slots=True)
class Amount:
    low: float | None
    high: float | None
    currency: str | None
    period: str | None
    phrase: str
    position: int


@dataclass(frozen=True, slots=True)
class Pay:
    status: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = None
    period: str | None = None
    phrase: str | None = None


def extract_pay(document: Document) -> Pay:
    """Pay from the salary field and the text; the description's own statement wins over a
    source's rendering of it, and lends it the field's period when the figures agree."""
    from_salary = _choose(_amounts(document.salary, trusted=True))
    lines = document.select(_AMOUNT_TRIGGERS, header=False)
    from_text = _choose(_amounts(f"{document.title}\n{lines}", trusted=False))
    chosen = from_text or from_salary
    if (
        chosen is from_text
        and from_text is not None
        and from_salary is not None
        and from_text.period is None
        and _close(from_text, from_salary)
    ):
        chosen = Pay(
            status=from_text.status,
            minimum=from_text.minimum,
            maximum=from_text.maximum,
            currency=from_text.currency,
            period=from_salary.period,
            phrase=from_text.phrase,
        )
    if chosen is not None:
        return chosen
    # Status and period alone are read from lowercased lines (see normalize.patterns).
    statements = document.select(_STATUS_TRIGGERS, lowered=True)
    status = _status(document.title.lower(), statements, document.header_lowered)
    return Pay(status=status, period=_period_only(statements))


def _slots(lines: Sequence[str]) -> Iterator[str]:
    """The segments after the first of pipe-separated header lines ("Onsite | Competitive")."""
    for line in lines:
        if _PIPE.search(line):
            for segment in _PIPE.split(line)[1:]:
                yield segment.strip(" *")


def _status(title: str, text: str, header_lines: Sequence[str] = ()) -> str | None:
    if _UNPAID_TITLE.test(title) or _UNPAID.test(text):
        return PayStatus.UNPAID.value
    if _PAID.test(text) or any(_PAY_SLOT.match(slot) for slot in _slots(header_lines)):
        return PayStatus.PAID.value
    for match in _STIPEND.finditer(text):
        if not _NOT_PAY_LOWERED.search(text, max(0, match.start() - 30), match.start()):
            return PayStatus.PAID.value
    return None


# The pay segment of a pipe-separated header, stated without an amount (HN 2018): "Onsite |
# Competitive |", "Open Compensation", "Comp depends on role", "salary + equity", "Full salary +
# benefits". A role ("Compensation Analyst") or a benefit ("Great Benefits/Vacation/Comp") is not.
_PAY_SLOT = Lowered(
    r"""(?:(?:very\s+|highly\s+)?(?:competitive|negotiable|open|market|full|good|great|attractive
        |generous|excellent|top|fair|solid|strong|above[- ]market|industry[- ]leading|base)\s+)?
        (?:salary|salaries|compensation|comp|pay|wages?)
        (?:\s*$|\s*[:+&,/(–-]|\s+(?:and|plus|depends|depending|dependent|based|negotiable|doe
        |commensurate|is|tbd|range|band|varies)\b)
    |(?:competitive|negotiable|doe|market\s+rate|depending\s+on\s+experience
        |commensurate\s+with\s+experience)\W*$""",
    re.VERBOSE,
)
# A stipend is pay unless it is a benefit ("home office stipend", "learning stipend").
_STIPEND = Lowered(r"\bstipends?\b(?!\s+(?:for|towards|to\s+cover))")


_PERIOD_ONLY = Lowered(
    r"""(?P<hour>\bstundenvergütung|\bstundenlohn|\bhourly\s+(?:rates?|pay|wages?)|\btaux\s+horaire
        |\|\s*hourly\s*(?:\||$))
    |(?P<month>\bmonatliche[sn]?\s+(?:\w+\s+)?(?:gehalt|vergütung)|\bmonthly\s+(?:salary|stipend|pay)
        |\bsalaire\s+mensuel|\bsueldo\s+mensual)
    |(?P<year>\bjahresgehalt|\bannual\s+salary|\bsalaire\s+annuel|\bsalario\s+anual)
    |(?P<project>\bprojektbasierte\s+Vergütung|\bVergütung\s+(?:pro|je)\s+Projekt
        |\bper[- ]project\s+(?:fee|pay|basis)
        |\bproject[- ]based\s+(?:pay|compensation|fee))""",
    re.VERBOSE | re.MULTILINE,
)


def _period_only(text: str) -> str | None:
    """The period of a stated but unquantified pay ("hohe Stundenvergütung", "monthly stipend")."""
    periods = {
        name
        for match in _PERIOD_ONLY.finditer(text)
        for name, value in match.groupdict().items()
        if value
    }
    return periods.pop() if len(periods) == 1 else None


def _close(a: Pay, b: Pay) -> bool:
    pairs = [(a.minimum, b.minimum), (a.maximum, b.maximum)]
    return all(x is None or y is None or abs(x - y) <= 0.01 * max(x, y) for x, y in pairs)


def _choose(amounts: list[Amount]) -> Pay | None:
    """Several ranges (by location, level or role): the lowest minimum and the highest maximum of
    the first-stated currency and period."""
    if not amounts:
        return None
    first = amounts[0]
    same = [a for a in amounts if a.currency == first.currency and a.period == first.period]
    lows = [a.low for a in same]
    highs = [a.high for a in same]
    # One range open at an end ("up to", "+") leaves that end of the whole open.
    return Pay(
        status=PayStatus.PAID.value,
        minimum=None if None in lows else min(lows),  # type: ignore[type-var]
        maximum=None if None in highs else max(highs),  # type: ignore[type-var]
        currency=first.currency,
        period=first.period,
        phrase="; ".join(dict.fromkeys(a.phrase for a in same)),
    )


def _amounts(text: str, *, trusted: bool) -> list[Amount]:
    if not _DIGIT.search(text):
        return []
    found = []
    for match in anchored((_AMOUNT,), text, _AMOUNT_ANCHOR, _ANCHOR_BEFORE, _ANCHOR_AFTER):
        amount = _amount(text, match, trusted=trusted)
        if amount is not None:
            found.append(amount)
    return found


def _amount(text: str, match: re.Match[str], *, trusted: bool) -> Amount | None:
    marks = [match.group(g) for g in ("cur1", "cur2", "cur3", "cur4") if match.group(g)]
    in_header = _PIPE.search(_line_of(text, match.start())) is not None
    # A bare "125k - 165k" is pay only as a segment of a pipe-separated header line.
    if not marks and not (in_header and match.group("m2") and match.group("n2")):
        return None
    multipliers = [m.strip().lower() if m else "" for m in (match.group("m1"), match.group("m2"))]
    if any(m and m not in ("k", "thousand", "tsd", "tsd.", "mil") for m in multipliers):
        return None  # millions and billions: funding, revenue, market sizes
    low = parse_number(match.group("n1"))
    high = parse_number(match.group("n2")) if match.group("n2") else None
    if low is None:
        return None
    kilo = any(multipliers)
    if multipliers[0]:
        low *= 1000
    if high is not None and multipliers[1]:
        high *= 1000
        if not multipliers[0] and low < 1000 <= high:
            low *= 1000  # "$120-150k": the k applies to both
    if high is not None and not low <= high <= 50 * low:
        high = None  # "$5,000 and 20 days": a second figure that is not the range's end
    if low == 0 or low > 5_000_000:
        return None
    start, end = match.span()
    left, right = clause(text, start, end)
    before = text[max(left, start - _BEFORE_WINDOW) : start]
    period, period_end = _period_after(text, end)
    after = text[period_end : min(right, period_end + _AFTER_WINDOW)]
    if not trusted and _excluded(before, after):
        return None
    if period is None:
        period = _period_before(before)
    cue = _PAY_WORDS.search(text, left, right) is not None
    if not (trusted or in_header or cue or period or (kilo and high is not None)):
        return None
    if period is None and kilo:
        period = PayPeriod.YEAR.value
    currency = _currency(marks, text[left:right]) if marks else None
    bound = " ".join((match.group("bound") or "").lower().split())
    # "$120,000+", "+$80k": open above. A "+" after a range's end ("$90-140k+") is upside
    # only: the range stands.
    open_above = bool(match.group("plus") or match.group("open"))
    if high is None and not open_above:
        if bound in _UP_TO:
            low, high = None, low
        elif bound not in _AT_LEAST:
            high = low
    return Amount(
        low=low,
        high=high,
        currency=currency,
        period=period,
        phrase=text[start:period_end].strip(),
        position=start,
    )


_UP_TO = frozenset({"up to", "bis zu", "jusqu'à", "hasta", "max", "max.", "maximum"})
_AT_LEAST = frozenset(
    {
        "at least",
        "minimum",
        "min.",
        "mindestens",
        "ab",
        "from",
        "starting at",
        "à partir de",
        "desde",
    }
)


def _period_after(text: str, end: int) -> tuple[str | None, int]:
    found = _PERIOD_AFTER.match(text[end : end + 40])
    if not found:
        return None, end
    for name, value in found.groupdict().items():
        if value:
            return name, end + found.end()
    return None, end


def _period_before(before: str) -> str | None:
    """The period named closest before the amount ("hourly rate of", "Jahresgehalt:")."""
    matches = list(_PERIOD_BEFORE.finditer(before))
    if not matches:
        return None
    return next(name for name, value in matches[-1].groupdict().items() if value)


def _excluded(before: str, after: str) -> bool:
    """True when the words closest to the amount say it is not pay: the nearest of pay words
    ("Salary") and other words ("Equity", "bonus", "raised") decides ("Equity 1-8% Salary $60-90k"
    is pay)."""
    # "$100k-160k + bonus", "Salary $110k+ & Equity": the bonus or equity is the next item.
    before = re.split(r"[+|&]|\band\b", before)[-1]
    after = re.split(r"[+|,;&]|\band\b|\bplus\b", after)[0]
    other_before = [m.end() for m in _NOT_PAY.finditer(before)]
    pay_before = [m.end() for m in _PAY_WORDS.finditer(before)]
    if other_before and (not pay_before or other_before[-1] > pay_before[-1]):
        return True
    other_after = _NOT_PAY.search(after)
    pay_after = _PAY_WORDS.search(after)
    return other_after is not None and (
        pay_after is None or other_after.start() < pay_after.start()
    )


_PIPE = re.compile(r"\s\|\s")
_DIGIT = re.compile(r"\d")


def _line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else len(text)]


def _currency(marks: list[str], context: str) -> str:
    codes = [_CURRENCIES.get(mark, _CURRENCIES.get(mark.strip(), "USD")) for mark in marks]
    named = [code for mark, code in zip(marks, codes, strict=True) if mark != "$"]
    if named:
        return named[0]
    other = _OTHER_DOLLARS.search(context)
    if other:
        word = other.group(1)
        return {"Canadian": "CAD", "Australian": "AUD"}.get(word.split()[0], word)
    return codes[0]
