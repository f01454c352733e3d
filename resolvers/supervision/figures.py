"""One row of supervision figures: counts added up in SQL (and across jurisdictions),
rates derived from them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figures:
    key: str
    name: str = ""
    jurisdiction_code: str | None = None
    received: int = 0
    completed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    workdays_total: int = 0
    workdays_counted: int = 0
    extensions: int = 0  # records extended (延期) at least once
    extension_reports: int = 0  # extensions reported in all
    ratings: dict[int, int] = field(default_factory=dict)
    complaint_outcomes: dict[str | None, int] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return round(self.on_time / judged, 4) if judged else None

    @property
    def avg_workdays(self) -> float | None:
        return round(self.workdays_total / self.workdays_counted, 2) if self.workdays_counted else None

    @property
    def satisfaction_count(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfaction_avg(self) -> float | None:
        n = self.satisfaction_count
        return round(sum(s * c for s, c in self.ratings.items()) / n, 2) if n else None

    @property
    def complaints(self) -> int:
        return sum(self.complaint_outcomes.values())

    def add(self, other: Figures) -> None:
        for name in ("received", "completed", "on_time", "late", "overdue", "workdays_total",
                     "workdays_counted", "extensions", "extension_reports"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for score, n in other.ratings.items():
            self.ratings[score] = self.ratings.get(score, 0) + n
        for outcome, n in other.complaint_outcomes.items():
            self.complaint_outcomes[outcome] = self.complaint_outcomes.get(outcome, 0) + n
