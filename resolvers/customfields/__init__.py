"""Custom fields (自定义字段): definitions per jurisdiction, values checked on write,
masked on read and filtered in SQL."""
