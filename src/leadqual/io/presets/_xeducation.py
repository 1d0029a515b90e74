"""``xeducation``: the X Education leads file (Kaggle), ``Converted`` as the outcome."""

from leadqual.io._mapping import Column, LeadMapping

_YES_NO = (
    "Do Not Email",
    "Do Not Call",
    "Search",
    "Magazine",
    "Newspaper Article",
    "X Education Forums",
    "Newspaper",
    "Digital Advertisement",
    "Through Recommendations",
    "Receive More Updates About Our Courses",
    "Update me on Supply Chain Content",
    "Get updates on DM Content",
    "I agree to pay the amount through cheque",
    "A free copy of Mastering The Interview",
)

MAPPING = LeadMapping(
    columns={
        "Prospect ID": Column("id"),
        "Lead Source": Column("source"),
        "What is your current occupation": Column("job_title"),
        "Country": Column("company.country", values={"unknown": "", "Asia/Pacific Region": ""}),
        "Converted": Column("outcome.status", values={"1": "won", "0": ""}),
        **{name: Column(f"attributes.{name}", type="boolean") for name in _YES_NO},
    },
    unknown="attributes",
)
"""Every other column goes to ``attributes`` under its own name; ``Select`` is unknown."""
