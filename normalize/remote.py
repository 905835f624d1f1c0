"""Remote, hybrid or on-site (DESIGN §3), from the header fields and the description.

Statements are weighed by how specific they are to the role, in this order:
1. explicit statements: "100% on-site", "kein Remote", "This role can be 100% remote",
   "Location: Remote", "Remote or onsite" (a choice that includes fully remote is remote);
2. required presence: "hybrid work model", "2 days a week in the office", "1 Tag im Büro";
3. the header: title, location field, pipe-separated lines ("Full-Time | ONSITE");
4. offered options on a located job: "Homeoffice-Möglichkeit", "mobiles Arbeiten", "option to
   work remotely" (hybrid: the job has a site, working away from it is occasional);
5. plain mentions of remote work in the body ("remote-first company", "work remotely");
6. last, a physical work location (a city, in the location field, a "Location:" line or a
   header segment) with nothing else said means on-site; a country alone says nothing.
Perks ("work from anywhere for up to a month"), other senses of "remote" ("remote control",
"a remote, exotic beach", "a growing remote office") and skills ("experience working with a
globally distributed team", "Distributed Systems") are ignored: "distributed" is a work mode only
in statements about this team or company ("we are a fully distributed team").

The patterns are compiled for lowercased text (`normalize.patterns.Lowered`).
"""

from __future__ import annotations

import re

from normalize.document import Document, Triggers
from normalize.patterns import Lowered
from normalize.places import CITY_STATE, is_specific_place, looks_like_place
from normalize.vocab import Remote

_FLAGS = re.VERBOSE
_HOME_OFFICE = r"Home[- ]?Office"
_OFFICE_PLACES = (
    r"in\s+(?:the|our|an?)\s+(?:\w+\s+)?office|at\s+(?:the|our)\s+(?:\w+\s+)?(?:office|HQ|hub)"
    r"|im\s+Büro|vor\s+Ort|on[- ]?site|in[- ]person|Büropräsenz|Anwesenheit|Präsenz|au\s+bureau"
    r"|sur\s+site|en\s+(?:la\s+)?oficina|presencial(?:es)?"
)
# "distributed" is a work mode only when it describes this team or company ("we are a fully
# distributed team"); as a skill ("Distributed Systems", "experience working with a globally
# distributed team") it says nothing about where this role works.
_TEAM = r"(?:team|teams|company|organi[sz]ation|firm|workforce|startup|business|crew)"
_DAYS = (
    r"(?:\d|one|two|three|four|ein(?:en)?|zwei|drei|vier|un|deux|trois|uno|dos|tres)\+?\s*"
    r"(?:days?|Tage?n?|jours?|d[ií]as?)"
)
_PER_WEEK = (
    r"(?:\s*(?:a|per|pro|/|each|every|par|por|à\s+la|a\s+la|in\s+der)\s*"
    r"(?:week|Woche|semaine|semana))?"
)

_PERK = Lowered(
    r"""(?:work(?:ing)?\s+(?:from\s+)?(?:anywhere|abroad|remotely)|workation|remote\s+work)[^.\n]{0,30}?
        (?:for\s+)?(?:up\s+to|bis\s+zu|max(?:imal)?\.?)\s+(?:a|one|\d+|\w+)\s+(?:months?|weeks?|days?|Wochen|Tage|Monat\w*)
        (?:\s+(?:of\s+)?(?:remote\s+work|work(?:ing)?\s+(?:remotely|from\s+anywhere|abroad)))?
    |(?:up\s+to|bis\s+zu)?\s*(?:\d+|a|one|two|three|four)\s+(?:weeks?|days?|months?|Wochen|Tage)\s+(?:of\s+|per\s+year\s+|a\s+year\s+|im\s+Jahr\s+)?
        (?:remote\s+work|work(?:ing)?\s+(?:from\s+anywhere|remotely|abroad)|workation|mobile[sn]?\s+Arbeiten\s+im\s+(?:EU-)?Ausland)
    |\bworkations?\b|\bremote\s+(?:control|sensing|monitoring|patient|access|desktop|server|sites?
        |areas?|villages?|regions?|interviews?|onboarding|support\s+tools|devices?|stipend|allowance
        |work\s+(?:stipend|allowance|reimbursement|tools?|software|platforms?)|hiring|procedure
        |troubleshooting|assistance|offices?|jobs?\s+(?:boards?|sites?|platforms?|marketplaces?))\b""",
    _FLAGS,
)

# Skills and requirements about working with others, not about this role's place of work:
# "Experience working with globally distributed team is preferred" (HN, a Bangalore job).
_SKILL = Lowered(
    rf"""\b(?:experience|experienced|comfortable|familiar\w*|proven|track\s+record|background)\b
        [^.\n;]{{0,40}}?\b(?:with|managing|leading|in|across|within|of|on)\s+(?:an?\s+)?
        (?:[\w-]+\s+){{0,2}}?(?:remote|distributed)\s+(?:{_TEAM}|colleagues|engineers|workforces?
        |stakeholders|contributors|members)\b""",
    _FLAGS,
)
# "No fully remote positions available", "full remote is not an option": some presence at a
# site is required, so the role is hybrid, and the words "fully remote" are no remote statement.
_NOT_FULLY_REMOTE = (
    r"\b(?:no|not|non)\s+(?:a\s+)?(?:fully|100\s?%|completely|entirely|full)[- ]?remote\b"
    r"|\bfull[- ]?remote\s+(?:work\s+)?is\s+not\s+(?:an\s+option|possible|available)"
)
_NOT_FULLY_REMOTE_PATTERN = Lowered(_NOT_FULLY_REMOTE)

# Tier 1 -------------------------------------------------------------------------------------
_STRONG_ONSITE = Lowered(
    rf"""\b(?:100\s?%|fully|entirely|strictly|exclusively)\s+
        (?:on[- ]?site|in[- ]office|in[- ]person|vor\s+Ort|im\s+Büro|présentiel|presencial
        |sur\s+site|en\s+présentiel|au\s+bureau)
    |\b(?:on[- ]?site|in[- ]office|in[- ]person)\s+only\b|\bonly\s+on[- ]?site\b
    |\b(?:no|not|non)[- ](?:remote|hybrid)\b|\bnot\s+(?:a\s+)?remote\b|\bremote:?\s+no\b
    |\bremote\s+(?:work\s+)?(?:is\s+)?not\s+(?:possible|available|an\s+option|offered)
    |\b(?:5|five|fünf|cinq|cinco)\s*(?:days?|Tage|jours|d[ií]as){_PER_WEEK}\s+
        (?:in\s+(?:the|our)\s+office|on[- ]?site|in[- ]person|im\s+Büro|vor\s+Ort|au\s+bureau)
    |\bkein(?:e|en)?\s+(?:Remote|{_HOME_OFFICE}|Fernarbeit)\b|\bnicht\s+remote\b
    |\boffice[- ]first\b|\bin[- ]office\s+(?:role|position|job)\b
    |\bwork\s+location\s*:\s*(?:on[- ]?site|in[- ]person|office)
    |\b(?:this|the)\s+(?:role|position|job)\s+is\s+(?:based\s+)?
        (?:on[- ]?site|in[- ]person|in[- ]office|office[- ]based)
    |\b(?:in[- ]person|on[- ]?site)\s+(?:role|position|job)\b
    |\bPräsenzpflicht\b|\bpas\s+de\s+télétravail\b|\bsin\s+teletrabajo\b
    |\b(?:ce|le)\s+poste\s+est\s+(?:\d+\s?%\s+)?(?:basé\s+)?(?:sur\s+site|en\s+présentiel)
    |\b(?:este|el)\s+puesto\s+es\s+(?:100\s?%\s+)?presencial
    |\b(?:die|diese)\s+(?:stelle|position|rolle)\s+ist\s+(?:zu\s+100\s?%\s+)?vor\s+ort""",
    _FLAGS,
)
_STRONG_REMOTE = Lowered(
    rf"""\b(?:100\s?%|fully|fully[- ]distributed|entirely|completely|full|komplett|vollständig
        |rein|totalement|completamente)[- ]?(?:\w+\s+){{0,2}}?
        (?:remote|remotely|(?:im\s+)?{_HOME_OFFICE}|télétravail|remoto|en\s+remoto
        |teletrabajo)\b
    |\b(?:100\s?%|fully|completely|entirely|totally)[- ]distributed\s+(?:and\s+remote\s+)?
        (?:[\w-]+\s+){{0,2}}?{_TEAM}\b
    |\bzu\s+100\s?%\s+remote\b|\bremote[- ]only\b
    |\b(?:this|the)\s+(?:role|position|job|opportunity)\s+(?:is|can\s+be|will\s+be)\s+(?:a\s+)?(?:100\s?%\s+)?(?:fully\s+)?(?:remote|performed\s+remotely|done\s+remotely)
    |\b(?:remote|work[- ]from[- ]home|wfh)\s+(?:\w+\s+)?(?:role|position|job|opportunity)\b
    |\bhome[- ](?:office[- ])?based\b
    |^\W*(?:location|work(?:ing)?\s+(?:model|location|arrangement|mode)|workplace(?:\s+type)?|arbeitsort|standort|lieu|ubicación)\s*:\s*(?:\w+\s+)?(?:remote|anywhere|virtual|{_HOME_OFFICE}|télétravail|remoto)\b
    |\bcan\s+be\s+performed\s+remotely\b|\bwork\s+(?:from\s+)?(?:anywhere|wherever)\b
    |\barbeite\w*,?\s+wo\s+(?:immer\s+)?(?:es\s+)?(?:du|dich|für\s+dich)\b
    |\b(?:ortsunabhängig|standortunabhängig)\b|\bbundesweit\b[^.\n]{{0,40}}{_HOME_OFFICE}""",
    _FLAGS | re.MULTILINE,
)
# Remote offered as one choice: "remote/hybrid", "Remote or onsite", "ONSITE+REMOTE".
_REMOTE_CHOICE = Lowered(
    r"""\bremote\s*(?:/|\+|&|or|oder|ou|o)\s*(?:hybrid|on[- ]?site|in[- ]office)\b
    |\b(?:hybrid|on[- ]?site|in[- ]office)\s*(?:/|\+|&|or|oder|ou|o)\s*remote\b
    |\b(?:or|oder|ou|und/oder|and/or)\s+remote\b(?!\s+(?:nach\s+Absprache|by\s+arrangement|on\s+request))
    |\bremote\s+(?:or|oder|ou)\s+(?:\w+\s+){0,2}(?:office|Büro|on[- ]?site)
    |\bremote\s+(?:ok|possible|available|möglich)\b""",
    _FLAGS,
)

# Tier 2 -------------------------------------------------------------------------------------
_REQUIRED_PRESENCE = Lowered(
    rf"""\bhybrid(?:e[snr]?)?\s+(?:work|working|role|position|model|mode|setup|set-up|arrangement|schedule|culture|policy|Arbeitsmodell|Arbeiten|Modell|Arbeitsweise|modèle|mode\s+de\s+travail|esquema|modelo)
    |\bHybrid-?(?:modell|arbeit|lösung)\w*|\bhybrid\b\s*(?:[(:|–,]|-\s|$)|\b(?:is|be)\s+hybrid\b|\bhíbrido\b|\bhybride\b
    |\b{_DAYS}{_PER_WEEK}[^.\n]{{0,25}}?\b(?:{_OFFICE_PLACES}|{_HOME_OFFICE}|remote|télétravail|teletrabajo|remoto|from\s+home)
    |\b(?:in\s+the\s+office|im\s+Büro|on[- ]?site|vor\s+Ort)\s+{_DAYS}
    |\b(?:bis\s+(?:zu\s+)?)?\d{{1,2}}\s?%\s+(?:{_HOME_OFFICE}|remote|mobile[sn]?\s+Arbeiten)
    |\b\d{{1,2}}\s?%\s*(?:-\s*)?(?:Anwesenheit|Präsenz|presence|in[- ]office|on[- ]?site|Vor-Ort)
    |\b(?:mostly|mainly|largely|primarily|partially|partly|überwiegend|viel|teilweise)\s+remote\b
    |\bcommuting\s+distance\b|\bin[- ]person\s+time\b|\btélétravail\s+(?:partiel|\d)
    |\b(?:remote|wfh|work[- ]from[- ]home)\s+days?\b|{_NOT_FULLY_REMOTE}
    |\bjours?\s+de\s+télétravail
    |\bd[ií]as?\s+de\s+teletrabajo|\bteletrabajo\s+parcial""",
    _FLAGS,
)

# Tier 3 -------------------------------------------------------------------------------------
_HEADER_REMOTE = Lowered(
    rf"\b(?:remote|anywhere|worldwide|work\s+from\s+home|wfh|{_HOME_OFFICE}|télétravail|remoto"
    # "Virtual" alone is a work mode; "Virtual Reality Engineer", "Virtual Assistant" are roles.
    r"|teletrabajo|virtual(?![ \t]+\w)|telecommute)\b",
)
_HEADER_HYBRID = Lowered(r"\bhybrid\w*|\bhíbrido\b|\bhybride\b")
_HEADER_ONSITE = Lowered(
    r"\b(?:on[- ]?site|in[- ]office|in[- ]person|office[- ]based|vor\s+ort|présentiel|presencial"
    r"|sur\s+site)\b",
)

# Tier 4 -------------------------------------------------------------------------------------
_OPTIONAL_REMOTE = Lowered(
    rf"""\b{_HOME_OFFICE}[- ]?(?:Options?|Möglichkeit\w*|Tage?n?|Anteil|Regelung|days?|possib\w*)
    |\b(?:Möglichkeit\w*|Option)\s+(?:zum|zur|für|auf)\s+(?:\w+\s+)?(?:{_HOME_OFFICE}|mobile[sn]?\s+Arbeit\w*|Remote-?Arbeit)
    |\b(?:gelegentlich\w*|tageweise|anteilig)\s+(?:\w+\s+)?(?:{_HOME_OFFICE}|remote|mobile[sn]?\s+Arbeit\w*)
    |\bmobile[sn]?\s+Arbeit(?:en)?\b|\b{_HOME_OFFICE}\s+(?:möglich|nach\s+Absprache)
    |\b(?:option|possibility|ability|flexibility|opportunity|freedom)\s+(?:to\s+)?(?:work\s+)?(?:remotely|from\s+home|remote)\b
    |\bwork\s+from\s+home\s+\((?:optional|partial)|\bflexible\s+(?:remote|home)\s+work
    |\b(?:wfh|work[- ]from[- ]home|remote[- ]work(?:ing)?)\s+(?:flexibility|options?|policy)
    |^\W*{_HOME_OFFICE}\W*$|\btélétravail\s+possible""",
    _FLAGS | re.MULTILINE,
)

# Tier 5 -------------------------------------------------------------------------------------
_PLAIN_REMOTE = Lowered(
    rf"""\bremote(?:[- ](?:first|friendly|ok|only))\b
    |\bremote(?:ly)?\s+(?:work\w*|team\w*|employees?|compan\w*|organi[sz]ation|culture|setup|set-up
        |environment|position|role|job|opportunit\w*|across|from|within|in\s+the|anywhere|\()
    |\b(?:work(?:ing)?|performed|done|collaborat\w*|operate|meet)\s+(?:\w+\s+){{0,5}}?(?:remotely|virtually)\b
    |^\W*remote\b|\(remote\b|\bremote\)|\bwork(?:ing)?\s+from\s+home\b|\bwfh\b
    |\b(?:im|in|aus\s+dem)\s+{_HOME_OFFICE}\b
    |\b(?:we\s+are|we're|we’re|join\s+our|our)\s+(?:an?\s+)?(?:[\w+-]+\s+){{0,4}}?distributed\s+
        (?:[\w-]+\s+)?{_TEAM}\b
    |\b(?:our|the)\s+(?:[\w-]+\s+)?(?:team|company|organi[sz]ation)\s+is\s+(?:\w+\s+){{0,2}}?
        distributed\b(?!\s+(?:systems?|computing|ledgers?|databases?))
    |\bdistributed\s*(?:/|&|and|or)\s*remote\b|\bremote\s*(?:/|&|and|or)\s*distributed\b
    |\btélétravail\b|\bteletrabajo\b|\bremoto\b|\btelecommut\w*""",
    _FLAGS | re.MULTILINE,
)

# Tier 6 -------------------------------------------------------------------------------------
_PLAIN_ONSITE = re.compile(
    r"\b(?:work(?:ing)?|based|located)\s+(?:on[- ]?site|in[- ]office)\b"
    r"|\bon[- ]?site\s+(?:in|at)\s+[A-Z]"
    r"|\bprésentiel\b|\bpresencial\b",
)
_LOCATION_LINE = re.compile(
    r"^\W*(?:location|locations|office|based\s+in|standort|arbeitsort|einsatzort|dienstort|lieu"
    r"|ubicación)\s*:\s*(?P<place>[^\n]{2,80})$",
    re.IGNORECASE | re.MULTILINE,
)


# Policy text about other roles ("Depending on the role you may be eligible to work fully
# remotely", "a few roles allow for remote work", "If the posting is specified as Onsite") and
# questions ("do you support remote work from Turkey?") say nothing about this role.
_CONDITIONAL = Lowered(
    r"""depending\s+on\s+the\s+(?:role|position|team)|(?:some|certain|a\s+few|many)
    \s+(?:roles|positions|teams)|may\s+be\s+eligible|if\s+(?:the|this)\s+(?:posting|role|position)
    |je\s+nach\s+(?:Rolle|Position|Stelle|Team)|\b(?:do|does|can|could|will|would)\s+(?:you|they|we|it)\b.*\?\s*$""",
    _FLAGS,
)
_SENTENCE = Lowered(r"(?<=[.!?])\s+|\n")
_TRIGGERS = Triggers(
    "remote", "hybrid", "home", "office", "on-site", "onsite", "on site", "sur site", "in-person",
    "in person", "büro", "vor ort", "ortsunab", "mobil", "wfh", "distributed", "anywhere",
    "wherever", "wo es", "wo immer", "télétravail", "teletrabajo", "remoto", "híbrido",
    "presencial", "présentiel", "virtual", "präsenz", "presence", "anwesenheit", "commut",
    "telecommut", "bundesweit", "location", "bureau", "oficina", "workation",
)  # fmt: skip
_ONSITE_TRIGGERS = Triggers(
    "on-site", "onsite", "on site", "in-office", "in office", "présentiel", "presencial"
)
_LOCATION_TRIGGERS = Triggers(
    "location", "office", "based in", "standort", "arbeitsort", "einsatzort", "dienstort", "lieu",
    "ubicación",
)  # fmt: skip


def _unconditional(text: str) -> str:
    """The text one sentence per line, without the sentences about other roles' work modes."""
    if not text:
        return text
    if not _CONDITIONAL.possible(text):
        return _SENTENCE.sub("\n", text)
    return "\n".join(part for part in _SENTENCE.split(text) if not _CONDITIONAL.test(part))


def _about_this_role(text: str) -> str:
    """The text without perks, other senses of "remote", skills and other roles' policies."""
    return _SKILL.sub(" ", _PERK.sub(" ", _unconditional(text)))


def extract_remote(document: Document) -> str | None:
    # Lowercased lines: the patterns are compiled for lowercase text (see normalize.patterns).
    header = _about_this_role(document.select(_TRIGGERS, body=False, lowered=True))
    body = _about_this_role(document.select(_TRIGGERS, header=False, lowered=True))
    texts = (header, body)

    explicit = [_NOT_FULLY_REMOTE_PATTERN.sub(" ", text) for text in texts]
    onsite = any(_STRONG_ONSITE.test(text) for text in explicit)
    # A negation such as "kein remote Job" must not count as a remote statement too.
    remote = any(
        _STRONG_REMOTE.test(text) or _REMOTE_CHOICE.test(text)
        for text in (_STRONG_ONSITE.sub(" ", text) for text in explicit)
    )
    if remote != onsite:
        return Remote.REMOTE.value if remote else Remote.ONSITE.value
    if any(_REQUIRED_PRESENCE.test(text) for text in texts):
        return Remote.HYBRID.value
    if _HEADER_REMOTE.test(header):
        return Remote.REMOTE.value
    if _HEADER_HYBRID.test(header):
        return Remote.HYBRID.value
    if _HEADER_ONSITE.test(header):
        return Remote.ONSITE.value
    if _OPTIONAL_REMOTE.test(body):
        return Remote.HYBRID.value
    if _PLAIN_REMOTE.test(body):
        return Remote.REMOTE.value
    # "on-site in Austin" needs the capital of the place: the original lines.
    if _PLAIN_ONSITE.search(document.select(_ONSITE_TRIGGERS, header=False)):
        return Remote.ONSITE.value
    if _names_a_workplace(document):
        return Remote.ONSITE.value
    return None


def _names_a_workplace(document: Document) -> bool:
    if is_specific_place(document.location):
        return True
    location_lines = document.select(_LOCATION_TRIGGERS, header=False)
    if any(is_specific_place(m.group("place")) for m in _LOCATION_LINE.finditer(location_lines)):
        return True
    if CITY_STATE.search(document.header):
        return True
    return any(
        looks_like_place(part)
        for line in document.header.split("\n")
        if "|" in line
        for part in line.split("|")[1:]
    )
