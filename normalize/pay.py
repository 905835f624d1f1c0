"""Pay: status, amounts, currency and period from salary text and description (DESIGN §3).

An amount counts as pay when something ties it to this role's pay: the salary field (where a
figure needs no currency mark), a pipe-separated header, a pay word in its sentence ("salary",
"Gehalt", "rémunération", "fixed fee", "Budget:"…), a pay period right after it, the `k` of a
salary range, a pay amount or pay heading right before it in the same currency (ranges listed
by location or level), or a line of its own ("$120,000+"). Funding, revenue, market sizes,
bonuses, equity, other budgets and allowances are dropped by their suffix (M, B) or the words
around them. The period is never guessed from the magnitude: a `k` figure with no period is
yearly (the convention), a fixed sum for the whole engagement is `project` ("fixed fee", "flat
fee", "$500 for the whole project", "pauschal", "forfait de", "pago único"), any other figure
without a period has none.
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
_TRUSTED_ANCHOR = (_MARK_ANCHOR, re.compile(r"(?<![\d.,’'])\d"))
_ANCHOR_BEFORE, _ANCHOR_AFTER = 40, 45
_PERIOD_WORDS: dict[PayPeriod, str] = {
    PayPeriod.HOUR: r"hours?|hourly|hr|hrs|h|stunde|std\.?|stündlich|heure|horaire|hora",
    PayPeriod.DAY: r"days?|daily|tag|täglich|jour|journ(?:ée|alier)|d[ií]a|diario",
    PayPeriod.WEEK: r"weeks?|weekly|wk|woche|wöchentlich|semaine|hebdomadaire|semana|semanal",
    PayPeriod.MONTH: r"months?|monthly|mo|monat|monatlich|mois|mensuel(?:le)?|mes|mensual(?:es)?",
    PayPeriod.YEAR: (
        r"years?|yearly|annual(?:ly)?|annum|yr|p\.?\s?a\.?|jahr|jährlich|an|année|annuel(?:le)?"
        r"|año|anual(?:es)?|year\s+salary"
    ),
    # Written with `\s`: the patterns below are verbose, where a plain space is no space.
    # "fixed" alone is no project pay: "$100k fixed + variable" is a yearly base.
    PayPeriod.PROJECT: (
        r"project|fixed[\s-](?:fee|price|budget)|flat[\s-](?:fee|rate)|one[\s-]time|one[\s-]off"
        r"|lump[\s-]sum|projekt|pauschal|forfaitaire|proyecto"
    ),
}
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
# After the amount, the whole engagement named otherwise: "$500 for the whole project", "$2,000
# total", "1.500 € insgesamt", "800 € pour la mission", "300 € por el proyecto". Not "$150,000
# total compensation": a total of yearly pay is no project fee.
_PROJECT_AFTER = re.compile(
    r"""^[\s(),]*(?:(?:USD|EUR|GBP|gross|brutto|net|netto)[\s,]*)?
    (?:for\s+(?:the|this|your)\s+(?:whole\s+|entire\s+|full\s+|complete\s+|total\s+)?
        (?:[\w-]+\s+){0,2}?(?:project|engagement|assignment|job|task|gig|work|internship|program(?:me)?|contract
        |mission|deliverables?)
    |(?:in\s+)?total(?!\s+(?:comp|compensation|cash|rewards?|package|annual|yearly|base|salary
        |target|on-target|ote|remuneration))
    |all[\s-]in|insgesamt|gesamt|(?:für\s+das\s+(?:gesamte\s+)?|pro\s+|je\s+)projekt
    |au\s+total|en\s+total|pour\s+(?:le|la|l'|l’|cette|ce)\s*(?:projet|mission)|par\s+(?:projet|mission)
    |por\s+(?:el\s+|este\s+)?proyecto|(?:paid\s+)?(?:upon|on|after)\s+completion)\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Before the amount: "hourly rate of", "Stundenlohn:", "annual salary", "salaire mensuel".
_PERIOD_BEFORE = re.compile(
    r"""(?P<hour>hourly|per\s+hour|stundenlohn|stundensatz|stundenvergütung|stundenbasis|taux\s+horaire|por\s+hora)
    |(?P<day>daily\s+rate|day\s+rate|per\s+day|tagessatz|tjm|taux\s+journalier)
    |(?P<week>weekly)
    |(?P<month>monthly|per\s+month|monatsgehalt|monatlich|brutto(?:monats)?gehalt\s+pro\s+monat|salaire\s+mensuel|mensual)
    |(?P<year>annual|yearly|per\s+year|per\s+annum|jahresgehalt|bruttojahresgehalt|jährlich|salaire\s+annuel|salario\s+anual|anual)
    |(?P<project>fixed[\s-](?:fee|price|budget)|flat[\s-](?:fee|rate)|project\s+(?:fee|budget|rate|price)
        |(?:one[\s-]time|one[\s-]off|single|lump[\s-]sum|upfront)\s+(?:payment|fee|stipend|honorarium)
        |lump[\s-]sum|honorarium|(?<![\w-])pauschale|pauschal(?:honorar|betrag|preis|vergütung)
        |festpreis|einmal(?:zahlung|ige\s+vergütung)
        |forfait(?:\s+(?:de|global|total|unique)\b|\s*$)
        |prix\s+forfaitaire|montant\s+forfaitaire
        |rémunération\s+forfaitaire|paiement\s+unique|pago\s+único|precio\s+fijo|tarifa\s+fija
        |honorarios?\s+fijos?|total\s+of)""",
    re.VERBOSE | re.IGNORECASE,
)
# A gig's budget is its pay ("Budget: $500", "Project budget: €800", "fixed-price budget of
# $300"); a budget for something else is a benefit ("learning budget: $500") and "manage a
# project budget of $500,000" is a project manager's duty. So a budget label opens its clause
# and the amount follows it at once ("Budget: $500", "Budget $250-750 USD"); in running text
# only a gig's own budget ("fixed-price budget") counts.
_BUDGET_LABEL = re.compile(
    r"""^\W*(?:(?:project|job|gig|task|contract|engagement|fixed[\s-]price|total|client|estimated
        |est\.|max(?:imum)?)\s+)?budget\s*[:\-–]?\s*
    |\b(?:fixed[\s-]price|gig|task)\s+budget\b(?:\s*(?::|is|of|-|–))?\s*""",
    re.VERBOSE | re.IGNORECASE,
)
_PAY_WORDS = re.compile(
    r"""\b(?:salary|salaries|pay|paid|compensation|comp|wage|wages|rate|rates|stipend|earn|earnings
    |remuneration|ote|base|income|gehalt|gehälter|jahresgehalt|monatsgehalt|bruttogehalt|grundgehalt
    |festgehalt|einstiegsgehalt|vergütung|verdienst|verdienen|lohn|stundenlohn|stundensatz|tagessatz
    |honorar|bezahlung|entlohnung|salaire|rémunération|rémunéré|gratification|rétribution|tjm
    |salario|sueldo|retribución|remuneración|range|band|budgeted|doe|negotiable|verhandelbar
    |fixed[\s-](?:fee|price)|flat[\s-](?:fee|rate)|project\s+(?:fee|rate|price)
    |(?:one[\s-]time|one[\s-]off|single|lump[\s-]sum|upfront|total)\s+payment|lump[\s-]sum
    |honorarium|(?<![\w-])pauschal\w*|festpreis|einmalzahlung|forfait\s+(?:de|global|total|unique)
    |forfaitaire|paiement\s+unique
    |pago|pago\s+único|precio\s+fijo|tarifa\s+fija|honorarios?|payé|payée|pagado|pagada
    |aufwandsentschädigung|beca|ayuda\s+(?:económica|al\s+estudio)|bolsa\s+de\s+ayuda
    |payment(?=\s*:)|paiement(?=\s*:)|zahlung(?=\s*:))\b""",
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
    |bono|bonos|prima|primas|prime|primes|anteile|vsop|esop|bspce|acciones|participaciones
    |mobilit\w*|titres?[\s-]restaurant|tickets?[\s-]restaurante?|mutuelle|navigo|jobticket
    |deutschlandticket|cheques?\s+(?:restaurante|comida)|seguro\s+médico
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
    "crédit", "ects", "leistungspunkte", "aufwandsentschädigung", "beca", "ayuda",
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
    |\b(?:gehalt|vergütung)\s+(?:je\s+nach|nach\s+vereinbarung|verhandelbar|nach\s+erfahrung)
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
    |\b(?:a\s+cambio\s+de|por)\s+créditos(?:\s+académicos)?
    |\b(?:contre|pour)\s+des\s+crédits(?:\s+(?:ects|universitaires|académiques))?
    |\b(?:gegen|für)\s+(?:ects[\s-]?(?:punkte|credits)|leistungspunkte|credit\s+points)
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
    end: int


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
    from_text = _choose(_amounts(f"{document.title}\n{_amount_lines(document)}", trusted=False))
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
    if status is None and document.salary:
        status = _salary_field_status(document.salary.lower())
    return Pay(status=status, period=_period_only(statements))


def _amount_lines(document: Document) -> str:
    """The body lines that can hold an amount, each with the line right above it in the body
    (blank lines skipped): a pay heading ("Compensation:" over "• New York: $100,000 –
    $120,000") makes the amounts below it pay, another heading ("Revenue", "Benefits:") keeps a
    bare amount from being read as a salary line. Groups of lines that are not neighbours in
    the body are kept apart by a blank line, so an amount's previous line here is its previous
    line in the body."""
    lines = document.body_lines
    numbers = document.body_numbers(_AMOUNT_TRIGGERS)
    parts: list[str] = []
    previous = -2
    for number in numbers:
        above = number - 1
        if above >= 0 and not lines[above]:
            above -= 1  # one blank line between paragraphs
        if above == previous:
            parts.append(lines[number])
        else:
            parts.append("")
            if above >= 0:
                parts.append(lines[above])
            parts.append(lines[number])
        previous = number
    return "\n".join(parts)


_HEADING_MAX = 80


def _is_pay_heading(line: str) -> bool:
    """A short line about pay and nothing else ("Compensation:", "Salary range by location",
    "Pay Range"), the heading of the amounts below it."""
    return (
        len(line) <= _HEADING_MAX
        and _PAY_WORDS.search(line) is not None
        and _NOT_PAY.search(line) is None
    )


# The salary field says pay without an amount ("Competitive", "Negotiable", "DOE") or says none.
_SALARY_FIELD_UNPAID = Lowered(
    r"""^\W*(?:unpaid|volunteer\w*|no\s+pay|not\s+paid|unbezahlt|unvergütet|ehrenamt\w*|bénévol\w*
    |non[\s-]rémunéré\w*|sin\s+remuneración|no\s+remunerad[oa]|(?:for\s+)?academic\s+credit
    |credit\s+only)\W*$""",
    re.VERBOSE,
)
# "Not disclosed", "Salary: n/a": the field states no pay ("Equity only" has no pay word either).
_SALARY_FIELD_UNKNOWN = Lowered(
    r"""\b(?:not\s+(?:disclosed|specified|stated|available|provided|listed)|n/?a|unknown|tb[ad]
    |confidential|undisclosed|keine\s+angabe|nicht\s+angegeben|non\s+(?:précisé|communiqué)e?
    |no\s+especificado|sin\s+especificar)\b""",
    re.VERBOSE,
)
_SALARY_FIELD_PAID = Lowered(
    r"""\b(?:competitive|negotiable|doe|d\.o\.e|boe|depend\w*|commensurate|market|attractive|paid
    |stipend|hourly|excellent|generous|good|great|fair|industry[\s-]leading|above[\s-]average
    |attraktiv|marktgerecht|marktüblich|leistungsgerecht|übertariflich|tariflich
    |nach\s+vereinbarung|verhandel\w*|vergütet|bezahlt|selon|à\s+négocier|négociable|attracti[fv]e?
    |rémunéré|gratification|a\s+convenir|según|negociable|competitiv[oa]|atractiv[oa]|remunerad[oa])\b""",
    re.VERBOSE,
)


def _salary_field_status(salary: str) -> str | None:
    """DESIGN §3: a salary stated for the role is pay even without an amount ("competitive
    salary" counts); in the salary field the word alone ("Competitive") means the salary."""
    if _SALARY_FIELD_UNPAID.test(salary):
        return PayStatus.UNPAID.value
    if _SALARY_FIELD_UNKNOWN.test(salary):
        return None
    if _SALARY_FIELD_PAID.test(salary):
        return PayStatus.PAID.value
    return None


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
    found: list[Amount] = []
    # The salary field is pay even without a currency mark ("120000-150000"): every figure
    # anchors there; elsewhere a currency mark or a "k" does.
    anchor = _TRUSTED_ANCHOR if trusted else _AMOUNT_ANCHOR
    for match in anchored((_AMOUNT,), text, anchor, _ANCHOR_BEFORE, _ANCHOR_AFTER):
        amount = _amount(text, match, trusted=trusted, previous=found[-1] if found else None)
        if amount is not None:
            found.append(amount)
    return found


def _amount(
    text: str, match: re.Match[str], *, trusted: bool, previous: Amount | None = None
) -> Amount | None:
    marks = [match.group(g) for g in ("cur1", "cur2", "cur3", "cur4") if match.group(g)]
    in_header = _PIPE.search(_line_of(text, match.start())) is not None
    # A bare "125k - 165k" is pay only as a segment of a pipe-separated header line (or in the
    # salary field, where any figure is).
    if not marks and not trusted and not (in_header and match.group("m2") and match.group("n2")):
        return None
    if match.group("n1") == "401" and (match.group("m1") or "").lower() == "k":
        return None  # a 401(k) plan, written "401k"
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
    # "Budget: $500", "project budget of €800": the budget label is a pay word here, so the
    # words before it (not "budget" itself) decide whether something else is meant.
    budget = _BUDGET_LABEL.search(text[left:start])
    if budget is not None and budget.end() == start - left:
        before = ""
    period, period_end = _period_after(text, end)
    after = text[period_end : min(right, period_end + _AFTER_WINDOW)]
    if not trusted and _excluded(before, after):
        return None
    if period is None:
        period = _period_before(before)
    if period is None and budget is not None and budget.end() == start - left:
        period = PayPeriod.PROJECT.value  # a budget is the sum for the whole engagement
    cue = budget is not None or _PAY_WORDS.search(text, left, right) is not None
    currency = _currency(marks, text[left:right]) if marks else None
    if not (
        trusted
        or in_header
        or cue
        or period
        or (kilo and high is not None)
        or _continues(text, start, previous, currency, low if low is not None else high)
        or _alone_on_line(text, start, period_end)
    ):
        return None
    if period is None and kilo:
        period = PayPeriod.YEAR.value
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
        end=period_end,
    )


# How far after a pay amount, and how different in size, an amount without its own pay word may
# be to continue its list ("$100,000 - $120,000 in New York; $80,000 - $110,000 in Austin").
_CONTINUATION_REACH = 200
_CONTINUATION_RATIO = 4.0


def _continues(
    text: str, start: int, previous: Amount | None, currency: str | None, value: float | None
) -> bool:
    """True when an amount continues a list of pay ranges (by location or level) after a pay
    amount or a pay heading: the same currency, on the same line or the next one, and of the
    same size (a $2,000 stipend after a $100,000 salary is something else)."""
    line_start = text.rfind("\n", 0, start) + 1
    if previous is None or previous.end <= line_start - 1:
        above_end = line_start - 1
        above = text[text.rfind("\n", 0, max(0, above_end)) + 1 : max(0, above_end)]
        if previous is None or previous.end < above_end - len(above):
            # No pay amount on this line or the one above: a pay heading right above.
            return above_end > 0 and _is_pay_heading(above) and not _DIGIT.search(above)
    if start - previous.end > _CONTINUATION_REACH or "\n\n" in text[previous.end : start]:
        return False
    if currency is None or currency != previous.currency or value is None:
        return False
    reference = previous.low if previous.low is not None else previous.high
    return reference is not None and (
        reference / _CONTINUATION_RATIO <= value <= reference * _CONTINUATION_RATIO
    )


# Words a line may hold besides an amount and still be a salary line ("$120,000+ DOE").
_SALARY_LINE_WORDS = frozenset(
    {
        "usd", "eur", "gbp", "cad", "aud", "chf", "doe", "base", "gross", "brutto", "net", "plus",
        "equity", "benefits", "bonus", "negotiable", "obo", "approx", "approximately", "ca",
        "about", "around",
    }
)  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]+")
_SALARY_LINE_EXTRA = 2


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """True when the amount is its line's only content, but for a couple of salary words, and
    stands on its own: a bare "$120,000+" on a line of its own is a salary line. Not under
    another heading ("Revenue", "Benefits:") or after a sentence that runs on into it ("We are
    funded with"), nor after a line about something else; "$40M" is dropped by its suffix."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[line_start:start] + " " + text[end : line_end if line_end >= 0 else len(text)]
    words = [word.lower() for word in _LETTERS.findall(rest)]
    if len(words) > _SALARY_LINE_EXTRA or not all(w in _SALARY_LINE_WORDS for w in words):
        return False
    above_end = max(0, line_start - 1)
    above = text[text.rfind("\n", 0, above_end) + 1 : above_end].strip()
    if not above or _is_pay_heading(above):
        return True
    last = above.rsplit(None, 1)[-1].lower()
    return not (_NOT_PAY.search(above) is not None or above.endswith(":") or last in _RUNS_ON)


# Last words of a line that runs on into the next ("We are funded with", "a valuation of").
_RUNS_ON = frozenset(
    {
        "with", "of", "at", "by", "to", "for", "from", "about", "over", "the", "a", "an", "is",
        "are", "was", "were", "von", "mit", "für", "über", "de", "du", "des", "la", "le", "con",
        "por", "para", "en", "y", "and", "und", "et",
    }
)  # fmt: skip


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
    # The period belongs to the amount's own line ("$100,000\nTotal: …" is no project fee).
    window = text[end : end + 40].split("\n", 1)[0]
    found = _PERIOD_AFTER.match(window)
    if not found:
        project = _PROJECT_AFTER.match(window)
        if project:
            return PayPeriod.PROJECT.value, end + project.end()
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
