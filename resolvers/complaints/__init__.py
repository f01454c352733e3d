"""Complaints (投诉) and rectification tasks (整改) opened by poor ratings: filing,
routing, answers, callbacks, and their flow."""
