"""The real documents in ``../shared/real-documents/``, graded by their own ``score.py``.

The files, their truth and the scorer come from outside the project and are read
where they are (never copied in). Each file is parsed in-process with the format
``truth.json`` names, and graded by ``score.grade``, the scorer's own function,
so the figures are the ones ``score.py`` prints.

The bar is the issue's: a mean of at least ``MEAN_BAR`` over every file, no file
under ``FILE_BAR`` and no crash.
"""

from __future__ import annotations

import importlib.util
import json
import traceback
from pathlib import Path

import pytest

from portal.ingest import IngestError, parse_bytes

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT.parent / "shared" / "real-documents"
MEAN_BAR = 0.97
FILE_BAR = 0.85

pytestmark = pytest.mark.skipif(
    not (FOLDER / "score.py").is_file(), reason=f"{FOLDER} is not there"
)


def _scorer():
    spec = importlib.util.spec_from_file_location("real_documents_score", FOLDER / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _truth() -> dict:
    if not (FOLDER / "truth.json").is_file():
        return {}
    truth = json.loads((FOLDER / "truth.json").read_text(encoding="utf-8"))
    return {name: t for name, t in truth.items() if not name.startswith("_")}


TRUTH = _truth()


class Result:
    def __init__(self, name: str, fmt: str) -> None:
        self.name, self.fmt = name, fmt
        self.figures: dict[str, float] = {}
        self.score = 0.0
        self.status = ""  # "" when graded; else why it scored 0
        self.crash = False
        self.misses: list[str] = []

    def line(self) -> str:
        figs = " ".join(f"{k}={v:.3f}" for k, v in self.figures.items())
        return f"{self.name} [{self.fmt}] score={self.score:.3f} {figs} {self.status}".rstrip()


def _grade(score, name: str, truth: dict) -> Result:
    result = Result(name, truth["format"])
    data = (FOLDER / "files" / name).read_bytes()
    try:
        doc = parse_bytes(data, name=name, fmt=truth["format"])
    except IngestError as exc:
        result.status = f"FAILED: {exc}"
        return result
    except Exception:  # a crash is what this test is for: record it, grade it 0
        result.status = "CRASH: " + traceback.format_exc(limit=-3).strip().splitlines()[-1]
        result.crash = True
        return result
    figures, _counts, misses = score.grade(truth, doc.to_json(), True)
    result.figures, result.misses = figures, misses
    result.score = sum(figures.values()) / len(figures)
    return result


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    score = _scorer()
    return {name: _grade(score, name, truth) for name, truth in sorted(TRUTH.items())}


def _report(results: dict[str, Result]) -> str:
    mean = sum(r.score for r in results.values()) / max(1, len(results))
    lines = [r.line() for r in results.values()]
    return "\n".join([*lines, f"mean={mean:.3f} files={len(results)}"])


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_real_document(results, name):
    result = results[name]
    detail = result.line() + "".join(f"\n    {m}" for m in result.misses[:12])
    assert not result.crash, detail
    assert result.score >= FILE_BAR, detail


def test_real_documents_mean_and_floor(results):
    report = _report(results)
    print("\n" + report)  # the per-file figures, with -s or -rA
    mean = sum(r.score for r in results.values()) / max(1, len(results))
    below = [r for r in results.values() if r.crash or r.score < FILE_BAR]
    assert mean >= MEAN_BAR and not below, report
