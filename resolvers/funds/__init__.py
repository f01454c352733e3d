"""Talent funds (人才资金): fund policies as data (policies.py), who is eligible
(eligibility.py). Imports the domains below it (core, listing) and the stored schema."""
