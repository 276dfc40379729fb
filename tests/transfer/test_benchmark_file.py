"""The peers export file: written and read back whole, its version checked, and no count in it
below 5 whatever the portfolio."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from cxaudit.domain.benchmark_export import ExportedPool, ScoreBucket, export_pool
from cxaudit.domain.peers import MIN_PEERS, PeerPool
from cxaudit.errors import DataImportError
from cxaudit.transfer.benchmark_file import PEERS_VERSION, peers_data, peers_text, read_peers
from tests.domain.test_benchmark import PROPERTY_SETTINGS
from tests.domain.test_benchmark_export import pools

EXPORTED = ExportedPool(
    questionnaire_id="mini",
    peers=11,
    overall=(ScoreBucket(2.0, 3.7, 5, 2.9), ScoreBucket(3.8, 5.0, 6, 4.3)),
    areas={"alpha": (ScoreBucket(1.5, 4.5, 10, 3.2),)},
    levels={"alpha.one": (1, 0, 2, 2, 0)},
    first_year=2025,
    last_year=2026,
)


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_export_reads_back_as_it_was_written(tmp_path: Path) -> None:
    data = peers_data([EXPORTED], sector=None)
    assert data["version"] == PEERS_VERSION == 2
    (entry,) = data["questionnaires"]
    assert entry["overall"] == [
        {"from": 2.0, "to": 3.7, "peers": 5, "mean": 2.9},
        {"from": 3.8, "to": 5.0, "peers": 6, "mean": 4.3},
    ]
    path = tmp_path / "peers.json"
    path.write_text(peers_text(data), encoding="utf-8")
    assert read_peers(path) == [EXPORTED]
    retail = _write(tmp_path / "retail.json", peers_data([EXPORTED], sector=" Retail "))
    assert read_peers(retail)[0].sector == "Retail"


def test_an_older_or_newer_version_is_refused_with_one_sentence(tmp_path: Path) -> None:
    old = {
        "format": "cxaudit-benchmark-peers",
        "version": 1,
        "questionnaires": [{"questionnaire_id": "mini", "peers": 5, "overall": {"4.3": 1}}],
    }
    with pytest.raises(DataImportError, match="version 1, which listed single peers' scores"):
        read_peers(_write(tmp_path / "old.json", old))
    newer = {**peers_data([EXPORTED], sector=None), "version": 3}
    with pytest.raises(DataImportError, match="version 3; this cxaudit reads version 2 only"):
        read_peers(_write(tmp_path / "new.json", newer))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"overall": [{"from": 2.0, "to": 3.0, "peers": 1, "mean": 2.5}]}, "counts 1 peers"),
        ({"overall": [{"from": 2.0, "to": 3.05, "peers": 5, "mean": 2.5}]}, "not whole tenths"),
        ({"overall": [{"from": 2.0, "to": 3.0, "peers": 5, "mean": 3.5}]}, "the mean 3.5"),
        ({"overall": [{"from": 2.0, "peers": 5, "mean": 2.5}]}, "overall.0.to: field required"),
        ({"overall": [{"from": 2.0, "to": 3.0, "peers": 5}]}, "overall.0.mean: field required"),
        ({"overall": {"4.3": 5}}, "overall: input should be a valid list"),
        ({"levels": {"alpha.one": [1, 0, 1, 1, 0]}}, "alpha.one count 3 peers, fewer than 5"),
        ({"levels": {"alpha.one": [12, 0, 1, 1, 0]}}, "alpha.one are not 5 counts"),
        ({"name": "Acme"}, "extra inputs are not permitted"),
        (
            {"areas": {"alpha": [{"from": 1.0, "to": 1.1, "peers": 5, "mean": 1.0}] * 41}},
            "areas.alpha: list should have at most 40 items",
        ),
        ({"overall": [{"from": 2.0, "to": 3.0, "peers": 5, "mean": "NaN"}]}, "finite number"),
    ],
)
def test_a_file_no_export_could_have_written_is_refused(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    data = peers_data([EXPORTED], sector=None)
    data["questionnaires"][0].update(change)
    with pytest.raises(DataImportError, match=message) as caught:
        read_peers(_write(tmp_path / "bad.json", data))
    assert str(caught.value).startswith(f"{tmp_path / 'bad.json'} is not a usable benchmark export")
    assert str(caught.value).count(". ") == 0


def _counts(entry: dict[str, Any]) -> list[int]:
    ranges = entry["overall"] + [r for area in entry["areas"].values() for r in area]
    return [r["peers"] for r in ranges] + [sum(c) for c in entry["levels"].values()]


@given(pools())
@PROPERTY_SETTINGS
def test_no_exported_count_is_below_five_and_no_score_is_written_alone(pool: PeerPool) -> None:
    text = peers_text(peers_data([export_pool(pool)], sector=None))
    (entry,) = json.loads(text)["questionnaires"]
    assert all(n >= MIN_PEERS for n in _counts(entry))
    # Scores appear only as bounds and means: whole tenths, never a peer's own two decimals.
    ranges = entry["overall"] + [r for area in entry["areas"].values() for r in area]
    assert all(set(r) == {"from", "to", "peers", "mean"} for r in ranges)
    for bound in (r[key] for r in ranges for key in ("from", "to", "mean")):
        assert abs(bound * 10 - round(bound * 10)) < 1e-9
    assert set(entry) == {
        "questionnaire_id",
        "peers",
        "first_year",
        "last_year",
        "overall",
        "areas",
        "levels",
    }
