"""Saved views (视图): a list's filter, columns and order kept under a name by the user who
saved it; private, or shared read-only with the holders of a role on a jurisdiction."""
