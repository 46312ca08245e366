"""A whole pipeline scored at once: locally (one process or a pool) or on Spark (:mod:`powermap.portfolio.spark`)."""

from powermap.portfolio.local import (
    ACCOUNT_COLUMNS,
    FACT_COLUMNS,
    Portfolio,
    frame_to_text,
    score,
    score_file,
    score_frame,
)

__all__ = ["Portfolio", "score", "score_file", "score_frame", "frame_to_text", "ACCOUNT_COLUMNS", "FACT_COLUMNS"]
