"""What the gateway and its workers tell their operators: one log line per request and per
job (logs.py), with the SQL statements each ran (statements.py)."""
