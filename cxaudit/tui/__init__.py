"""The Textual app: screens, widgets and one stylesheet. Thin: it asks storage and the domain."""
