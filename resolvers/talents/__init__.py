"""Talents (人才): records, one record per person, self-service, export, and the
spreadsheet import (`imports/`)."""
