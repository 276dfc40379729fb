"""Widgets and cell formatting shared by screens and dialogs; they know nothing of either."""
