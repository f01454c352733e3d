"""Working days and deadlines (工作日): the calendars, the one place due dates are
counted, and the completion figures written when something ends. Imports `core`."""
