"""An application's way through recognition (认定流程): county review, city review, public
notice, then approved or rejected; a direct-recognition rule may skip stages."""

from __future__ import annotations

from resolvers.core.transitions import Flow
from schema.models.enums import RecognitionStatus as S

RECOGNITION_FLOW = Flow("recognition", {
    S.COUNTY_REVIEW: {S.CITY_REVIEW, S.PUBLICITY, S.APPROVED, S.REJECTED},
    S.CITY_REVIEW: {S.PUBLICITY, S.APPROVED, S.REJECTED},
    S.PUBLICITY: {S.APPROVED, S.REJECTED},
})  # fmt: skip
