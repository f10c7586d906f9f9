"""The example scripts run as a user would run them and produce their reports."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(root, script, tmp_path):
    proc = subprocess.run([sys.executable, str(root / "examples" / script), "--output-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=root, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_china_versus_russia_by_sector(root, tmp_path):
    out = run(root, "china_vs_russia.py", tmp_path)
    nuclear = next(line for line in out.splitlines() if line.startswith("nuclear energy"))
    assert "leads 2" in nuclear and "leads 1" in nuclear       # CNNC's two plants, Rosatom's one (003 ¶22, ¶25)
    copper = next(line for line in out.splitlines() if line.startswith("copper"))
    assert "USD 7.5 bn" in copper and "(81%)" in copper        # 000 ¶13; 002 ¶19
    html = (tmp_path / "kazakhstan-china-russia.html").read_text(encoding="utf-8")
    assert "What if every actor of Russia left" in html and "What if every actor of People&#x27;s Republic" in html
    assert (tmp_path / "kazakhstan-china-russia_files").is_dir()


def test_what_if_rosatom_were_sanctioned(root, tmp_path):
    out = run(root, "rosatom_sanctioned.py", tmp_path)
    rosatom, russia = out.split("If Russia left")
    assert "loses its lead: Kazakhstan's first nuclear power plant (was Rosatom; sources 003 ¶25)" in rosatom
    assert "exposed:" not in rosatom
    # 002 ¶19 states the import and the dependence it makes as one fact: one line, the paragraph cited once
    assert ("exposed: Kazakhstan imports 81% of its refined copper from Russia — also read as: Kazakhstan depends on "
            "Russia for 81% of its refined copper; sources 002 ¶19") in russia
    assert russia.count("002 ¶19") == 1
    assert "exposed: Kazakhstan is supplied arms by Russia — also read as: " in russia
    assert (tmp_path / "rosatom-sanctioned.html").read_text(encoding="utf-8").count("003 ¶25") >= 1


@pytest.mark.parametrize("script", ["china_vs_russia.py", "rosatom_sanctioned.py"])
def test_examples_have_help(root, script):
    proc = subprocess.run([sys.executable, str(root / "examples" / script), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "--output-dir" in proc.stdout
