"""Ideal Customer Profile: hold every lead against it for an objective fit.

>>> import leadqual as lq
>>> from leadqual.icp import ICP, IndustryCriterion, SeniorityCriterion
>>> icp = ICP(criteria=(IndustryCriterion(industries=("software",)),
...                     SeniorityCriterion(levels=("c_level", "owner"))))
>>> lead = lq.Lead("L-1", job_title="CEO", company=lq.Company(industry="SaaS"))
>>> print(icp.fit(lead).explain("nl"))
Fit 100/100, klasse A (past uitstekend), dekking 100%
- Branche: past (lead: branche SaaS; ICP: branches Software)
- Senioriteit: past (lead: C-level; ICP: C-level, Eigenaar)
"""

from leadqual._core.public import publish as _publish
from leadqual.icp._accounts import (
    Account,
    Aggregation,
    BuyingGroup,
    BuyingRole,
    Contact,
    account_key,
    group_accounts,
    score_accounts,
)
from leadqual.icp._criteria import (
    CompanySize,
    Criterion,
    CustomCriterion,
    CustomFunction,
    DepartmentCriterion,
    ExcludeCountries,
    ExcludeDomains,
    ExcludeIndustries,
    ExcludeSeniority,
    Exclusion,
    Geography,
    IndustryCriterion,
    PainPoints,
    SeniorityCriterion,
    Technology,
)
from leadqual.icp._evidence import CriterionFit, KnockOut, Match
from leadqual.icp._icp import ICP, Fit, Grade, Grading, icp_from_data, icp_to_data

__all__ = [
    "Account",
    "Aggregation",
    "BuyingGroup",
    "BuyingRole",
    "CompanySize",
    "Contact",
    "Criterion",
    "CriterionFit",
    "CustomCriterion",
    "CustomFunction",
    "DepartmentCriterion",
    "ExcludeCountries",
    "ExcludeDomains",
    "ExcludeIndustries",
    "ExcludeSeniority",
    "Exclusion",
    "Fit",
    "Geography",
    "Grade",
    "Grading",
    "ICP",
    "IndustryCriterion",
    "KnockOut",
    "Match",
    "PainPoints",
    "SeniorityCriterion",
    "Technology",
    "account_key",
    "group_accounts",
    "icp_from_data",
    "icp_to_data",
    "score_accounts",
]

# Public names show their public package in reprs and pickles (as httpx does).
_publish(__name__, globals(), __all__)
