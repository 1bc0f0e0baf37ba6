"""The yearly report to the PPK: `builder` computes the sections from the figure registry, `pdf` and `xlsx` render
them. Nothing here decides who may see the report (evaluation.services.report does, through corpu.access)."""
