"""cxaudit's benchmarks: each figure is measured next to a baseline taken in the same run.

Run them with `make bench` (`python -m benchmarks`); the results go to `BENCHMARKS.md` at the top
of the repository, with the date and the machine, so a claim about speed is always backed by a
run someone can repeat. They are kept out of `make test` because timings belong in a report, not
in assertions.
"""
