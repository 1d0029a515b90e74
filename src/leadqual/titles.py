"""Job titles in English and Dutch: seniority and department, parsed from free text.

CRM job titles are free text ("Hoofd Inkoop", "Sr. Marketing Mgr", "DGA",
"Stagiair Marketing"). :func:`parse_title` reads them into a :class:`Title` with a
:class:`Seniority` and a :class:`Department`; either is ``None`` when the title does
not say (unknown, not "no").

>>> title = parse_title("Hoofd Inkoop")
>>> title.seniority, title.department
(<Seniority.HEAD: 'head'>, <Department.PURCHASING: 'purchasing'>)
>>> parse_title("CFO").department.label("nl")
'Financiën'

How titles are read (first rule that fits wins, so the order is the documentation):

1. students and interns (``student``, ``stagiair``, ``afstudeerder``, ``intern``,
   ``internship``, ``werkstudent``; ``trainee`` is *junior*, not student). Staff who
   work with students are not students: ``student`` followed or preceded by a staff
   noun (``Student advisor``, ``Student recruiter``, ``Adviseur student``) and
   one-word staff titles (``Studentenbegeleider``, ``Studentendecaan``) are
   specialists. Dutch *intern* also means *internal*, so ``intern`` followed by a role
   noun (``Intern begeleider``, ``Intern accountant``, ``Internship coordinator``)
   is that role;
2. the top civil servant (``secretaris-generaal``, ``gemeentesecretaris``) is C-level;
3. support roles that mention a boss (``Assistant to the CEO``,
   ``directiesecretaresse``, ``directieadviseur``, ``Adviseur van de directie``) are
   specialists, not executives;
4. role titles are specialists: the words *manager* and *owner* in ``account
   manager``, ``office manager``, ``product owner``, ``budget owner`` or ``business
   owner`` name a role, not a rank (``Senior Account Manager`` is *senior*);
5. supervisory boards (``commissaris``, ``RvC``, ``raad van toezicht``,
   ``non-executive director``) are ``board``: non-executives who oversee, ranked below
   C-level and above VPs, and not decision makers;
6. owners (``owner``, ``eigenaar``, ``founder``, ``oprichter``, ``DGA``, ``zzp'er``,
   ``freelancer``, ``praktijkhouder``, ``managing partner``, a bare ``Partner`` -- not
   ``Partner manager``);
7. C-level (``CEO``, ``CFO``…, ``Chief … Officer``, ``managing director``,
   ``algemeen directeur``, ``president``, ``bestuurder``, ``voorzitter``, ``board
   member``, ``raad van bestuur``/``RvB``, ``chairman``; the Flemish ``zaakvoerder``
   and ``gedelegeerd``/``afgevaardigd bestuurder``; the executive boards of schools,
   universities and care institutions: ``college van bestuur``/``CvB``, ``rector
   magnificus``, ``bestuurder zorginstelling``, ``directeur-bestuurder``); an
   abbreviation followed by a specialist's noun is a topic (``CRO specialist`` works on
   conversion rates);
8. VP; 9. director (``director``, ``directeur``, ``MT-lid``, ``country manager``,
   ``algemeen manager``, ``chief of staff``, ``rector``, ``schoolleider``); 10. head
   (``head of``, ``hoofd``, ``afdelingshoofd``, ``diensthoofd``, ``conrector``; not
   ``head office`` or ``hoofdkantoor``); 11. manager (``manager``, ``teamleider``,
   ``bedrijfsleider``, the Flemish ``verantwoordelijke`` and ``kaderlid``,
   ``supervisor``); 12. senior (``senior``, ``lead`` -- not
   ``lead generation`` --, ``principal``); 13. junior (``junior``, ``trainee`` --
   checked before manager, so a management trainee is junior -- while ``medior`` is a
   specialist);
14. specialist (``medewerker``, ``specialist``, ``consultant``, ``adviseur``,
   ``engineer``, ``inkoper`` and the Flemish ``aankoper``, ``bediende``,
   ``beheerder``, ``scrum master``…).

Feminine forms read exactly as the masculine ones: ``zaakvoerster``, ``directrice``,
``bedrijfsleidster``, ``eigenares``, ``oprichtster``, ``bestuurster``, ``voorzitster``,
``medewerkster``, ``verkoopster``, ``adviseuse``, ``consulente``, ``vennote``.

Departments are found by keyword in a fixed priority (purchasing, legal, HR, finance,
marketing, sales, customer service, product, IT, engineering, operations), so
"Sales Operations Manager" is sales and "IT Operations" is IT; C-level abbreviations
name their department (CFO is finance, CTO is IT); owners, CEOs and general directors
without a function are *executive*.

Parsing is cached: a title seen before costs one dictionary lookup.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from leadqual._core.labels import LabelledEnum
from leadqual.exceptions import LeadError
from leadqual.lead import MAX_TEXT

__all__ = ["Department", "Seniority", "Title", "parse_title", "title_names"]


class Seniority(LabelledEnum):
    """How senior a person is, from owner down to student.

    ``board`` is a non-executive, supervisory board seat (*commissaris*, *raad van
    toezicht*); executive boards (*raad van bestuur*) are ``c_level``.

    >>> Seniority.DIRECTOR.rank > Seniority.MANAGER.rank
    True
    """

    OWNER = "owner"
    C_LEVEL = "c_level"
    BOARD = "board"
    VP = "vp"
    DIRECTOR = "director"
    HEAD = "head"
    MANAGER = "manager"
    SENIOR = "senior"
    SPECIALIST = "specialist"
    JUNIOR = "junior"
    STUDENT = "student"

    @property
    def rank(self) -> int:
        """Order by authority: owner 10 … student 0."""
        return _SENIORITY_RANK[self]

    @property
    def is_decision_maker(self) -> bool:
        """Owners, C-level, VPs and directors usually sign; heads and below usually do not.

        A non-executive board (``board``: supervisory directors, *commissarissen*) ranks
        above VPs but oversees rather than buys, so it is not a decision maker here.

        >>> Seniority.DIRECTOR.is_decision_maker, Seniority.HEAD.is_decision_maker
        (True, False)
        >>> Seniority.BOARD.is_decision_maker
        False
        """
        return self is not Seniority.BOARD and self.rank >= Seniority.DIRECTOR.rank


_SENIORITY_RANK = {level: rank for rank, level in enumerate(reversed(Seniority))}


class Department(LabelledEnum):
    """The function a person works in.

    >>> Department("purchasing").label("nl")
    'Inkoop'
    """

    EXECUTIVE = "executive"
    SALES = "sales"
    MARKETING = "marketing"
    FINANCE = "finance"
    IT = "it"
    ENGINEERING = "engineering"
    OPERATIONS = "operations"
    HR = "hr"
    PURCHASING = "purchasing"
    LEGAL = "legal"
    CUSTOMER_SERVICE = "customer_service"
    PRODUCT = "product"


@attrs.frozen
class Title:
    """A parsed job title; ``None`` means the title does not say.

    >>> t = parse_title("Sr. Marketing Mgr")
    >>> t.seniority, t.department
    (<Seniority.MANAGER: 'manager'>, <Department.MARKETING: 'marketing'>)
    """

    text: str
    seniority: Seniority | None = None
    department: Department | None = None


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# Staff who work *with* students or interns: "Student advisor", "Studentendecaan" and
# "Internship coordinator" are employees, not students.
_STUDENT_STAFF = (
    r"advi[sz]\w*",
    r"adviseu?r\w*",
    r"recruit\w*",
    r"counsel+or\w*",
    r"\w*begeleid\w*",
    r"\w*decaan",
    r"administrat\w*",
    r"co ?ordinat\w*",
    r"services?",
    r"affairs",
    r"zaken",
    r"officer",
    r"support",
)
_STUDENT = (
    "".join(
        rf"(?<!\b{noun} )" for noun in ("advisor", "adviseur", "recruiter", "begeleider", "decaan")
    )
    + r"student(?! (?:"
    + "|".join(_STUDENT_STAFF)
    + r")\b)"
)
# Dutch "intern" also means *internal*: "intern begeleider", "intern accountant" and
# "intern auditor" are staff, so "intern" only counts when no role noun follows it.
_NOT_INTERNAL_ROLE = (
    r"(?! (?:"
    + "|".join(
        (
            *_STUDENT_STAFF,
            r"accountant",
            r"\w*auditor",
            r"controller",
            r"consultant",
            r"medewerk\w*",
            r"manager",
            r"specialist",
            r"communicatie\w*",
            r"beleid\w*",
        )
    )
    + r")\b)"
)
# "CRO specialist" is conversion-rate optimisation, not a Chief Revenue Officer: a
# C-level abbreviation followed by a specialist's noun names a topic, not a rank.
_NOT_TOPIC = (
    r"(?! (?:specialist|analyst|analist|consultant|expert|marketeer|marketer|manager"
    r"|medewerk\w*|adviseu?r|advisor|lead|optimi[sz]\w*|office)\b)"
)
# Roles called "... owner" or "... manager" that name a responsibility, not a rank.
_ROLE_TITLES = (
    r"(?:key |global |national |strategic )?account ?manager",
    (
        r"(?:product|process|proces|data|service|budget|business|system|systeem|risk|risico"
        r"|content|application|applicatie|app|platform|contract|asset|change|release|domain"
        r"|domein|feature|solution|incident|problem|journey|control|information|informatie"
        r"|functional|technical) ?owner"
    ),
    r"(?:product|proces|budget|risico|systeem|applicatie|data|informatie|contract) ?eigenaar",
    r"business partner",
    r"office ?manager",
)

# Ordered: the first pattern that matches decides. See the module docstring.
_SENIORITY_RULES: tuple[tuple[re.Pattern[str], Seniority], ...] = (
    (
        _words(
            _STUDENT,
            r"\w*stagiair\w*",
            r"stagiaire",
            r"stageloper",
            r"afstudeer\w*",
            r"intern" + _NOT_INTERNAL_ROLE,
            r"internship" + _NOT_INTERNAL_ROLE,
            r"werkstudent",
            r"scholier",
            r"promovendus",
            r"phd (?:student|candidate)",
            r"bijbaan",
        ),
        Seniority.STUDENT,
    ),
    # The top civil servant of a ministry or municipality, despite "secretaris".
    (
        _words(
            r"secretaris generaal",
            r"secretary general",
            r"gemeentesecretaris",
            r"provinciesecretaris",
        ),
        Seniority.C_LEVEL,
    ),
    (
        _words(
            r"(?:executive|management|personal|office|administrative) assistant",
            r"assistant to",
            r"\w*assistent\w*",
            r"\w*secretar\w*",
            r"\w*begeleider",
            r"opleider",
            r"directie ?(?:adviseu?r|advisor|medewerk\w*|ondersteun\w*)",
            r"(?:adviseu?r|advisor|medewerk\w*) (?:van |to )?(?:de |the )?"
            r"(?:directie|raad van bestuur|board|management)",
            r"management ?(?:ondersteun\w*|support)",
        ),
        Seniority.SPECIALIST,
    ),
    # "Senior Account Manager" is a senior salesperson, not a manager of people.
    (
        _words(*(rf"(?:senior|sr|lead|principal) {role}" for role in _ROLE_TITLES)),
        Seniority.SENIOR,
    ),
    (_words(*_ROLE_TITLES), Seniority.SPECIALIST),
    # "Management trainee" is a starter on a programme, not a manager.
    (_words(r"\w*trainee\w*"), Seniority.JUNIOR),
    # Supervisory, non-executive boards: they oversee the executives.
    (
        _words(
            r"commissaris",
            r"raad van (?:commissarissen|toezicht|advies)",
            r"rv[cta]",
            r"supervisory board",
            r"advisory board",
            r"non ?executive(?: director| board member)?",
        ),
        Seniority.BOARD,
    ),
    (
        _words(
            r"owner",
            r"co ?owner",
            r"(?:mede ?)?eigena(?:a|re)r\w*",
            r"(?:mede ?)?eigenares\w*",
            r"praktijk(?:houder|houdster|eigenaar|eigenares)",
            r"(?:co ?)?founder",
            r"(?:mede ?)?oprichte?r",
            r"(?:mede ?)?oprichtster",
            r"dga",
            r"directeur ?(?:groot)?aandeelhouder",
            r"zzp\w*",
            r"zelfstandig(?:e)?(?: ondernemer)?",
            r"ondernem(?:er|ster)",
            r"entrepreneur",
            r"self ?employed",
            r"freelance\w*",
            r"proprietor",
            r"(?:managing|senior|equity|founding) partner",
            r"vennoo?te?",
        ),
        Seniority.OWNER,
    ),
    # A bare "Partner" (of a firm), not "Partner manager" or "Partner marketing".
    (
        re.compile(r"^partner(?: (?:at|bij|in|van|of|advocatuur|accountancy)\b.*)?$"),
        Seniority.OWNER,
    ),
    (
        _words(
            r"c[efiotmrsdp]o" + _NOT_TOPIC,
            r"chro",
            r"ciso",
            r"chief(?: \w+)? officer",
            r"chief executive",
            r"managing director",
            r"md",
            r"algemeen direct(?:eur|rice)",
            r"algemene directie",
            r"statutair direct(?:eur|rice)",
            r"direct(?:eur|rice) bestuur(?:der|ster)",
            r"bestuurder",
            r"bestuurster",
            r"bestuursvoorzitt(?:er|ster)",
            r"(?<!vice )voorzitt?(?:er|ster)",
            r"zaakvoer(?:der|ster)",
            r"gerante?",
            r"raad van bestuur",
            r"rvb",
            r"college van bestuur",
            r"cvb",
            r"rector magnificus",
            r"directeur generaal",
            r"(?:executive )?board member",
            r"member of the (?:executive )?board",
            r"board of directors",
            r"chair(?:man|woman|person)?(?: of the board)?",
            r"(?<!vice )president",
            r"geschaftsfuhrer",
        ),
        Seniority.C_LEVEL,
    ),
    (
        _words(r"[sea]?vp", r"vice ?president", r"vice ?voorzitt?(?:er|ster)"),
        Seniority.VP,
    ),
    (
        _words(
            r"\w*director",
            r"\w*directeur",
            r"directrice",
            r"directie\w*",
            r"mt lid",
            r"lid mt",
            r"lid management ?team",
            r"managementteam ?lid",
            r"general manager",
            r"algemeen manager",
            r"country ?manager",
            r"chief of staff",
            r"rector",
            r"school ?leid(?:er|ster)",
        ),
        Seniority.DIRECTOR,
    ),
    (
        _words(
            r"head(?! (?:office|quarters?|count)\b)",
            r"hoofd(?!kantoor|zetel|vestiging|kwartier|gebouw|locatie|aannem)\w*",
            r"\w+shoofd",
            r"\w+hoofd",
            r"chef\w*",
            r"\w+chef",
            r"conrector",
        ),
        Seniority.HEAD,
    ),
    (
        _words(
            r"\w*manager",
            r"mgr",
            r"management",
            r"\w*leider",
            r"\w*leidster",
            r"\w*verantwoordelijke",
            r"kaderlid",
            r"team ?lead(?:er)?",
            r"leidinggevende",
            r"supervisor",
            r"voorman",
            r"uitvoerder",
            r"foreman",
        ),
        Seniority.MANAGER,
    ),
    (
        _words(
            r"senior",
            r"sr",
            r"lead(?! ?(?:gen\w*|management|nurtur\w*|qualif\w*|kwalific\w*|scor\w*)\b)",
            r"principal",
            r"staff engineer",
        ),
        Seniority.SENIOR,
    ),
    (
        _words(r"junior", r"jr", r"trainee", r"apprentice", r"graduate", r"leerling", r"starter"),
        Seniority.JUNIOR,
    ),
    (
        _words(
            r"\w*medewerk(?:er|ster)",
            r"\w*bediende",
            r"\w*specialist",
            r"\w*consultant",
            r"consulente",
            r"\w*adviseu?r",
            r"\w*adviseuse",
            r"advisor",
            r"adviser",
            r"\w*engineer",
            r"\w*developer",
            r"\w*ontwikkelaar",
            r"programmeur",
            r"programmer",
            r"\w*analy(?:st|ist)",
            r"analist",
            r"inkoper",
            r"aankoper",
            r"buyer",
            r"purchaser",
            r"\w*accountant",
            r"\w*auditor",
            r"boekhoud(?:er|ster)",
            r"\w*controller",
            r"\w*designer",
            r"ontwerper",
            r"verkoper",
            r"verkoopster",
            r"vertegenwoordig(?:er|ster)",
            r"\w*planner",
            r"administrat\w*",
            r"\w+administrateur",
            r"officer",
            r"co ?[oö]rdinator",
            r"\w*coordinator",
            r"representative",
            r"rep",
            r"(?:account|sales) executive",
            r"\w*architect",
            r"\w*monteur",
            r"technicus",
            r"technician",
            r"operator",
            r"\w*recruiter",
            r"marketeer",
            r"marketer",
            r"\w*jurist",
            r"lawyer",
            r"advocaat",
            r"counsel",
            r"receptionist\w*",
            r"docent",
            r"teacher",
            r"employee",
            r"werknemer",
            r"scientist",
            r"researcher",
            r"onderzoeker",
            r"redacteur",
            r"editor",
            r"\w*writer",
            r"tester",
            r"trainer",
            r"coach",
            r"associate",
            r"agent",
            r"medior",
            r"expert",
            r"professional",
            r"calculator",
            r"werkvoorbereider",
            r"buitendienst\w*",
            r"binnendienst\w*",
            r"projectleider",
            r"\w*beheerder",
            r"\w+decaan",
            r"scrum ?master",
        ),
        Seniority.SPECIALIST,
    ),
)

_C_LEVEL_DEPARTMENT: tuple[tuple[re.Pattern[str], Department], ...] = (
    (_words(r"ceo", r"chief executive(?: officer)?"), Department.EXECUTIVE),
    (_words(r"cfo", r"chief financ\w* officer"), Department.FINANCE),
    (
        _words(r"cto", r"cio", r"ciso", r"cdo", r"chief (?:technology|information)\w* officer"),
        Department.IT,
    ),
    (_words(r"cmo" + _NOT_TOPIC, r"chief marketing officer"), Department.MARKETING),
    (
        _words(
            r"cro" + _NOT_TOPIC, r"cso" + _NOT_TOPIC, r"chief (?:revenue|sales|commercial) officer"
        ),
        Department.SALES,
    ),
    (_words(r"coo", r"chief operati\w* officer"), Department.OPERATIONS),
    (_words(r"chro", r"chief (?:people|human resources?) officer"), Department.HR),
    (_words(r"cpo", r"chief product officer"), Department.PRODUCT),
)

# IT's own support desk is IT, not customer service.
_NOT_AFTER_IT = r"(?<!\bit )(?<!\bict )"

# Ordered by priority: a title naming two functions belongs to the first one listed.
_DEPARTMENT_RULES: tuple[tuple[re.Pattern[str], Department], ...] = (
    (
        _words(
            r"\w*inkoop\w*",
            r"\w*inkoper",
            r"\w*aankoop\w*",
            r"\w*aankoper",
            r"purchas\w*",
            r"procurement",
            r"buyer",
            r"sourcing",
            r"category manager",
            r"aanbested\w*",
        ),
        Department.PURCHASING,
    ),
    (
        _words(
            r"legal",
            r"juridi\w*",
            r"\w*jurist",
            r"lawyer",
            r"advocaat",
            r"counsel",
            r"compliance",
            r"privacy",
            r"notari\w*",
        ),
        Department.LEGAL,
    ),
    (
        _words(
            r"hr\w*",
            r"human resources?",
            r"personeel\w*",
            r"p ?& ?o",
            r"p en o",
            r"\w*recruit\w*",
            r"werving",
            r"talent",
            r"people",
            r"salaris\w*",
            r"payroll",
            r"(?:internship|stage) ?co ?ordinator",
        ),
        Department.HR,
    ),
    (
        _words(
            r"financ\w*",
            r"financi[eë]\w*",
            r"\w*controller",
            r"controlling",
            r"\w*accountant",
            _NOT_AFTER_IT + r"\w*auditor",
            r"boekhoud\w*",
            r"\w*administrat\w*",
            r"treasur\w*",
            r"tax",
            r"fiscal\w*",
            r"crediteuren\w*",
            r"debiteuren\w*",
            r"accounting",
        ),
        Department.FINANCE,
    ),
    (
        _words(
            r"\w*marketing\w*",
            r"marketeer",
            r"marketer",
            r"brand",
            r"merk",
            r"communicati\w*",
            r"communications?",
            r"content",
            r"seo",
            r"sea",
            r"social media",
            r"growth",
            r"pr",
            r"campa\w*",
            r"e ?commerce",
            r"\w*copywriter",
            r"lead ?gen\w*",
            r"demand ?gen\w*",
            r"cro",
            r"conversi\w*",
            r"art direct\w*",
            r"creative\w*",
        ),
        Department.MARKETING,
    ),
    (
        _words(
            r"\w*sales\w*",
            r"verkoop\w*",
            r"verkoper",
            r"account ?manager",
            r"account executive",
            r"key account\w*",
            r"account",
            r"accountmanagement",
            r"business development",
            r"bizdev",
            r"bdr",
            r"sdr",
            r"commerci\w*",
            r"binnendienst\w*",
            r"buitendienst\w*",
            r"vertegenwoordig(?:er|ster)",
            r"revenue",
            r"partner ?(?:ship)?s? ?manag\w*",
            r"partnerships?",
            r"channel",
            r"alliances?",
        ),
        Department.SALES,
    ),
    (
        _words(
            r"customer (?:service|success|support|care|experience)",
            r"klant\w*",
            _NOT_AFTER_IT + r"support",
            _NOT_AFTER_IT + r"helpdesk\w*",
            _NOT_AFTER_IT + r"service ?desk\w*",
            r"after ?sales",
        ),
        Department.CUSTOMER_SERVICE,
    ),
    (
        _words(
            r"product ?(?:manager|owner|management|lead|director|eigenaar|marketing)",
            r"head of product",
            r"hoofd product",
            r"producteigenaar",
            r"productmanagement",
        ),
        Department.PRODUCT,
    ),
    (
        _words(
            r"it",
            r"ict\w*",
            r"information technology",
            r"informati\w*",
            r"automatisering",
            r"systeembeheer\w*",
            r"applicatie\w*",
            r"functioneel beheer\w*",
            r"system(?:s)? administrator",
            r"sysadmin",
            r"devops",
            r"network",
            r"netwerk\w*",
            r"security",
            r"cyber\w*",
            r"infra\w*",
            r"data\w*",
            r"cloud",
            r"scrum\w*",
            r"agile",
            r"tech lead",
        ),
        Department.IT,
    ),
    (
        _words(
            r"\w*engineer\w*",
            r"\w*developer",
            r"\w*ontwikkel\w*",
            r"programm(?:eur|er|ing|eer)\w*",
            r"software",
            r"r ?& ?d",
            r"r en d",
            r"research",
            r"onderzoek\w*",
            r"technical",
            r"technisch\w*",
            r"techniek",
            r"\w*architect",
            r"constructeur",
            r"werktuigbouw\w*",
        ),
        Department.ENGINEERING,
    ),
    (
        _words(
            r"operation\w*",
            r"operationeel",
            r"operations",
            r"bedrijfsvoering",
            r"productie\w*",
            r"production",
            r"plant",
            r"fabriek\w*",
            r"factory",
            r"manufacturing",
            r"logisti\w*",
            r"supply chain",
            r"warehouse",
            r"magazijn\w*",
            r"\w*planner",
            r"planning",
            r"kwaliteit\w*",
            r"quality",
            r"facilit\w*",
            r"facility",
            r"onderhoud\w*",
            r"maintenance",
            r"werkplaats\w*",
            r"vestiging\w*",
            r"werkvoorbereid\w*",
            r"uitvoerder",
            r"office ?manag\w*",
        ),
        Department.OPERATIONS,
    ),
)

_GENERAL_MANAGEMENT = _words(
    r"owner",
    r"eigenaar",
    r"eigenares",
    r"praktijk(?:houder|houdster|eigenaar|eigenares)",
    r"(?:co ?)?founder",
    r"oprichte?r",
    r"oprichtster",
    r"zaakvoer(?:der|ster)",
    r"gerante?",
    r"dga",
    r"directeur ?(?:groot)?aandeelhouder",
    r"managing director",
    r"md",
    r"general manager",
    r"algemeen manager",
    r"country ?manager",
    r"chief of staff",
    r"algemeen direct(?:eur|rice)",
    r"algemene directie",
    r"statutair direct(?:eur|rice)",
    r"bedrijfsleid(?:er|ster)",
    r"president",
    r"bestuur(?:der|ster)",
    r"school ?leid(?:er|ster)",
    r"(?<!vice )voorzitt?(?:er|ster)",
    r"directeur",
    r"directrice",
    r"director",
    r"directie",
    r"ondernem(?:er|ster)",
    r"entrepreneur",
    r"(?:managing |senior |equity |founding )?partner",
    r"vennoo?te?",
    r"zzp\w*",
    r"mt lid",
    r"lid mt",
    r"raad van (?:bestuur|commissarissen|toezicht|advies)",
    r"rv[bcta]",
    r"college van bestuur",
    r"cvb",
    r"rector(?: magnificus)?",
    r"directeur generaal",
    r"commissaris",
    r"board",
    r"chair(?:man|woman|person)?",
    r"non ?executive",
    r"secretaris generaal",
    r"secretary general",
    r"(?:gemeente|provincie)secretaris",
)

_GENERAL_LEVELS = frozenset(
    {Seniority.OWNER, Seniority.C_LEVEL, Seniority.BOARD, Seniority.DIRECTOR, Seniority.MANAGER}
)

_SEPARATORS = re.compile(r"[^\w&]+")


def _normalise(text: str) -> str:
    # Accents are dropped so "coördinator" and "coordinator" read the same; dots vanish
    # so "C.E.O." and "Sr." read as "ceo" and "sr"; other punctuation separates words.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace(".", "").replace("'", "").replace("\u2019", "")
    return " ".join(_SEPARATORS.sub(" ", plain).split())


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[Seniority | None, Department | None]:
    words = _normalise(text)
    seniority = next((level for pattern, level in _SENIORITY_RULES if pattern.search(words)), None)
    department = next(
        (dept for pattern, dept in _C_LEVEL_DEPARTMENT if pattern.search(words)), None
    )
    if department is None:
        department = next(
            (dept for pattern, dept in _DEPARTMENT_RULES if pattern.search(words)), None
        )
    if department is None and seniority in _GENERAL_LEVELS and _GENERAL_MANAGEMENT.search(words):
        department = Department.EXECUTIVE
    return seniority, department


# Spellings of one title, as parse_title reads them (the same seniority and department):
# the abbreviation, the English words and the Dutch title that means the same post.
_SAME_TITLES: tuple[tuple[str, ...], ...] = (
    ("CEO", "Chief Executive Officer", "Chief Executive", "Algemeen directeur"),
    ("CFO", "Chief Financial Officer", "Chief Finance Officer", "Financieel directeur"),
    ("CTO", "Chief Technology Officer", "Chief Technical Officer", "Technisch directeur"),
    ("CIO", "Chief Information Officer"),
    ("CISO", "Chief Information Security Officer"),
    ("CMO", "Chief Marketing Officer", "Marketingdirecteur", "Marketing directeur"),
    ("CRO", "Chief Revenue Officer"),
    ("CSO", "Chief Sales Officer"),
    ("CCO", "Chief Commercial Officer", "Commercieel directeur"),
    ("COO", "Chief Operating Officer", "Chief Operations Officer", "Operationeel directeur"),
    ("CHRO", "Chief Human Resources Officer", "Chief People Officer", "HR-directeur"),
    ("CPO", "Chief Product Officer"),
    ("DGA", "Directeur-grootaandeelhouder", "Directeur grootaandeelhouder"),
)
_TITLE_SPELLINGS: dict[str, tuple[str, ...]] = {
    _normalise(name): names for names in _SAME_TITLES for name in names
}


def title_names(name: str) -> tuple[str, ...]:
    """Every spelling of the title ``name`` stands for (itself first).

    A rule testing ``job_title`` against ``CEO`` (``equals``, ``one_of``, ``contains``,
    ``starts_with``, ``ends_with``) tests every spelling, so it fires for "Chief Executive
    Officer" and "Algemeen directeur" too; case, dots and dashes do not matter when
    looking ``name`` up ("C.E.O."). A title without other spellings stands for itself.
    Only titles meaning the same post are spellings: a DGA (owner) is no CEO.

    >>> title_names("cfo")
    ('cfo', 'CFO', 'Chief Financial Officer', 'Chief Finance Officer', 'Financieel directeur')
    >>> title_names("Hoofd Inkoop")
    ('Hoofd Inkoop',)
    """
    names = _TITLE_SPELLINGS.get(_normalise(name), ())
    return tuple(dict.fromkeys((name, *names)))


def parse_title(text: str | None) -> Title:
    """Read seniority and department from a job title in English or Dutch.

    ``None`` or a blank title gives a ``Title`` with both parts unknown. Parsing is
    cached, so calling it on every lead of a batch is cheap.

    >>> parse_title("DGA").seniority
    <Seniority.OWNER: 'owner'>
    >>> parse_title("Stagiair marketing").seniority
    <Seniority.STUDENT: 'student'>
    >>> parse_title("Key Account Manager").seniority  # a sales role, not a people manager
    <Seniority.SPECIALIST: 'specialist'>
    >>> parse_title("Kapitein").seniority is None
    True
    """
    if text is None:
        return Title("")
    if len(text) > MAX_TEXT:  # a lead never holds one; parsing it would take seconds
        detail = f"text of {len(text)} characters is too long: at most {MAX_TEXT} allowed"
        raise LeadError.at(place="job_title", detail=detail)
    seniority, department = _parse(text)
    return Title(text, seniority, department)
