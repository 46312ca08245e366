"""The analysis of one account or many at once: batched graph metrics, coverage, gaps and risk.

It imports nothing from the :class:`~powermap.PowerMap` facade: it works on validated tables.
"""

from powermap.analysis.run import *  # noqa: F403  (its public names, listed once there)
from powermap.analysis.run import __all__ as __all__
