"""Randomised experiments on the platform: an activity's invitations by arm, pre-registered
and frozen before a stratified, reproducible assignment; analysed with
``coproduce.methods.experiments`` through ``experiments.analysis`` (the one adapter)."""
