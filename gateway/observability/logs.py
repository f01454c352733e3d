"""Log lines: JSON objects, one a line (`LOG_FORMAT=json`, the default of `serve` and
`worker`), or plain text for a person at a terminal (`text`, the default of `demo`).

Everything logs through the standard library to standard output, uvicorn's own loggers
too. A line's structured fields are handed over as `extra={"fields": {...}}`; a line
written while a request or job is being served also carries its `request_id` or `job_id`.
Fields hold ids, names, counts and timings: never tokens, variables or personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import Any

import orjson

from gateway.observability.activity import current
from resolvers.core.settings import LOG_FORMATS

QUIETER = {
    # A line per outgoing request, with its whole URL: a webhook's or a message gateway's
    # URL may carry a secret in its query string.
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
}


def arq_job_line(record: logging.LogRecord) -> bool:
    """False for arq's own per-job lines (`  0.02s → cron:heartbeat()`, `← … ●`, `↻`, `⊘`),
    which print the job's arguments and result: ours (observability/jobs.py) replace them.
    Its start, shutdown and failure lines stay."""
    return not (record.levelno == logging.INFO and str(record.msg).startswith("%6.2fs"))


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    """The record's structured fields, with the current request's or job's id."""
    fields: dict[str, Any] = dict(getattr(record, "fields", None) or {})
    activity = current()
    if activity is not None:
        if activity.request_id is not None:
            fields.setdefault("request_id", activity.request_id)
        if activity.job_id is not None:
            fields.setdefault("job_id", activity.job_id)
    return fields


class JsonFormatter(logging.Formatter):
    """`{"time": …, "level": …, "logger": …, "message": …, <fields>}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **fields_of(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    """`2026-05-01 09:30:00,123 INFO talentgate.access <message> key=value …`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = fields_of(record)
        if not fields:
            return text
        first, newline, rest = text.partition("\n")  # a traceback stays below the line
        pairs = " ".join(f"{key}={value}" for key, value in fields.items() if value is not None)
        return f"{first} {pairs}{newline}{rest}"


def configure_logging(log_format: str, level: int = logging.INFO) -> None:
    """Every logger of the process to standard output in `log_format` (json or text)."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT takes json or text, not {log_format!r}")
    # Nothing shows the source line, thread or process of a record: not looked up either.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None  # the documented switch for it
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "talentgate.access"):
        logger = logging.getLogger(name)  # uvicorn's own handlers, if it set any: ours instead
        logger.handlers.clear()
        logger.propagate = True
    for name, quieter in QUIETER.items():
        logging.getLogger(name).setLevel(quieter)
    arq = logging.getLogger("arq.worker")
    if arq_job_line not in arq.filters:
        arq.addFilter(arq_job_line)
