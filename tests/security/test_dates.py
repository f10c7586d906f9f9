"""Dates are calendar dates in ASCII digits: `--as-of` (reports, view) and the API's ``as_of`` share one check.

Python's ``int()`` and the regular expression ``\\d`` read any Unicode digit ("２０２４" is 2024 to them); the
check does not. The CLI refuses before loading the graph, so each run here is quick.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest

from influencegraph.dates import as_of_date

BAD = {
    "2024-13-01": "month 13 is not 01 to 12",
    "2024-00": "month 00 is not 01 to 12",
    "2024-02-30": "February 2024 has 29 days",
    "2023-02-29": "February 2023 has 28 days",
    "2024-04-31": "April 2024 has 30 days",
    "2024-01-00": "January 2024 has 31 days",
    "0000": "there is no year 0000",
    "２０２４-01-01": "use ASCII digits",                 # full-width digits
    "٢٠٢٤": "use ASCII digits",                          # Arabic-Indic digits
    "2024-0١-01": "use ASCII digits",                    # one Arabic-Indic digit among ASCII ones
    "2024-1-1": "use ASCII digits: YYYY, YYYY-MM or YYYY-MM-DD",
    "2024-01-01T00:00": "use ASCII digits",
    "2024-01-01\n": None,                                 # surrounding blanks are trimmed: accepted
}


@pytest.mark.parametrize("text", [t for t, why in BAD.items() if why], ids=repr)
def test_the_api_refuses_what_is_not_a_calendar_date_in_ascii_digits(text):
    with pytest.raises(ValueError) as caught:
        as_of_date(text)
    assert str(caught.value) == f"as_of: {text!r} is not a date" + (
        f": {BAD[text]}" if not BAD[text].startswith("use") else "; use ASCII digits: YYYY, YYYY-MM or YYYY-MM-DD")


@pytest.mark.parametrize("value, expected", [("2024", "2024"), ("2024-02", "2024-02"), ("2024-02-29", "2024-02-29"),
                                             (" 2025-12-31 ", "2025-12-31"), ("2024-01-01\n", "2024-01-01"),
                                             (datetime.date(2024, 2, 29), "2024-02-29"),
                                             (datetime.datetime(2024, 2, 29, 13, 5), "2024-02-29"), (None, None)])
def test_the_api_accepts_years_months_and_days_that_exist(value, expected):
    assert as_of_date(value) == expected


def test_the_graph_refuses_a_bad_date_through_the_same_check(kg):
    with pytest.raises(ValueError, match=r"'2024-02-30' is not a date: February 2024 has 29 days"):
        kg.network(as_of="2024-02-30")


@pytest.mark.parametrize("command", [["report", "dependency"], ["report", "centrality"],
                                     ["report", "scenario", "--remove", "Rosatom"], ["view", "-o", "v.html"]],
                         ids=lambda c: " ".join(c[:2]))
def test_every_as_of_option_refuses_a_bad_date_in_one_line(root, tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k not in ("INFLUENCEGRAPH_ROOT", "INFLUENCEGRAPH_BUILD")}
    for text, why in (("2024-13-01", "month 13 is not 01 to 12"), ("２０２４-01-01", "use ASCII digits")):
        proc = subprocess.run([sys.executable, "-m", "influencegraph", *command, "--as-of", text, "-q",
                               "--root", str(root)], capture_output=True, text=True, cwd=tmp_path, env=env,
                              timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.splitlines() == [f"error: --as-of {text!r} is not a date" + (
            f": {why}" if why.startswith("month") else "; use ASCII digits: YYYY, YYYY-MM or YYYY-MM-DD")]
        assert proc.stdout == "" and list(tmp_path.iterdir()) == []
