"""The pure core of cxaudit: questionnaires, answers, scores, plans, comparisons and trends.

Nothing in this package imports textual, sqlalchemy/sqlmodel or reportlab. Every number a user
sees is computed here, once.
"""
