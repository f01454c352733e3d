"""A year of past service (办件历史) at the 长安区 and 正定县 windows: requests, their handoffs,
history and archive entries, evaluations (满意度评价), rectification tasks and complaints (投诉)."""

from gateway.demo.history.seed import seed_history

__all__ = ["seed_history"]
