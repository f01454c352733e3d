"""What the gateway and its workers tell their operators: one log line per request and per
job (logs.py), the statements each ran (statements.py), and Prometheus metrics at /metrics
(metrics.py)."""
