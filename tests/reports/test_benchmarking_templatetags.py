"""{% pick_options %} writes the Benchmarking page's council list as the template loop it replaced did."""

from django.template import Context, Template

from reports.benchmarking_selectors import Area, Benchmarks

TEMPLATE_LOOP = Template(
    "{% for area in benchmarks.choices %}{% if area.code != benchmarks.council.code %}"
    '<option value="{{ area.code }}"{% if area.code in benchmarks.picked %} selected{% endif %}>'
    "{{ area.name }}</option>{% endif %}{% endfor %}"
)
TAG = Template("{% load benchmarking %}{% pick_options benchmarks %}")


def _area(code: str, name: str) -> Area:
    return Area(code, name, "East Midlands", "E06000017", True, "", "")


CHOICES = [_area("857", "Rutland"), _area("855", "Leicester & <Shire>"), _area("940", "North “Northants”")]


def _both(benchmarks: Benchmarks) -> tuple[str, str]:
    context = {"benchmarks": benchmarks}
    return TAG.render(Context(context)), TEMPLATE_LOOP.render(Context(context))


def test_it_leaves_out_the_council_and_selects_the_picked():
    tag, loop = _both(Benchmarks(CHOICES[0], "pick", [], [], {}, picked=["940"], choices=CHOICES))
    assert tag == loop
    assert 'value="857"' not in tag and '<option value="940" selected>' in tag
    assert "Leicester &amp; &lt;Shire&gt;" in tag


def test_it_lists_every_council_for_a_council_the_dfe_does_not_know():
    tag, loop = _both(Benchmarks(None, "neighbours", [], [], {}, choices=CHOICES))
    assert tag == loop
    assert tag.count("<option") == 3
