"""The grassroots tests build their own areas, listings and records: the demo's (正定县 as a
grassroots area, three 长安区 experts and their service, the per-day allowance) go first."""

from __future__ import annotations

import pytest

from schema.models import FundPolicy, GrassrootsArea, GrassrootsExpert, GrassrootsService


@pytest.fixture
async def without_demo_grassroots(demo_db: str) -> str:
    await GrassrootsService.all().delete()
    await GrassrootsExpert.all().delete()
    await GrassrootsArea.all().delete()
    await FundPolicy.filter(code="sjz.grassroots.allowance").delete()
    return demo_db
