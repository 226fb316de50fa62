"""The catalog of cooperation scope areas (ruang lingkup).

The 16 areas of the Kalimantan Selatan – Jawa Timur agreement of April 2022, in the
order the agreement gives them. Each has a stable code (the enum value, what JSON
stores), its number in that order, and Indonesian and English labels.

>>> ScopeArea.BUM_DESA.number, ScopeArea.BUM_DESA.value
(2, 'bum-desa')
>>> ScopeArea.by_number(16).label_en
'community-empowerment and human-development cadres'
"""

from __future__ import annotations

from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum

__all__ = ["ScopeArea"]


class ScopeArea(LabelledEnum):
    """An area of village empowerment an agreement can cover."""

    RURAL_ECONOMY = (
        "rural-economy",
        "peningkatan ekonomi masyarakat perdesaan",
        "rural community economy",
    )
    BUM_DESA = (
        "bum-desa",
        "pengembangan BUMDesa/BUMDesMa",
        "village-owned enterprises (single and inter-village)",
    )
    FLAGSHIP_PRODUCTS = (
        "flagship-products",
        "produk unggulan desa (Prudes) dan kawasan perdesaan (Prukades)",
        "flagship products of villages and rural areas (natural resources)",
    )
    OFFICIAL_CAPACITY = (
        "official-capacity",
        "peningkatan kapasitas aparatur desa",
        "capacity of village officials",
    )
    VILLAGE_PROFILE = (
        "village-profile",
        "memaksimalkan profil desa",
        "village profile data",
    )
    VILLAGE_ARRANGEMENT = (
        "village-arrangement",
        "penataan desa",
        "village arrangement (formation, merger, status change)",
    )
    DEVELOPMENT_EVALUATION = (
        "development-evaluation",
        "evaluasi perkembangan desa",
        "village development evaluation",
    )
    BOUNDARIES = ("boundaries", "batas desa", "village boundaries")
    ADMINISTRATION = ("administration", "administrasi desa", "village administration")
    GOVERNANCE = ("governance", "tata kelola pemerintahan desa", "village governance")
    FINANCE_AND_ASSETS = (
        "finance-and-assets",
        "tata kelola keuangan dan aset desa",
        "village finance and asset governance",
    )
    RURAL_AREA_DEVELOPMENT = (
        "rural-area-development",
        "revitalisasi pembangunan kawasan perdesaan",
        "revitalising rural-area development",
    )
    INNOVATION_EXCHANGE = (
        "innovation-exchange",
        "pertukaran informasi desa inovasi, pusat pembelajaran/magang/praktik kerja/"
        "penelitian, Teknologi Tepat Guna (TTG)",
        "innovative-village exchange, learning/internship/research centres, appropriate technology",
    )
    EX_PNPM_TRANSFORMATION = (
        "ex-pnpm-transformation",
        "percepatan transformasi pengelola Dana Bergulir Masyarakat eks PNPM Mandiri Perdesaan",
        "transforming the ex-PNPM revolving-fund managers (UPK/DBM)",
    )
    COMMUNITY_INSTITUTIONS = (
        "community-institutions",
        "pengembangan lembaga kemasyarakatan desa dan sosial dasar",
        "village community institutions and basic social services",
    )
    CADRES = (
        "cadres",
        "pengembangan kader pemberdayaan masyarakat desa (KPMD) dan kader pembangunan "
        "manusia (KPM)",
        "community-empowerment and human-development cadres",
    )

    @property
    def number(self) -> int:
        """Position in the agreement's list, 1 to 16."""
        return _NUMBERS[self]

    @classmethod
    def by_number(cls, number: int) -> ScopeArea:
        """The area at position ``number`` (1-16) of the agreement's list."""
        try:
            return _BY_NUMBER[number]
        except (KeyError, TypeError):
            raise ValidationError(
                f"no scope area number {shown(number)}; they run 1 to 16"
            ) from None


_NUMBERS = {area: n for n, area in enumerate(ScopeArea, start=1)}
_BY_NUMBER = {n: area for area, n in _NUMBERS.items()}
