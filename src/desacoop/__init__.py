"""desacoop: typed models, domain rules and progress for Indonesian inter-provincial
village-empowerment cooperation agreements."""

from desacoop.errors import InvalidDate, InvalidRegionCode, Problem, ValidationError
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
)

__all__ = [
    "PROVINCES",
    "InvalidDate",
    "InvalidRegionCode",
    "LabelledEnum",
    "Level",
    "Problem",
    "Province",
    "RegencyKind",
    "RegionCode",
    "TimeZone",
    "ValidationError",
    "Village",
    "VillageKind",
]
