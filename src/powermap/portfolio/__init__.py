"""A whole pipeline scored at once: locally (one process or a pool) or on Spark (:mod:`powermap.portfolio.spark`)."""

from powermap.portfolio.local import *  # noqa: F403  (its public names, listed once there)
from powermap.portfolio.local import __all__ as __all__
