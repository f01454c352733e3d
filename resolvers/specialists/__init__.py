"""Service specialists (服务专员): records, dedicated specialists of top-tier holders and
their daily sweep, succession, and the public and compliance reports."""
