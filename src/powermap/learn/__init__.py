"""A win model learned from closed deals: features from the analysis, a calibrated classifier saved as data."""

from powermap.learn.model import (
    DESCRIPTIONS,
    FEATURES,
    FIGURES,
    GAP_FEATURES,
    MIN_ACCOUNTS,
    MIN_PER_CLASS,
    ROLE_FEATURES,
    Report,
    TrainingNote,
    WinModel,
    check_training,
    features,
    fit,
    load,
)

__all__ = [
    "FEATURES",
    "FIGURES",
    "ROLE_FEATURES",
    "GAP_FEATURES",
    "DESCRIPTIONS",
    "MIN_ACCOUNTS",
    "MIN_PER_CLASS",
    "WinModel",
    "Report",
    "TrainingNote",
    "features",
    "fit",
    "load",
    "check_training",
]
