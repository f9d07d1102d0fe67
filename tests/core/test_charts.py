"""The chart layer's building blocks: inert text, word-wrapped labels, ticks in the one money format."""

from decimal import Decimal

from core.charts import count_axis, figure, inert, money_axis, nice_step, wrap
from core.money import MINUS


def test_it_makes_tags_inert_and_keeps_the_text():
    assert inert('<a href="x">Go</a> & <b>') == '&lt;a href="x"&gt;Go&lt;/a&gt; &amp; &lt;b&gt;'


def test_it_wraps_on_words_and_ends_a_cut_label_with_an_ellipsis():
    label = wrap("Commissioned interventions to prevent exclusion or escalation of need", 18, 2)
    lines = label.split("<br>")
    assert lines[0] == "Commissioned" and len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= 18 for line in lines)
    assert wrap("<b>short</b>") == "&lt;b&gt;short&lt;/b&gt;"


def test_it_ticks_money_axes_in_round_steps_written_the_one_way():
    axis = money_axis([Decimal(-3_355_662), Decimal(1_200_000)])
    assert axis["tickmode"] == "array" and len(axis["tickvals"]) == len(axis["ticktext"])
    assert axis["tickvals"][0] <= -3_355_662 and axis["tickvals"][-1] >= 1_200_000
    assert f"{MINUS}£4m" in axis["ticktext"] and "£0" in axis["ticktext"]
    assert 4 <= len(axis["tickvals"]) <= 8


def test_it_chooses_nice_steps_and_whole_count_ticks():
    assert [nice_step(span) for span in (10, 18, 1_000_000, 3)] == [2, 5, 200_000, 1]
    assert count_axis(18)["dtick"] == 5 and count_axis(0)["dtick"] == 1


def test_it_merges_layout_onto_the_base_one_level_deep():
    fig = figure([], margin={"l": 5}, showlegend=False)
    assert fig["layout"]["margin"] == {"l": 5, "r": 20, "t": 30, "b": 60}
    assert fig["layout"]["font"]["family"].startswith("Arial") and fig["layout"]["showlegend"] is False
