"""The embedded demo data: a realistic commune generated deterministically from a seed.

``generate_demo(folder)`` writes the spreadsheets a commune clerk of Xã Bắc Yên (Sơn La)
would send: teams and members, households, and the guidance-visit log, with the messiness
real files have. ``make demo`` imports them and prints the import summary and the workload
check.
"""

from cnscd_core.demo._generate import DEMO_COMMUNE, DemoFiles, generate_demo

__all__ = ["DEMO_COMMUNE", "DemoFiles", "generate_demo"]
