"""Working days and deadlines (工作日): the calendars, the one place due dates are
counted, the completion figures written when something ends, and the daily supervision
rollups kept up with them (rollups.py). Imports `core`."""
