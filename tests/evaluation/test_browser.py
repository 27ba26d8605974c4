"""In Chromium: staff build a logic model with an indicator from the initiative's page,
import a CSV file of measurements (a bad one first, which changes nothing), and a resident
finds the public page from the initiative and sees the chart and the table."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from coproduce.evaluation.models import Measurement

pytestmark = pytest.mark.browser


def _csv(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("indicator,date,value,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_staff_build_a_model_import_figures_and_residents_see_the_chart(
    page: Any,
    chromium: Any,
    live_server: Any,
    sign_in: Any,
    organiser: Any,
    initiative: Any,
    with_second_factor: Any,
    tmp_path: Path,
) -> None:
    with_second_factor(organiser)
    sign_in(page, organiser)
    page.goto(initiative.get_absolute_url())
    page.get_by_role(
        "link", name="Set up a logic model with indicators for this initiative"
    ).click()
    page.fill("#id_summary", "Parks kept clean by neighbours and rangers together.")
    page.get_by_role("button", name="Start the logic model").click()
    page.select_option("#id_s-kind", label="Inputs")
    page.fill("#id_s-text", "Two park rangers")
    page.get_by_role("button", name="Add the step").click()
    page.select_option("#id_s-kind", label="Outcomes")
    page.fill("#id_s-text", "Parks people enjoy")
    page.get_by_role("button", name="Add the step").click()

    page.select_option("#id_i-step", label="Outcomes: Parks people enjoy")
    page.fill("#id_i-name", "Park users satisfied")
    page.fill("#id_i-definition", "Share of park users who say they are satisfied.")
    page.fill("#id_i-unit", "%")
    page.select_option("#id_i-direction", label="Higher is better")
    page.select_option("#id_i-source_kind", label="Imported from a file")
    start = date.today() - timedelta(days=300)
    page.fill("#id_i-baseline_value", "50")
    page.fill("#id_i-baseline_date", start.isoformat())
    page.fill("#id_i-target_value", "70")
    page.fill("#id_i-target_date", (start + timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Add the indicator").click()
    assert "Indicator added." in page.inner_text("main")

    days = [start + timedelta(days=n) for n in (90, 180, 270)]
    bad = _csv(tmp_path, "bad.csv", [f"Park users satisfied,{days[0]},55,Survey", "Parks,x,1,"])
    page.set_input_files("#id_f-file", str(bad))
    page.get_by_role("button", name="Import the measurements").click()
    problems = page.inner_text("#import-problems")
    assert "Row 3" in problems
    assert not Measurement.objects.exists()

    good = _csv(
        tmp_path,
        "good.csv",
        [
            f"Park users satisfied,{day},{value},Survey"
            for day, value in zip(days, (55, 58, 66), strict=True)
        ],
    )
    page.set_input_files("#id_f-file", str(good))
    page.get_by_role("button", name="Import the measurements").click()
    assert "3 measurements imported." in page.inner_text("main")

    # A resident (signed out) finds the outcomes from the initiative's page.
    context = chromium.new_context(base_url=live_server.url)
    resident = context.new_page()
    resident.goto(initiative.get_absolute_url())
    resident.get_by_role("link", name="What this initiative is meant to achieve").click()
    main = resident.inner_text("main")
    assert "Two park rangers" in main and "Parks people enjoy" in main
    assert "1 of 1 indicator on track or met." in main
    chart = resident.locator("figure svg[role=img]")
    assert chart.count() == 1
    assert "Park users satisfied" in chart.locator("title").text_content()
    table = resident.get_by_role("table", name="Park users satisfied: measurements")
    assert table.locator("tbody tr").count() == 3
    assert "66" in table.inner_text()
    context.close()
