"""bench/chaos.py, shorter: two gateways and two workers behind PgBouncer keep every promise
while a worker, a gateway, Redis (with and without its data) and PostgreSQL are killed and
started again under a stream of submissions, handlings and card checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import chaos

pytestmark = pytest.mark.heavy


def test_nothing_is_lost_or_doubled_and_clients_see_only_clean_errors(tmp_path: Path) -> None:
    report = chaos.run(tmp_path, clients=3, talents=1500, spacing=4, outage=5)
    chaos.show(report)  # in the output of a failing run
    assert report.failures == []
    answers, tally = report.tally.answers, report.tally
    # The faults met the clients: connections refused or cut by killed gateways, 503s while
    # PostgreSQL was down, submissions sent again with their key — and every one answered.
    assert sum(n for what, n in answers.items() if what.startswith("submit") and "Error" in what) > 0, answers
    assert sum(n for what, n in answers.items() if what.endswith(" 503")) > 0, answers
    assert tally.repeats > 0
    assert len(report.faults) == 7
    assert report.totals["requests"] == len(tally.accepted) > 0
    assert report.totals["handoffs"] == chaos.HANDOFFS_EACH * len(tally.accepted)
    assert tally.handled > 0
