"""``salesforce``: a Salesforce leads report (labels) or Data Loader export (API names)."""

from leadqual.io._mapping import Column, LeadMapping

_STATUS = {
    "Open - Not Contacted": "new",
    "Working - Contacted": "mql",
    "Closed - Converted": "sql",
    "Closed - Not Converted": "disqualified",
    "Open - Niet gecontacteerd": "new",
    "Bezig - Gecontacteerd": "mql",
    "Gesloten - Geconverteerd": "sql",
    "Gesloten - Niet geconverteerd": "disqualified",
}

_FIELDS = {
    # report label, Data Loader API name → lead path
    ("Lead ID", "Id"): "id",
    ("First Name", "FirstName"): "first_name",
    ("Last Name", "LastName"): "last_name",
    ("Title", "Title"): "job_title",
    ("Email", "Email"): "email",
    ("Phone", "Phone"): "phone",
    ("Company / Account", "Company"): "company.name",
    ("No. of Employees", "NumberOfEmployees"): "company.employees",
    ("Annual Revenue", "AnnualRevenue"): "company.annual_revenue",
    ("Industry", "Industry"): "company.industry",
    ("Country", "Country"): "company.country",
    ("Lead Source", "LeadSource"): "source",
    ("Create Date", "CreatedDate"): "created_at",
    ("Lead Owner", "OwnerId"): "owner",
}

MAPPING = LeadMapping(
    columns={
        **{name: Column(path) for names, path in _FIELDS.items() for name in names},
        "Lead Status": Column("stage", values=dict(_STATUS)),
        "Status": Column("stage", values=dict(_STATUS)),
        "Website": Column("company.domain"),
    },
    unknown="attributes",
    decimal=",",
    date_formats=(
        "%d-%m-%Y %H:%M",
        "%d-%m-%Y",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d",
    ),
    timezone="Europe/Amsterdam",
)
"""Both header styles map to the same fields; other columns go to ``attributes``."""
