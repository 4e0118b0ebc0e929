"""Geometry for the server-rendered bar charts (the SVG markup is in
templates/surveys/_partials/bar_chart.html). Numbers only: where each label and bar
goes. Colours come from classes in static/css/surveys.css, never style attributes, so the
page keeps its content security policy."""

from dataclasses import dataclass

WIDTH = 640
BAR_MAX = 420  # leaves room right of the longest bar for its figure
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
GAP = 10
SERIES = 4  # chart-series-0..3 in surveys.css


@dataclass
class ChartBar:
    y: int
    width: int
    text: str
    text_x: int
    text_y: int
    series: int


@dataclass
class ChartGroup:
    label: str
    label_y: int
    bars: list[ChartBar]


@dataclass
class Chart:
    id: str
    title: str
    description: str
    groups: list[ChartGroup]
    height: int
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    legend: list[tuple[str, int]] | None = None


def bar_chart(
    *,
    chart_id: str,
    title: str,
    groups: list[tuple[str, list[tuple[str, float, int]]]],
    legend: list[str] | None = None,
) -> Chart:
    """`groups`: (label, [(figure text, fraction 0..1, series index)]); a group has one bar,
    or one per round when rounds are compared."""
    y = GAP
    laid_out = []
    described = []
    for label, bars in groups:
        label_y = y + 16
        y += LABEL_HEIGHT
        chart_bars = []
        for text, fraction, series in bars:
            width = max(0, min(BAR_MAX, round(BAR_MAX * fraction)))
            chart_bars.append(
                ChartBar(y=y, width=width, text=text, text_x=width + 8, text_y=y + 14, series=series % SERIES)
            )
            y += BAR_HEIGHT + 4
        y += GAP
        laid_out.append(ChartGroup(label=label, label_y=label_y, bars=chart_bars))
        described.append(f"{label}: " + ", ".join(text for text, _, _ in bars))
    description = "Bar chart. " + "; ".join(described) + "."
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        groups=laid_out,
        height=y,
        legend=[(name, i % SERIES) for i, name in enumerate(legend)] if legend else None,
    )


def result_chart(result, *, prefix: str = "chart") -> Chart | None:
    """The chart of one question's result: the share choosing each answer, or for a Likert
    grid each statement's mean. Numbers and free text have none (a table says it all)."""
    from surveys.results import Kind

    question = result.question
    chart_id = f"{prefix}-{question.key}"
    if question.kind == Kind.LIKERT:
        groups = [
            (
                s.text,
                [
                    (
                        f"mean {s.mean:.2f} of 5 ({s.answered})" if s.mean is not None else "no answers",
                        (s.mean or 0) / 5,
                        0,
                    )
                ],
            )
            for s in result.statements
        ]
        return bar_chart(
            chart_id=chart_id, title=f"{question.text}: mean agreement per statement", groups=groups
        )
    if not result.bars:
        return None
    groups = [(b.label, [(f"{b.percent:.1f}% ({b.count})", b.fraction, 0)]) for b in result.bars]
    return bar_chart(
        chart_id=chart_id, title=f"{question.text}: share of the {result.answered} answers", groups=groups
    )


def comparison_chart(comparison) -> Chart:
    names = [str(s.round) for s in comparison.rounds]
    groups = []
    for row in comparison.rows:
        bars = []
        for i, cell in enumerate(row.cells):
            if cell is None:
                bars.append((f"{names[i]}: not asked", 0.0, i))
            else:
                counted = (
                    f", {cell.count}" if cell.count is not None and comparison.measure == "percent" else ""
                )
                bars.append((f"{names[i]}: {cell.text}{counted}", cell.fraction, i))
        groups.append((row.label, bars))
    return bar_chart(
        chart_id=f"compare-{comparison.question.key}",
        title=f"{comparison.question.text}: {', '.join(names)}",
        groups=groups,
        legend=names,
    )
