"""A chart drawn for the Word paper keeps the height it was laid out for, so a timeline's rows each keep their
label and its legend stays clear of the axis title (issue 21, item 13)."""

from datetime import date

from reports.chart_images import HEIGHT, image_height
from reports.charts import milestone_timeline


def test_a_timeline_is_drawn_at_its_own_height():
    rows = [
        (f"{i}. A milestone with a long enough title to wrap", date(2021, 1, 1), date(2022, 1, 1), "red")
        for i in range(23)
    ]
    chart = milestone_timeline(items=rows, today=date(2026, 12, 5))
    assert chart.figure["layout"]["height"] > HEIGHT
    assert image_height(chart.figure) == chart.figure["layout"]["height"]


def test_a_chart_without_a_height_is_drawn_at_the_default():
    assert image_height({"data": [], "layout": {}}) == HEIGHT
