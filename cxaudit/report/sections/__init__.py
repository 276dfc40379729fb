"""The report's sections, one module each, in the order the document prints them.

Each section turns the report data (through a `Context`) into a list of flowables and knows
nothing of the others: the page breaks between them and their order belong to
`cxaudit.report.document`.
"""
