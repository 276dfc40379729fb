"""cxaudit: a terminal application for self-assessing customer experience maturity."""

__version__ = "0.1.0"
