"""Talent service gateway (人才服务网关): the Starlette application (`app`, `http/`), the
command line (`cli`), the embedded Redis and the demo data. The top floor: it may import
every other package, and none imports it.
"""
