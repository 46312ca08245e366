"""The influence graph (:mod:`powermap.core.graph`) and the :class:`~powermap.PowerMap` facade built on it."""
