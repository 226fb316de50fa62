"""The test helpers' promise: a missing need skips outside CI, fails in CI and with --slow."""

from __future__ import annotations

import pytest

from . import utils
from .utils import missing, need, shared_file


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda: need("desacoop_no_such_extra"), "desacoop_no_such_extra cannot be imported"),
        (lambda: shared_file("idm", "no-such-file.jsonl"), "reference data not found"),
        (lambda: missing("no Chromium found"), "no Chromium found"),
    ],
)
def test_a_missing_need_skips_or_fails_with_its_reason(
    call: object, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert callable(call)
    monkeypatch.setattr(utils, "every_test", False)
    with pytest.raises(pytest.skip.Exception, match=reason):
        call()
    monkeypatch.setattr(utils, "every_test", True)  # CI, or --slow
    with pytest.raises(pytest.fail.Exception, match=reason) as failed:
        call()
    assert "nothing may be skipped" in str(failed.value)


def test_what_is_there_is_given() -> None:
    assert need("json").dumps([1]) == "[1]"
    if utils.SHARED.is_dir():
        assert shared_file("idm", "kemendes-idm-sample.jsonl").is_file()


def test_this_run_knows_whether_every_test_must_run(pytestconfig: pytest.Config) -> None:
    import os

    wanted = bool(os.environ.get("CI")) or bool(pytestconfig.getoption("--slow"))
    assert utils.every_test is wanted
