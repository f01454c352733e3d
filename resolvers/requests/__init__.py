"""Service requests and handoffs (一窗接件、并联办理): intake at the window, handling by
departments, the state machine (`flow`), evaluation, and the listings."""
