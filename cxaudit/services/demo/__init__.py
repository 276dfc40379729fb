"""Demo data: a portfolio that shows every feature the first time someone opens the app.

A newcomer should see real-looking history, not an empty screen: an organisation with six
quarters of assessments whose answers improve as actions get done, notes, N/A answers with
reasons, "don't know" answers, disagreements, a leader/front-line perception gap, action items
open and done and carried from quarter to quarter, an overdue organisation, one assessed by the
half-year, and a draft waiting to be resumed; and nine more organisations, so the twelve in four
sectors give a benchmark enough peers to compare with.

`specs` describes the organisations, `answers` generates what their people say (seeded, so the
demo is the same on every machine for a given `today`), and `loading` writes it.
"""

from __future__ import annotations

from cxaudit.services.demo.loading import DemoSummary, load_demo
from cxaudit.services.demo.specs import DEMO_NAMES, demo_organisations

__all__ = ["DEMO_NAMES", "DemoSummary", "demo_organisations", "load_demo"]
