"""Structured hints: what a source's own fields say, mapped to DESIGN §3 values.

Spiders call these with the source's fields and put the result in `Listing.hints`; the normalizer
lets hints win over free text, key by key. Every function returns a dict with only the keys it
could fill, so an empty dict means "the structured data says nothing".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from normalize.dates import parse_timestamp
from normalize.vocab import DurationClass, EmploymentType, PayPeriod, PayStatus, Remote

Hints = dict[str, Any]

_WORDS = re.compile(r"[^0-9a-zà-ÿ]+")


def _key(value: object) -> str:
    """'Full-Time', 'full_time', 'FullTime' → 'full time' / 'fulltime' comparable keys."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(value))
    return _WORDS.sub(" ", text.lower()).strip()


_PERIODS: dict[str, PayPeriod] = {}
for _period, _names in {
    PayPeriod.HOUR: "hour hourly hr hours stunde stündlich heure horaire hora",
    PayPeriod.DAY: "day daily days tag täglich jour journalier día diario",
    PayPeriod.WEEK: "week weekly weeks woche wöchentlich semaine semana",
    PayPeriod.MONTH: ("month monthly months monat monatlich mois mensuel mes mensual"),
    PayPeriod.YEAR: ("year yearly annual annually years jahr jährlich annuel año anual"),
    PayPeriod.PROJECT: "onetime project fixed once total",
}.items():
    for _name in _names.split():
        _PERIODS[_name] = _period
# Multi-word keys, matched whole.
_PERIODS |= {
    "per year salary": PayPeriod.YEAR,
    "per month salary": PayPeriod.MONTH,
    "per week salary": PayPeriod.WEEK,
    "per hour wage": PayPeriod.HOUR,
    "per day wage": PayPeriod.DAY,
    "one time": PayPeriod.PROJECT,
    "1 year": PayPeriod.YEAR,
    "1 month": PayPeriod.MONTH,
    "1 week": PayPeriod.WEEK,
    "1 day": PayPeriod.DAY,
    "1 hour": PayPeriod.HOUR,
}

_EMPLOYMENT_TYPES: dict[str, EmploymentType] = {}
for _type, _names in {
    EmploymentType.FULL_TIME: (
        "full time|fulltime|full time permanent|fulltime permanent|fulltime fixed term|permanent "
        "full time|vollzeit|temps plein|tiempo completo|jornada completa|regular full time"
    ),
    EmploymentType.PART_TIME: (
        "part time|parttime|parttime permanent|parttime fixed term|teilzeit|werkstudent|"
        "working student|minijob|temps partiel|tiempo parcial|media jornada|student job"
    ),
    EmploymentType.CONTRACTOR: (
        "contract|contractor|contracts|freelance|freelancer|freelancing|freiberuflich|1099|"
        "independent contractor|contract to hire|indépendant|autónomo"
    ),
    EmploymentType.TEMPORARY: (
        "temporary|temp|fixed term|befristet|cdd|seasonal|saisonal|interim|temporal"
    ),
    EmploymentType.INTERN: (
        "intern|internship|internships|praktikum|praktikant|stage|stagiaire|prácticas|practicas|"
        "co op|coop|student internship"
    ),
    EmploymentType.VOLUNTEER: "volunteer|volunteering|ehrenamt|ehrenamtlich|bénévole|voluntario",
    EmploymentType.PER_DIEM: "per diem",
}.items():
    for _name in _names.split("|"):
        _EMPLOYMENT_TYPES[_name] = _type
# Codes that mean both a schedule and a contract kind.
_EMPLOYMENT_TYPES_MULTI: dict[str, tuple[EmploymentType, ...]] = {
    "fulltime fixed term": (EmploymentType.FULL_TIME, EmploymentType.TEMPORARY),
    "parttime fixed term": (EmploymentType.PART_TIME, EmploymentType.TEMPORARY),
    "full or part time": (EmploymentType.FULL_TIME, EmploymentType.PART_TIME),
    "full time or part time": (EmploymentType.FULL_TIME, EmploymentType.PART_TIME),
}
_PERMANENT = frozenset(
    {"permanent", "fulltime permanent", "parttime permanent", "full time permanent",
     "unbefristet", "cdi", "indefinido", "regular permanent"}
)  # fmt: skip

_REMOTE: dict[str, Remote] = {
    "remote": Remote.REMOTE,
    "fully remote": Remote.REMOTE,
    "remote only": Remote.REMOTE,
    "telecommute": Remote.REMOTE,
    "work from home": Remote.REMOTE,
    "hybrid": Remote.HYBRID,
    "flexible": Remote.HYBRID,
    "on site": Remote.ONSITE,
    "onsite": Remote.ONSITE,
    "on premise": Remote.ONSITE,
    "in office": Remote.ONSITE,
    "office": Remote.ONSITE,
    "in person": Remote.ONSITE,
}

_CURRENCY_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF", "zł": "PLN"}

REMOTE_BOARD: Hints = {"remote": Remote.REMOTE.value}
"""For boards that only publish fully remote work (their listing rules say so)."""


# Generic mappers -------------------------------------------------------------------------------


def amount(value: object) -> float | None:
    """A positive number from a number or numeric text ("5250", "100000.00", "1,200"); else None.

    Zero means "not given" in every source we know (RemoteOK, Jobicy), so it is None too.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if number > 0 and number < 1e12 else None


def pay_period(value: object) -> str | None:
    if value is None:
        return None
    period = _PERIODS.get(_key(value))
    return period.value if period else None


def currency_code(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[text]
    if len(text) == 3 and text.isalpha():
        return text.upper()
    return None


def pay_range(minimum: object, maximum: object, currency: object, period: object) -> Hints:
    """Hints for a stated pay range; {} when no amount is given."""
    low, high = amount(minimum), amount(maximum)
    if low is None and high is None:
        return {}
    if low is not None and high is not None and low > high:
        low, high = high, low
    hints: Hints = {"pay_status": PayStatus.PAID.value, "pay_min": low, "pay_max": high}
    if code := currency_code(currency):
        hints["pay_currency"] = code
    if unit := pay_period(period):
        hints["pay_period"] = unit
    return hints


def employment_types(values: object) -> Hints:
    """Hints from a type field: a string ("Full-time", "FullTime", "fulltime_permanent") or a
    list of them. Seniority words and unknown values are ignored; "permanent" also says
    open-ended."""
    if values is None:
        return {}
    items: list[object] = (
        [values] if isinstance(values, str) else list(values) if _iterable(values) else []  # type: ignore[call-overload]
    )
    found: set[str] = set()
    permanent = False
    for item in items:
        if not isinstance(item, str) or not item.strip():
            continue
        key = _key(item)
        permanent |= key in _PERMANENT
        if key in _EMPLOYMENT_TYPES_MULTI:
            found.update(t.value for t in _EMPLOYMENT_TYPES_MULTI[key])
        elif key in _EMPLOYMENT_TYPES:
            found.add(_EMPLOYMENT_TYPES[key].value)
        elif key.replace(" ", "") in _EMPLOYMENT_TYPES:
            found.add(_EMPLOYMENT_TYPES[key.replace(" ", "")].value)
    hints: Hints = {}
    if found:
        hints["employment_types"] = sorted(found)
    if permanent:
        hints["duration_class"] = DurationClass.OPEN_ENDED.value
    return hints


def remote_status(value: object) -> Hints:
    """Hints from a workplace field ("remote", "Hybrid", "on-site", "OnSite", "TELECOMMUTE");
    "unspecified" and unknown values say nothing."""
    if not isinstance(value, str):
        return {}
    status = _REMOTE.get(_key(value))
    return {"remote": status.value} if status else {}


def remote_flags(*, remote: object = None, hybrid: object = None, onsite: object = None) -> Hints:
    """Hints from boolean flags (Recruitee remote/hybrid/on_site, SmartRecruiters
    location.remote/hybrid). Only a true flag says something: `remote: false` is not on-site."""
    if hybrid is True:
        return {"remote": Remote.HYBRID.value}
    if remote is True:
        return {"remote": Remote.REMOTE.value}
    if onsite is True:
        return {"remote": Remote.ONSITE.value}
    return {}


def weekly_hours(minimum: object, maximum: object) -> Hints:
    low, high = amount(minimum), amount(maximum)
    if low is None and high is None:
        return {}
    if low is not None and high is not None and low > high:
        low, high = high, low
    return {"hours_per_week_min": low, "hours_per_week_max": high}


def iso_date(value: object) -> str | None:
    moment = parse_timestamp(value)
    return moment.date().isoformat() if moment else None


def _iterable(value: object) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)


def merge(*parts: Hints) -> Hints:
    """Later parts fill keys the earlier ones left out; employment types are united."""
    merged: Hints = {}
    for part in parts:
        for key, value in part.items():
            if value is None:
                continue
            if key == "employment_types" and key in merged:
                merged[key] = sorted(set(merged[key]) | set(value))
            else:
                merged.setdefault(key, value)
    return merged


# Per source -------------------------------------------------------------------------------------


def _first_pay(components: Iterable[Mapping[str, Any]], currency_key: str) -> Hints:
    """The lowest minimum and highest maximum of the first-stated currency and period."""
    rows = [c for c in components if amount(c.get("minValue")) or amount(c.get("maxValue"))]
    if not rows:
        return {}
    currency, period = rows[0].get(currency_key), rows[0].get("interval")
    same = [r for r in rows if r.get(currency_key) == currency and r.get("interval") == period]
    lows = [v for r in same if (v := amount(r.get("minValue"))) is not None]
    highs = [v for r in same if (v := amount(r.get("maxValue"))) is not None]
    return pay_range(min(lows, default=None), max(highs, default=None), currency, period)


def ashby(job: Mapping[str, Any]) -> Hints:
    """Ashby job-board posting: `workplaceType` (never `isRemote`, also true for hybrid roles),
    `employmentType`, base salary from `compensation.summaryComponents`."""
    compensation = job.get("compensation") or {}
    components = [
        c
        for c in compensation.get("summaryComponents") or []
        if isinstance(c, Mapping) and _key(c.get("compensationType")) in ("salary", "hourly")
    ]
    return merge(
        _first_pay(components, "currencyCode"),
        remote_status(job.get("workplaceType")),
        employment_types(job.get("employmentType")),
    )


def lever(posting: Mapping[str, Any]) -> Hints:
    """Lever posting: `salaryRange{min,max,currency,interval}`, `workplaceType`,
    `categories.commitment`."""
    salary = posting.get("salaryRange") or {}
    categories = posting.get("categories") or {}
    return merge(
        pay_range(salary.get("min"), salary.get("max"), salary.get("currency"),
                  salary.get("interval")) if isinstance(salary, Mapping) else {},
        remote_status(posting.get("workplaceType")),
        employment_types(categories.get("commitment") if isinstance(categories, Mapping) else None),
    )  # fmt: skip


def recruitee(offer: Mapping[str, Any]) -> Hints:
    """Recruitee offer: `salary{min,max,period,currency}` (strings), weekly `min_hours/max_hours`,
    `remote/hybrid/on_site` flags, `employment_type_code`."""
    salary = offer.get("salary") or {}
    return merge(
        pay_range(salary.get("min"), salary.get("max"), salary.get("currency"),
                  salary.get("period")) if isinstance(salary, Mapping) else {},
        weekly_hours(
            offer.get("min_hours_per_week", offer.get("min_hours")),
            offer.get("max_hours_per_week", offer.get("max_hours")),
        ),
        remote_flags(remote=offer.get("remote"), hybrid=offer.get("hybrid"),
                     onsite=offer.get("on_site")),
        employment_types(offer.get("employment_type_code")),
    )  # fmt: skip


def himalayas(job: Mapping[str, Any]) -> Hints:
    """Himalayas job: `minSalary/maxSalary/salaryPeriod/currency`, `employmentType`,
    `expiryDate`. Himalayas lists remote jobs only (location restrictions are country limits)."""
    return merge(
        pay_range(job.get("minSalary"), job.get("maxSalary"), job.get("currency"),
                  job.get("salaryPeriod")),
        employment_types(job.get("employmentType")),
        REMOTE_BOARD,
        {"valid_through": iso_date(job.get("expiryDate"))},
    )  # fmt: skip


def jobicy(job: Mapping[str, Any]) -> Hints:
    """Jobicy job: `salaryMin/salaryMax/salaryCurrency/salaryPeriod` (sometimes only a minimum),
    `jobType[]`. Jobicy lists remote jobs only."""
    return merge(
        pay_range(job.get("salaryMin"), job.get("salaryMax"), job.get("salaryCurrency"),
                  job.get("salaryPeriod")),
        employment_types(job.get("jobType")),
        REMOTE_BOARD,
    )  # fmt: skip


REMOTEOK_MIN_YEARLY = 1000


def remoteok(job: Mapping[str, Any]) -> Hints:
    """RemoteOK job: `salary_min/salary_max` are yearly USD, 0 = unknown. Some employers type an
    hourly rate there anyway (25–27 for "$25 - $27 (per hour)"), so a range whose top is below
    REMOTEOK_MIN_YEARLY gets no period and the description decides."""
    hints = pay_range(job.get("salary_min"), job.get("salary_max"), "USD", "year")
    if max(hints.get("pay_min") or 0, hints.get("pay_max") or 0) < REMOTEOK_MIN_YEARLY:
        hints.pop("pay_period", None)
    return hints


def remotive(job: Mapping[str, Any]) -> Hints:
    """Remotive job: `job_type` (full_time, contract, part_time, freelance, internship); the
    salary is free text. Remotive lists remote jobs only."""
    return merge(employment_types(job.get("job_type")), REMOTE_BOARD)


def arbeitnow(job: Mapping[str, Any]) -> Hints:
    """Arbeitnow job: `job_types[]` in German and English (seniority words among them say
    nothing), `remote` true for remote roles (false says nothing)."""
    return merge(employment_types(job.get("job_types")), remote_flags(remote=job.get("remote")))


def themuse(job: Mapping[str, Any]) -> Hints:
    """The Muse job: `levels[{name}]` (Internship → INTERN; Entry/Mid/Senior Level are
    seniority), `locations[{name}]` where "Flexible / Remote" is the remote marker."""
    levels = [level.get("name") for level in job.get("levels") or [] if isinstance(level, Mapping)]
    places = [
        place.get("name") for place in job.get("locations") or [] if isinstance(place, Mapping)
    ]
    remote = REMOTE_BOARD if any(_key(place) == "flexible remote" for place in places) else {}
    return merge(employment_types(levels), remote)


def personio(position: Mapping[str, Any]) -> Hints:
    """Personio XML position (elements as a dict): `employmentType`, `schedule`,
    `salaryInformation{min,max,currencyCode,type}`."""
    salary = position.get("salaryInformation") or {}
    return merge(
        pay_range(salary.get("min"), salary.get("max"), salary.get("currencyCode"),
                  salary.get("type")) if isinstance(salary, Mapping) else {},
        employment_types(position.get("schedule")),
        employment_types(position.get("employmentType")),
    )  # fmt: skip


def smartrecruiters(posting: Mapping[str, Any]) -> Hints:
    """SmartRecruiters posting: `typeOfEmployment{id,label}`, `location{remote,hybrid}`."""
    employment = posting.get("typeOfEmployment") or {}
    location = posting.get("location") or {}
    if not isinstance(employment, Mapping):
        employment = {}
    return merge(
        employment_types([employment.get("label"), employment.get("id")]),
        remote_flags(remote=location.get("remote"), hybrid=location.get("hybrid"))
        if isinstance(location, Mapping) else {},
    )  # fmt: skip


def workday(info: Mapping[str, Any]) -> Hints:
    """Workday `jobPostingInfo`: `timeType` and `remoteType`. Not the location text: a bucket such
    as "US, TX, Remote" is not proof of remote work; not `startDate`/`endDate` either, which
    are the posting's window, not the engagement's."""
    return merge(remote_status(info.get("remoteType")), employment_types(info.get("timeType")))


def workable(job: Mapping[str, Any]) -> Hints:
    """Workable widget job: `telecommuting`, `employment_type` (may be empty)."""
    return merge(remote_flags(remote=job.get("telecommuting")),
                 employment_types(job.get("employment_type")))  # fmt: skip


def jsonld(posting: Mapping[str, Any]) -> Hints:
    """schema.org JobPosting: `baseSalary`, `employmentType`, `jobLocationType: TELECOMMUTE`,
    `workHours`, `validThrough`."""
    location_type = posting.get("jobLocationType")
    if isinstance(location_type, list):  # ["TELECOMMUTE"] is as valid as "TELECOMMUTE"
        location_type = next((t for t in location_type if isinstance(t, str)), None)
    hints = merge(
        _base_salary(posting.get("baseSalary")),
        employment_types(posting.get("employmentType")),
        remote_status(location_type),
        _work_hours(posting.get("workHours")),
    )
    if valid_through := iso_date(posting.get("validThrough")):
        hints["valid_through"] = valid_through
    return hints


def _base_salary(salary: object) -> Hints:
    if isinstance(salary, list):
        salary = salary[0] if salary else None
    if not isinstance(salary, Mapping):
        return {}
    value = salary.get("value")
    if isinstance(value, Mapping):
        single = value.get("value")
        low = value.get("minValue", single)
        high = value.get("maxValue", single)
        unit = value.get("unitText") or salary.get("unitText")
    else:
        low = high = value
        unit = salary.get("unitText")
    return pay_range(low, high, salary.get("currency"), unit)


_HOURS = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:(?:-|–|to|bis)\s*(\d+(?:[.,]\d+)?))?\s*(?:h\b|hours?|hrs?|std)",
    re.IGNORECASE,
)
_PER_WEEK = re.compile(r"week|wk|woche|semaine|semana|hebdo", re.IGNORECASE)


def _work_hours(text: object) -> Hints:
    """JSON-LD `workHours` is free text; only a clear "N(-M) hours per week" is structured."""
    if not isinstance(text, str) or not _PER_WEEK.search(text):
        return {}
    match = _HOURS.search(text)
    if match is None:
        return {}
    low = match.group(1).replace(",", ".")
    return weekly_hours(low, (match.group(2) or low).replace(",", "."))
