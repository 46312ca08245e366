"""The influence graph (:mod:`powermap.core.graph`) and the frozen deal value (:mod:`powermap.core.deal`)."""
