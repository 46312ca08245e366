"""Synthetic organisations and pipelines, and simulated closed deals: outcomes drawn from powermap's own features
(simulate, for trying `learn`) or from an independent latent deal model (latent, for calibrating the grade)."""
