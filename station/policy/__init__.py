"""Data-driven returns policy: eligibility, grading, disposition, refund, escalation and risk.

The rules live in ``resources/policy/*.toml``; this package validates them at load (naming the
file and key of any mistake) and interprets them. See ``_load`` for the file format.
"""

from ._reader import PolicyError
from .engine import Policy

__all__ = ["Policy", "PolicyError"]
