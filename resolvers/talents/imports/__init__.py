"""Talent imports (人才导入): accepting a sheet, reading it, checking its rows, and
running it on the worker."""
