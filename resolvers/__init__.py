"""The operations, one module per domain; business rules live here."""
