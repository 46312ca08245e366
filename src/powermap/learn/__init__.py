"""A win model learned from closed deals: features from the analysis, a calibrated classifier saved as data."""

from powermap.learn.model import *  # noqa: F403  (its public names, listed once there)
from powermap.learn.model import __all__ as __all__
