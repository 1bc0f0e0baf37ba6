"""Evaluation business rules, one module per level."""
