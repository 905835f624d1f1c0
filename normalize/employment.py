"""Employment types (schema.org values) the listing states explicitly (DESIGN §3).

Where a type word counts:
- the type field and the title ("Intern", "Werkstudent", "Freelance", "(Contract)", "befristet");
- short header-like lines: a pipe-separated first line, "Job Type: Full-Time", "Vollzeit | Vor
  Ort | Standort: Hallstadt";
- statements about the role in the body: "This is a full-time position", "in Teilzeit",
  "on a contract basis", "im Ehrenamt", "a 12-week internship".
Benefit boilerplate ("equity for all full-time roles", "bei Vollzeitbeschäftigung") does not.
"""

from __future__ import annotations

import re

from normalize.document import Document, Triggers
from normalize.patterns import Lowered
from normalize.vocab import EmploymentType

_FLAGS = re.VERBOSE

# Type words, valid in the type field, the title and header-like lines.
_WORDS: dict[EmploymentType, str] = {
    EmploymentType.FULL_TIME: (
        r"full[- ]?time|vollzeit|temps\s+plein|tiempo\s+completo|jornada\s+completa"
    ),
    EmploymentType.PART_TIME: (
        r"part[- ]?time|teilzeit|werkstudent\w*|working\s+student|minijob|mini-job|nebenjob"
        r"|temps\s+partiel|tiempo\s+parcial|media\s+jornada|jornada\s+parcial"
    ),
    EmploymentType.CONTRACTOR: (
        r"contractors?|freelance\w*|freiberuf\w*|1099|independent\s+contract\w*"
        r"|contract[- ]to[- ]hire"
        r"|honorarbasis|indépendant|autónomo|contract(?!\s*(?:manager|management|specialist"
        r"|administrat\w*|analyst|negotiat\w*|lawyer|attorney|counsel|coordinator|law|review|s\b))"
    ),
    EmploymentType.TEMPORARY: (
        r"temporary|temp|fixed[- ]term|befristet\w*|cdd|seasonal|saisonal\w*|saisonkraft"
        r"|\w*vertretung|maternity\s+cover|parental\s+leave\s+cover|contrato\s+temporal"
    ),
    EmploymentType.INTERN: (
        r"intern|interns|internship|praktikum|praktikant\w*|pflichtpraktikum|stagiaire"
        r"|prácticas|practicas|becari[oa]|pasant[ií]a|co-?op"
    ),
    EmploymentType.VOLUNTEER: r"volunteer\w*|ehrenamt\w*|bénévol\w*|voluntari[oa]|voluntariado",
    EmploymentType.PER_DIEM: r"per\s+diem|prn",
    EmploymentType.OTHER: (
        r"ausbildung|azubi|duales\s+studium|dual\s+stud\w*|dualer?\s+student\w*|trainee\w*"
        r"|apprentice\w*|lehrstelle|alternance"
    ),
}
_TYPE_WORD = {kind: Lowered(rf"(?<![\w-])(?:{words})(?![\w-])") for kind, words in _WORDS.items()}
# Words that name a type only in the type field or the title: in running text "Ausbildung" and
# "volunteer" are qualifications or benefits ("abgeschlossene Ausbildung", "volunteer days").
_FIELD_AND_TITLE_ONLY = frozenset(
    {EmploymentType.OTHER, EmploymentType.VOLUNTEER, EmploymentType.PER_DIEM}
)
# Arbeitnow's "Side" (a side job) is a type only in the type field; in a title it is "Client Side".
_SIDE_JOB = Lowered(r"(?<![\w-])side(?![\w-])")
# French "stage" is an internship; in English it is a phase ("early-stage startup", "Stage 2"),
# a platform ("on stage") or a theatre job ("Stage Manager"). The type field is a type, so
# "Stage" there is the internship; in the title it needs the French sense: French words after it
# ("Stage de 6 mois", "Stage en marketing", "stage conventionné"), the title being "Stage" or
# opening with "Stage -"/"Stage :", French gender marks "(H/F)", or a French-language posting.
_STAGE = Lowered(r"(?<![\w-])stage(?![\w-])")
_FRENCH_STAGE = Lowered(
    r"""(?<![\w-])stage\s+(?:de|d'|d’|du|des|en|chez|au|aux|à|conventionné|rémunéré|obligatoire
        |pré-embauche|ingénieur|long|court|césure|alterné|h/f|f/h)(?![\w-])
    |^\W*stage\s*(?:$|[-–—:|(/,·])
    |(?<![\w-])stage(?![\w-]).*[(\[](?:h/f|f/h|h/f/x|f/h/x|h/f/nb)[)\]]
    |[(\[](?:h/f|f/h|h/f/x|f/h/x)[)\]].*(?<![\w-])stage(?![\w-])""",
    _FLAGS,
)
# Words in a type field that describe seniority or level, not a type (Arbeitnow, Himalayas).
_SENIORITY = re.compile(
    r"berufserfahren|berufseinstieg|teamleitung|geschäftsleitung|hilfstätigkeit"
)

# Statements in running text.
_STATEMENTS: dict[EmploymentType, Lowered] = {
    EmploymentType.FULL_TIME: Lowered(
        r"""\b(?:this|it|the\s+(?:role|position|job))\s+is\s+an?\s+(?:[\w,/-]+\s+){0,3}?
            full[- ]time\b
        |\b(?:in|als)\s+Vollzeit\b|\bVollzeit(?:stelle|position|anstellung|job)\b
        |\bVoll-\s+(?:oder|und|/)\s+Teilzeit\b
        |\bfull[- ]time\s+(?:position|role|job|employment|opportunity|contract|basis|hire|w-?2)\b
        |\b(?:looking\s+for|hiring|seeking)\s+an?\s+full[- ]time\b|\bà\s+temps\s+plein\b
        |\ba\s+jornada\s+completa\b""",
        _FLAGS,
    ),
    EmploymentType.PART_TIME: Lowered(
        r"""\b(?:this|it|the\s+(?:role|position|job))\s+is\s+an?\s+(?:[\w,/-]+\s+){0,3}?
            part[- ]time\b
        |\b(?:in|als)\s+Teilzeit\b|\bTeilzeit(?:stelle|position|anstellung|job)\b|\b(?:Voll-|Vollzeit)\s+(?:oder|und|/)\s+Teilzeit\b
        |\bpart[- ]time\s+(?:position|role|job|employment|opportunity|contract|basis|hours|schedule
            |work)\b
        |\b(?:looking\s+for|hiring|seeking)\s+an?\s+part[- ]time\b|\bà\s+temps\s+partiel\b
        |\bmedia\s+jornada\b""",
        _FLAGS,
    ),
    EmploymentType.CONTRACTOR: Lowered(
        r"""\bon\s+an?\s+(?:independent\s+)?(?:freelance|contract|contractor|consulting|1099)\s+basis\b
        |\bindependent\s+contractor\b|\b1099\b|\bcontract[- ]to[- ]hire\b
        |\b(?:freelance|contract|contractor)\s+(?:role|position|job|opportunity|engagement|assignment)\b
        |\b(?:this|it)\s+is\s+an?\s+(?:[\w,/-]+\s+){0,3}?(?:freelance|contract)\b
        |\b(?:als|auf)\s+(?:Freelancer|Freiberufler|Honorarbasis)\b|\bfreiberufliche[nr]?\b
        |\ben\s+(?:freelance|indépendant)\b|\bcomo\s+(?:freelance|autónomo)\b""",
        _FLAGS,
    ),
    EmploymentType.TEMPORARY: Lowered(
        r"""\b(?:fixed[- ]term|temporary)\s+(?:contract|position|role|assignment|employment|job)\b
        |(?<!un)\bbefristet\w*\b|\b(?:Elternzeit|Mutterschutz|Krankheits)vertretung\b
        |\bmaternity\s+(?:leave\s+)?cover\b|\bcontrat\s+à\s+durée\s+déterminée\b|\bCDD\b
        |\bcontrato\s+temporal\b""",
        _FLAGS,
    ),
    EmploymentType.INTERN: Lowered(
        r"""\b(?:this|the|our|an?|paid|unpaid|summer|winter|spring|fall)\s+(?:[\w-]+\s+)?internship\b
        |\b(?:ein|das|dein|Ihr|unser|im|zum)\s+(?:\w+\s+)?(?:Pflicht)?[Pp]raktikum\b|\bPflichtpraktikum\b
        |\b(?:un|ce|le|votre|du|ton|offre\s+de|convention\s+de)\s+stage\b
        |\bstage\s+(?:de\s+\d+|de\s+fin\s+d|conventionné|rémunéré|obligatoire|pré-embauche
            |d'une\s+durée|de\s+(?:deux|trois|quatre|cinq|six)\s+(?:mois|semaines))
        |\b(?:en\s+)?prácticas\s+(?:remuneradas|de|en)\b|\bpasant[ií]a\s+(?:de|en|remunerada)\b
        |\binternships?\s+(?:and|&|for|available|positions?|program)""",
        _FLAGS,
    ),
    EmploymentType.VOLUNTEER: Lowered(
        r"""\bim\s+Ehrenamt\b|\behrenamtlich\w*|\bvolunteer\s+(?:role|position|opportunity|basis)\b
        |\bas\s+an?\s+volunteer\b|\bbénévolat\b|\bcomo\s+voluntari[oa]\b""",
        _FLAGS,
    ),
}
# HN's capitalised "(INTERNS)" in a list of roles; "interns" in lowercase prose is not a type.
_SHOUTED_INTERNS = re.compile(r"\bINTERNS?\b")
_STATEMENT_TRIGGERS = Triggers(
    "full-time", "full time", "fulltime", "part-time", "part time", "parttime", "vollzeit",
    "teilzeit", "contract", "freelanc", "freiberuf", "1099", "temporar", "fixed", "befrist",
    "vertretung", "cover", "cdd", "déterminée", "internship", "interns", "praktik", " stage",
    "prácticas", "ehrenamt", "volunt", "bénévol", "honorar", "indépendant", "autónomo", "jornada",
    "temps", "temporal", "pasant",
)  # fmt: skip
# A header-like line: pipe/middot-separated, a "Label: value" pair, or a few words only.
_LABEL_LINE = Lowered(
    r"^\W*(?:job|position|employment|contract|work|role)?\s*(?:type|status|schedule|commitment"
    r"|employment|anstellungsart|beschäftigungsart|vertragsart|arbeitszeit|type\s+de\s+contrat"
    r"|tipo\s+de\s+(?:contrato|jornada)|jornada)\s*:",
)
_HEADER_SEPARATORS = re.compile(r"\s[|·•]\s|\s\|\s?|\s?\|\s")
_SHORT_LINE_WORDS = 5
_HEADER_LINE_CHARACTERS = 100


def extract_employment_types(document: Document) -> list[str]:
    # Lowercased texts: the patterns are compiled for lowercase text (see normalize.patterns).
    found: set[EmploymentType] = set()
    field = _SENIORITY.sub(" ", document.employment_type.lower())
    if _SIDE_JOB.test(field):
        found.add(EmploymentType.PART_TIME)
    if _STAGE.test(field):
        found.add(EmploymentType.INTERN)  # the type field names a type: French "Stage"
    for text in (field, document.title.lower()):
        found |= _type_words(text, document)
    found |= _type_words("\n".join(_header_lines(document)), document) - _FIELD_AND_TITLE_ONLY
    statements = document.select(_STATEMENT_TRIGGERS, header=False, lowered=True)
    for kind, pattern in _STATEMENTS.items():
        if pattern.test(statements):
            found.add(kind)
    if "intern" in statements and _SHOUTED_INTERNS.search(
        document.select(_STATEMENT_TRIGGERS, header=False)
    ):
        found.add(EmploymentType.INTERN)
    return sorted(kind.value for kind in found)


def _type_words(text: str, document: Document) -> set[EmploymentType]:
    kinds = {kind for kind, pattern in _TYPE_WORD.items() if pattern.test(text)}
    if _STAGE.test(text) and (_FRENCH_STAGE.test(text) or document.language == "fr"):
        kinds.add(EmploymentType.INTERN)
    return kinds


def _header_lines(document: Document) -> list[str]:
    """The header and the body's header-like lines, lowercased."""
    lines = ["\n".join(document.header_lowered)]
    for line in document.body_lowered:
        if not line or len(line) > _HEADER_LINE_CHARACTERS:
            continue
        # Body lines are tidy (single spaces, no space at either end): spaces + 1 = words.
        if (
            line.count(" ") < _SHORT_LINE_WORDS
            or _HEADER_SEPARATORS.search(line)
            or _LABEL_LINE.match(line)
        ):
            lines.append(line)
    return lines
