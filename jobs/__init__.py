"""arq workers: asynchronous departmental handoffs, deadlines, notifications, reports."""
