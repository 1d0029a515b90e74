"""``hubspot``: a HubSpot contacts export (CSV), in English or Dutch portal language."""

from leadqual.io._mapping import Column, ColumnEvent, LeadMapping

_STAGES = {
    "subscriber": "new",
    "abonnee": "new",
    "lead": "new",
    "marketingqualifiedlead": "mql",
    "marketing qualified lead": "mql",
    "salesqualifiedlead": "sql",
    "sales qualified lead": "sql",
    "opportunity": "opportunity",
    "verkoopkans": "opportunity",
    "customer": "customer",
    "klant": "customer",
    "evangelist": "customer",
    "other": "",
    "overig": "",
    "anders": "",
}

MAPPING = LeadMapping(
    columns={
        "Record ID": Column("id"),
        "First Name": Column("first_name"),
        "Last Name": Column("last_name"),
        "Email": Column("email"),
        "Phone Number": Column("phone"),
        "Job Title": Column("job_title"),
        "Company Name": Column("company.name"),
        "Company Domain Name": Column("company.domain"),
        "Website URL": Column("attributes.Website URL"),
        "Number of Employees": Column("company.employees"),
        "Annual Revenue": Column("company.annual_revenue"),
        "Industry": Column("company.industry"),
        "Country/Region": Column("company.country"),
        "Country": Column("company.country"),
        "Associated Company ID": Column("company.account_id"),
        "Original Source": Column("source"),
        "Create Date": Column("created_at"),
        "Lifecycle Stage": Column("stage", values=dict(_STAGES)),
        "Contact owner": Column("owner"),
        "Recent Conversion Date": Column(""),
    },
    events=(
        ColumnEvent(
            "form_submitted",
            "Recent Conversion",
            at="Recent Conversion Date",
            property="form",
            optional=True,
        ),
        ColumnEvent("page_view", "Last Page Seen", property="url", optional=True),
    ),
    unknown="attributes",
    decimal=",",
    date_formats=("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%Y-%m-%d"),
    timezone="Europe/Amsterdam",
)
"""HubSpot property labels → lead fields; other columns go to ``attributes``."""
