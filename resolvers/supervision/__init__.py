"""Supervision (督办考核): figures per window, department, specialist or jurisdiction,
the units they count over, and the records behind a figure."""
