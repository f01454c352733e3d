"""Files: .xlsx writing and guarded streaming reading, and generated reports kept for
their owner. No business rule lives here."""
