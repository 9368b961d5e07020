"""The global filters every page honours: region, member kind, cohort."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mel import vocabulary

KINDS = vocabulary.KINDS.codes


@dataclass(frozen=True)
class Filters:
    """Selected regions (HCP codes), kinds and cohorts; an empty tuple means all."""

    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    cohorts: tuple[int, ...] = ()

    def params(self, **extra: Any) -> dict[str, Any]:
        """Bound parameters for the ``filtered_members`` macro, plus ``extra``."""
        return {
            "regions": list(self.regions),
            "kinds": list(self.kinds),
            "cohorts": [int(c) for c in self.cohorts],
            **extra,
        }

    def with_region(self, code: str | None) -> Filters:
        """These filters narrowed to one region (nothing matches if it is outside the chosen ones)."""
        if not code:
            return self
        regions = (code,) if not self.regions or code in self.regions else ("none",)
        return Filters(regions=regions, kinds=self.kinds, cohorts=self.cohorts)
