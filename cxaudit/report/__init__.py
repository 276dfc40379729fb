"""Builds the PDF action plan from domain objects; knows nothing of the database or the TUI."""
