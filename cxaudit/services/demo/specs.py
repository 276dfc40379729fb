"""The demo portfolio: twelve organisations in four sectors, who answers and how they behave.

Relative to `today`, so due dates mean something on any day: three featured organisations (one
with six quarters and a draft, one overdue, one assessed by the half-year) and nine more with a
quarter or two each, so a benchmark has peers to compare with: eleven across the portfolio, and
five of Cedar Lane's own sector. Plain data; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cxaudit.domain.model import Role
from cxaudit.domain.periods import current_period, next_period, parse_period


@dataclass(frozen=True)
class Person:
    """One respondent of a demo organisation."""

    name: str
    role: Role


@dataclass(frozen=True)
class DemoOrganisation:
    """How one demo organisation behaves: where it starts, how fast it improves, who answers."""

    name: str
    sector: str
    people: tuple[Person, ...]
    owners: tuple[str, ...]
    """Action owners, one per area in questionnaire order (cycled)."""
    base: float
    growth: float
    """How much every answer rises per period, before the effect of actions done."""
    role_bias: dict[Role, float]
    first_area_bias: float
    """Extra optimism leaders show about the first area (leadership): the perception gap."""
    periods: tuple[str, ...]
    draft_period: str | None
    live_periods: int = 0
    """The latest periods written through the everyday path (start, answer, complete)."""
    next_due: date | None = None
    """Set after loading, to show an organisation that is due but not late (None: storage's
    own rule, due when the next period starts)."""
    area_targets: dict[int, float] = field(default_factory=dict)
    """Organisation-wide targets by area position (the rest use the questionnaire's default)."""
    all_na_question: int | None = None
    """A question (by position) that every respondent marks N/A, leaving coverage."""
    profile: dict[str, bool] = field(default_factory=dict)
    """Answers to the questionnaire's profile questions (the rest at their defaults)."""
    unverified_chance: float = 0.0
    """How often a front-line level at or above the evidence gate comes in unverified, as from
    a response pack imported with `--accept-unverified`."""
    low_confidence_area: int | None = None
    """An area (by position) most people answer with low confidence, so it is flagged."""


def shift_quarter(label: str, quarters: int) -> str:
    """The quarter `quarters` after (or before, when negative) the one `label` starts in."""
    start = parse_period(label).start
    index = start.year * 4 + (start.month - 1) // 3 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def previous_half(today: date) -> str:
    """The last half-year that ended before `today`."""
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


def demo_organisations(today: date) -> tuple[DemoOrganisation, ...]:
    """The demo portfolio relative to `today`: the featured three, then their peers."""
    return featured_organisations(today) + peer_organisations(today)


def featured_organisations(today: date) -> tuple[DemoOrganisation, ...]:
    """The three organisations the demo shows off, relative to `today`."""
    current = current_period(today)
    northwind_periods = tuple(shift_quarter(current, -n) for n in range(6, 0, -1))
    harbour_periods = tuple(shift_quarter(current, -n) for n in (6, 5))
    half = previous_half(today)
    return (
        DemoOrganisation(
            name="Northwind Energy",
            sector="Energy retail",
            people=(
                Person("Priya Shah", Role.LEADER),
                Person("Tom Becker", Role.MANAGER),
                Person("Aisha Okafor", Role.FRONTLINE),
            ),
            owners=("Priya Shah", "Tom Becker", "Marek Nowak", "Helen Ward"),
            base=2.1,
            growth=0.1,
            role_bias={Role.LEADER: 0.3, Role.MANAGER: 0.1, Role.FRONTLINE: -0.2},
            first_area_bias=1.2,
            periods=northwind_periods,
            draft_period=current,
            live_periods=1,
            next_due=parse_period(current).end,
            area_targets={1: 3.5},
            unverified_chance=0.35,
        ),
        DemoOrganisation(
            name="Harbour Health Clinics",
            sector="Healthcare",
            people=(
                Person("Jonah Reid", Role.LEADER),
                Person("Sofia Marin", Role.MANAGER),
                Person("Dev Patel", Role.FRONTLINE),
            ),
            owners=("Jonah Reid", "Sofia Marin"),
            base=1.9,
            growth=0.15,
            role_bias={Role.LEADER: 0.5, Role.MANAGER: 0.1, Role.FRONTLINE: -0.3},
            first_area_bias=0.3,
            periods=harbour_periods,
            draft_period=None,
            all_na_question=3,
            low_confidence_area=0,
        ),
        DemoOrganisation(
            name="Cedar Lane Credit Union",
            sector="Financial services",
            people=(
                Person("Ruth Adeyemi", Role.LEADER),
                Person("Ben Hall", Role.MANAGER),
                Person("Chloe Kim", Role.FRONTLINE),
                Person("Omar Said", Role.FRONTLINE),
            ),
            owners=("Ruth Adeyemi", "Ben Hall"),
            base=3.2,
            growth=0.0,
            role_bias={Role.LEADER: 0.25, Role.MANAGER: 0.1, Role.FRONTLINE: -0.1},
            first_area_bias=0.0,
            periods=(half,),
            next_due=parse_period(next_period(half)).end,
            draft_period=None,
        ),
    )


PEER_ORGANISATIONS = (
    # name, sector, base, growth, quarters completed (the latest last), respondents
    ("Quayside Power", "Energy retail", 2.6, 0.1, 2, ("Lena Fox", "Sam Ortiz", "Ivy Chen")),
    ("Riverside Dental Group", "Healthcare", 3.0, 0.05, 1, ("Ola Berg", "Raj Iyer", "Mia Lund")),
    ("Oakfield Outdoor Stores", "Retail", 2.3, 0.2, 2, ("Kai Moss", "Eve Hart", "Leo Park")),
    ("Pennant Books", "Retail", 3.4, 0.0, 1, ("Nia Cole", "Ravi Shah", "Ana Lopes")),
    (
        "Sterling Building Society",
        "Financial services",
        2.8,
        0.1,
        2,
        ("Joy Amos", "Tim Rowe", "Zoe Quinn"),
    ),
    (
        "Tern Insurance",
        "Financial services",
        2.0,
        0.15,
        1,
        ("Ade Bello", "Kim Yates", "Noor Ali"),
    ),
    (
        "Upland Savings Bank",
        "Financial services",
        3.6,
        0.05,
        2,
        ("Eli Stone", "Pia Nash", "Max Webb"),
    ),
    (
        "Vantage Mutual Assurance",
        "Financial services",
        2.4,
        0.1,
        1,
        ("Uma Rao", "Ken Doyle", "Liv Ross"),
    ),
    (
        "Westgate Lending",
        "Financial services",
        1.8,
        0.2,
        2,
        ("Hal Grant", "Sia Mele", "Jo Frye"),
    ),
)
"""The nine organisations that give the featured three their peers."""

PEER_PROFILES: dict[str, dict[str, bool]] = {"Upland Savings Bank": {"has_contact_centre": False}}
"""Peers whose profile differs from the questionnaire's defaults: a bank served in branches
only, for which the contact-centre question does not apply."""


def peer_organisations(today: date) -> tuple[DemoOrganisation, ...]:
    """The peers, each assessed in the last quarter or two before this one, so none is late."""
    current = current_period(today)
    roles = (Role.LEADER, Role.MANAGER, Role.FRONTLINE)
    return tuple(
        DemoOrganisation(
            name=name,
            sector=sector,
            people=tuple(Person(who, role) for who, role in zip(people, roles, strict=True)),
            owners=people[:2],
            base=base,
            growth=growth,
            role_bias={Role.LEADER: 0.3, Role.MANAGER: 0.1, Role.FRONTLINE: -0.2},
            first_area_bias=0.2,
            periods=tuple(shift_quarter(current, -n) for n in range(quarters, 0, -1)),
            draft_period=None,
            profile=PEER_PROFILES.get(name, {}),
        )
        for name, sector, base, growth, quarters, people in PEER_ORGANISATIONS
    )


DEMO_NAMES = ("Northwind Energy", "Harbour Health Clinics", "Cedar Lane Credit Union") + tuple(
    entry[0] for entry in PEER_ORGANISATIONS
)
"""The organisations the demo owns: `--force` replaces exactly these and nothing else."""
