"""leadqual: explainable B2B lead qualification.

ICP fit, engagement points, qualification frameworks (BANT, GPCTBA/C&I, MEDDIC…) and
one weighted verdict: call now as an SQL, nurture as an MQL, or let go.

>>> import leadqual as lq
>>> lead = lq.Lead.from_mapping({"id": "L-1"})
>>> lead.company.employees is None  # unknown, not zero
True
"""

from leadqual._convert import structure, unstructure
from leadqual.exceptions import (
    AnswerError,
    ConfigError,
    InputFileError,
    LeadError,
    LeadqualError,
    NotSerializableError,
    TimestampError,
)
from leadqual.lead import Company, Event, Lead
from leadqual.stage import Stage

__all__ = [
    "AnswerError",
    "Company",
    "ConfigError",
    "Event",
    "InputFileError",
    "Lead",
    "LeadError",
    "LeadqualError",
    "NotSerializableError",
    "Stage",
    "TimestampError",
    "structure",
    "unstructure",
]
