"""Talent cards (人才卡): issue and upgrade, renewal, suspension, revocation, the
signed e-card token, and the anonymous card check with its rate limit."""
