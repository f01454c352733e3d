"""Money as people read it: integer fen (分) inside, yuan (元) with two decimals in files
and messages — converted exactly, never through a float."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_AMOUNT = re.compile(r"\d+(\.\d{1,2})?")


def yuan(fen: int, grouped: bool = False) -> str:
    """300000 → "3000.00" (as a bank file writes it), or "3,000.00" grouped (for people)."""
    sign, fen = ("-" if fen < 0 else ""), abs(fen)
    whole = f"{fen // 100:,}" if grouped else str(fen // 100)
    return f"{sign}{whole}.{fen % 100:02d}"


def parse_yuan(value: Any) -> int | None:
    """Yuan as a file holds them ("3,000.00", "3000", or a spreadsheet number) → fen; None
    when it is not a non-negative amount of at most two decimals."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip().replace(",", "").replace("，", "")
    text = text[:-2] if isinstance(value, float) and text.endswith(".0") else text
    return int(Decimal(text) * 100) if _AMOUNT.fullmatch(text) else None
