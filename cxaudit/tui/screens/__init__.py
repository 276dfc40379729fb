"""Full screens, one module (or package) each. They never import one another: to go somewhere
else a screen asks the app (`cxaudit.tui.host.Host`), and it opens dialogs and uses widgets."""
