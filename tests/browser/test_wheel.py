"""The Place Standard wheel names every dimension whole, with no name over another, at the sizes it
is drawn at (projector, dashboard, compass page, report; one series and several) and in every
language, measured by Chromium's own text layout."""

import pytest
from flask_babel import force_locale

from analysis import wheel
from participatie.labels import DIMENSION_LABELS
from participatie.vocabulary import UI_LANGUAGES

PROBLEMS = """() => {
  const bad = [], svg = document.querySelector("svg"), box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")];
  const labels = texts.filter((t) => t.classList.contains("dimension-label"));
  for (const t of texts) {
    const r = t.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
        || r.bottom > box.bottom + 1) bad.push("cut off: " + t.textContent);
  }
  labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
    const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
    if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom)
      bad.push("overlap: " + a.textContent + " / " + b.textContent);
  }));
  return bad;
}"""
# (width, height, font size, series): the sizes web/charts.py and its callers draw.
SIZES = [(820, 760, 20, 1), (900, 680, 15, 1), (900, 680, 15, 3), (760, 600, 17, 1),
         (760, 430, 15, 4)]


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_dimension_name_is_whole_and_clear_of_the_others(app, browser, language):
    with app.test_request_context(), force_locale(language):
        names = [str(label) for label in DIMENSION_LABELS.values()]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for width, height, font_size, count in SIZES:
        series = [(f"Vuurtorenwijk, Najaar 202{n}", {name: 4.0 for name in names}, None)
                  for n in range(count)]
        svg = wheel.wheel_svg(series, width, height, font_size)
        page.set_content(f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">'
                         f'<body style="margin:0">{svg}</body></html>')
        problems = page.evaluate(PROBLEMS)
        assert not problems, (language, width, height, font_size, count, problems)
    page.close()
