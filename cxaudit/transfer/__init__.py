"""Moving data in and out of cxaudit: backups, spreadsheets, response files and response packs.

Consultants live in spreadsheets and workshops, so every format here is one a person can open,
check and send on. Readers validate a whole file before anything is written and report every bad
row at once; writers produce the same bytes for the same data, so exports can be compared.

Files only: nothing here opens the database. The use-cases that read or write it
(`cxaudit.services.exchange`) hand domain objects to these readers and writers.
"""
