"""Is a location a physical work place (a city, an address) or only a country or region?

DESIGN §3 calls a listing on-site when it "gives a physical work location and nothing about
this role says remote or hybrid". A country ("United States", "Brazil") or a region ("EMEA",
"DACH") bounds where people may live, so it is not such a location; a city is.
"""

from __future__ import annotations

import re

_COUNTRIES = """
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas
bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil
brunei bulgaria burkina burundi cambodia cameroon canada chad chile china colombia congo
costa rica croatia cuba cyprus czechia czech republic denmark djibouti dominican republic ecuador
egypt el salvador estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana
greece guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq
ireland israel italy ivory coast jamaica japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan
laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi
malaysia maldives mali malta mauritania mauritius mexico moldova mongolia montenegro
morocco mozambique myanmar namibia nepal netherlands the netherlands new zealand nicaragua niger
nigeria north macedonia norway oman pakistan panama paraguay peru philippines poland portugal
puerto rico qatar romania russia rwanda saudi arabia senegal serbia slovakia slovenia
somalia south africa south korea korea spain sri lanka sudan suriname sweden switzerland syria
taiwan tajikistan tanzania thailand togo tunisia turkey türkiye uganda ukraine
united arab emirates uae united kingdom uk great britain england scotland wales northern ireland
united states usa us u.s. u.s.a. united states of america america uruguay uzbekistan venezuela
vietnam yemen zambia zimbabwe
deutschland österreich schweiz frankreich spanien italien niederlande polen vereinigtes königreich
vereinigte staaten espagne allemagne royaume-uni états-unis suisse belgique italie españa
alemania francia reino unido estados unidos méxico
"""
_REGIONS = """
remote anywhere worldwide global globally international europe eu emea apac latam latin america
north america south america americas asia africa middle east oceania nordics scandinavia dach
benelux cet cest est pst utc gmt timezone time zone us only eu only multiple locations
various locations several locations nationwide bundesweit deutschlandweit flexible home office
homeoffice work from home wfh virtual distributed
"""


def _phrases(block: str) -> frozenset[str]:
    words = block.split()
    phrases: set[str] = set(words)
    # Two- and three-word names ("costa rica", "united states of america").
    for size in (2, 3, 4):
        phrases.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return frozenset(phrases)


_COUNTRY_NAMES = _phrases(_COUNTRIES)
_REGION_NAMES = _phrases(_REGIONS)
_PARTS = re.compile(r"\s*(?:[,;/|()·•]|\s-\s|\bor\b|\boder\b|\band\b)\s*", re.IGNORECASE)
_NOISE = re.compile(r"\b(?:only|based|preferred|region|area|time\s*zones?|\+|-)\b|\d+", re.I)
# "Austin, TX", "Saint Louis, MO, USA": a city followed by a US state or Canadian province code.
CITY_STATE = re.compile(
    r"\b[A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+)*,\s?(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA"
    r"|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|ON|QC|BC|AB)\b"
)


def _comma_separated(block: str) -> frozenset[str]:
    return frozenset(name.strip() for name in block.split(",") if name.strip())


_CITY_NAMES = _comma_separated(
    """
    new york, nyc, new york city, san francisco, sf, bay area, sf bay area, los angeles, seattle,
    boston, austin, chicago, denver, atlanta, miami, washington dc, portland, san diego, san jose,
    palo alto, mountain view, menlo park, oakland, berkeley, sunnyvale, santa monica, brooklyn,
    manhattan, philadelphia, pittsburgh, dallas, houston, phoenix, salt lake city, minneapolis,
    detroit, toronto, vancouver, montreal, ottawa, waterloo, london, berlin, munich, münchen,
    hamburg, frankfurt, cologne, köln, düsseldorf, stuttgart, leipzig, dresden, paris, lyon,
    amsterdam, rotterdam, the hague, brussels, dublin, madrid, barcelona, lisbon, porto, milan,
    rome, zurich, zürich, geneva, vienna, wien, prague, warsaw, krakow, budapest, copenhagen,
    stockholm, oslo, helsinki, tallinn, riga, vilnius, athens, istanbul, tel aviv, dubai,
    bangalore, bengaluru, mumbai, delhi, hyderabad, pune, chennai, singapore, tokyo, seoul,
    beijing, shanghai, shenzhen, sydney, melbourne, auckland, cape town, nairobi, lagos,
    são paulo, sao paulo, buenos aires, mexico city, bogota, bogotá, santiago, lima, manila
    """
)


# Words of header segments that are not places: roles, types, work modes, pay, visas, links.
_NOT_A_PLACE = re.compile(
    r"""engineer|developer|programmer|manager|designer|scientist|lead|head|director|architect
    |analyst|specialist|intern|sales|product|marketing|devops|sre|front|back|full|stack|software
    |data|senior|staff|principal|junior|cto|ceo|vp|recruit|support|consultant|writer|editor
    |officer|admin|research|security|mobile|ios|android|web|cloud|platform|infrastructure|qa|test
    |ops|operations|customer|success|account|growth|design|ux|ui|ml|ai|machine|learning|various
    |multiple|positions|roles|team|time|contract|freelance|permanent|remote|onsite|on-site|hybrid
    |office|relocat|visa|h1b|h-1b|sponsor|equity|salary|\$|€|£|\d|http|www|\.com|\.io|@|inc\b
    |llc|ltd|gmbh|corp|labs?\b|technologies|systems|health|bio|fintech|startup""",
    re.IGNORECASE | re.VERBOSE,
)


def is_specific_place(location: str | None) -> bool:
    """True when a location field names a place of work finer than a country or region."""
    if not location or not location.strip():
        return False
    parts = [p for p in _PARTS.split(location) if p and p.strip()]
    return any(_specific(part) for part in parts)


def looks_like_place(segment: str) -> bool:
    """True for a header segment that names a city ("New York, NY", "Cupertino", "Atlanta
    Brooklyn Oakland"). Header segments (after the company) are roles, places, types, pay, visa
    notes or links; a few capitalised words that are none of the others are a place."""
    segment = segment.strip(" *")
    if not segment or len(segment) > 60:
        return False
    if CITY_STATE.search(segment):
        return True
    lowered = segment.lower()
    names = [name.strip(" .") for name in _PARTS.split(lowered) if name.strip(" .")]
    words = lowered.split()
    if any(name in _CITY_NAMES for name in names) or any(word in _CITY_NAMES for word in words):
        return True
    if _NOT_A_PLACE.search(segment) or not all(word[:1].isupper() for word in segment.split()):
        return False
    return len(words) <= 3 and not all(_specific(name) is False for name in names)


def _specific(part: str) -> bool:
    name = _NOISE.sub(" ", part.lower())
    name = " ".join(name.replace(".", ". ").split()).strip(" .")
    if not name:
        return False
    return name not in _COUNTRY_NAMES and name not in _REGION_NAMES and not _all_known(name)


def _all_known(name: str) -> bool:
    """True when every word belongs to a country or region name ("remote us", "eu remote",
    "apac-c1")."""
    words = [word for word in re.split(r"[\s-]+", name) if len(word) > 1]
    return all(w in _COUNTRY_NAMES or w in _REGION_NAMES for w in words)
