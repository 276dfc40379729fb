"""One module per screen; every screen shares `base.CxScreen` or `base.CxModal`."""
