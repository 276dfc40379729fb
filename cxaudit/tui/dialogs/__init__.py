"""Modal dialogs, one module each: they ask one thing and hand the answer back with `dismiss`."""
