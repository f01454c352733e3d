"""The directory: jurisdictions, departments, service windows and employers
(用人单位, with their credit codes)."""
