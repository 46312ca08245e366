"""The analysis of one account or many at once: batched graph metrics, coverage, gaps and risk.

It imports nothing from the :class:`~powermap.PowerMap` facade: it works on validated tables.
"""

from powermap.analysis.run import GAP_COLUMNS, Analysis, analyze_batch, analyze_single, risk_level

__all__ = ["Analysis", "analyze_batch", "analyze_single", "risk_level", "GAP_COLUMNS"]
