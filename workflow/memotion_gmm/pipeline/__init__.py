"""Snakemake plumbing: validating a config once against the schema (the one source of defaults),
job logging with the orphan watchdog for ``script:`` jobs, and lock recovery after a killed run."""
