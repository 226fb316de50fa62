"""desacoop: typed models, domain rules and progress for Indonesian inter-provincial
village-empowerment cooperation agreements.

>>> import desacoop
>>> agreement = desacoop.example_agreement()
>>> [p.province.province_info.name for p in agreement.parties]
['Kalimantan Selatan', 'Jawa Timur']
>>> len(agreement.scope)
16
"""

from desacoop.agreement import (
    AMENDABLE,
    Agreement,
    AgreementChanges,
    AgreementKind,
    AgreementStatus,
    Amendment,
    CooperationBasis,
    Official,
    Party,
    Place,
    Programme,
    ProgrammeKind,
    ScopeCommitment,
    Signatory,
    Signing,
    Term,
    Witness,
)
from desacoop.dates import format_date, parse_date
from desacoop.errors import InvalidDate, InvalidRegionCode, Problem, ValidationError
from desacoop.example import example_agreement
from desacoop.labels import LabelledEnum
from desacoop.regions import (
    PROVINCES,
    Level,
    Province,
    RegencyKind,
    RegionCode,
    TimeZone,
    Village,
    VillageKind,
    province_time_zone,
)
from desacoop.scope import ScopeArea
from desacoop.serialization import FORMAT, dump, from_dict, from_json, load, to_dict, to_json

__version__ = "0.1.0"

__all__ = [
    "AMENDABLE",
    "FORMAT",
    "PROVINCES",
    "Agreement",
    "AgreementChanges",
    "AgreementKind",
    "AgreementStatus",
    "Amendment",
    "CooperationBasis",
    "InvalidDate",
    "InvalidRegionCode",
    "LabelledEnum",
    "Level",
    "Official",
    "Party",
    "Place",
    "Problem",
    "Programme",
    "ProgrammeKind",
    "Province",
    "RegencyKind",
    "RegionCode",
    "ScopeArea",
    "ScopeCommitment",
    "Signatory",
    "Signing",
    "Term",
    "TimeZone",
    "ValidationError",
    "Village",
    "VillageKind",
    "Witness",
    "dump",
    "example_agreement",
    "format_date",
    "from_dict",
    "from_json",
    "load",
    "parse_date",
    "province_time_zone",
    "to_dict",
    "to_json",
]
