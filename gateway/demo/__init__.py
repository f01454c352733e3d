"""Demo data (演示数据) for `talentgate demo`: Hebei/Shijiazhuang and Shandong/Jinan.

`seed_demo()` loads it once; `DEMO_ACCOUNTS` lists the sign-ins to print.
"""

from gateway.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from gateway.demo.seed import seed_demo

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "seed_demo"]
