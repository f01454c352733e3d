"""Talent service gateway (人才服务网关): the Starlette application and its command line."""
