"""The report as one HTML file: a chart a section, plotly.js embedded once (``report.html``)."""

from __future__ import annotations

from importlib import resources

from extractor.report import Chart, Summary

PLOT_CONFIG = {"displaylogo": False, "responsive": True}  # the mode bar's tools all work offline
COLOURS = {"converted": "#2d8a3e", "failed": "#c0392b", "bar": "#2f6fdb"}


def _template(name: str) -> str:
    return resources.files("extractor").joinpath("templates", name).read_text(encoding="utf-8")


def _figure(chart: Chart):
    import plotly.graph_objects as go

    labels = [label for label, _ in chart.counts]
    counts = [n for _, n in chart.counts]
    if chart.kind == "pie":
        trace = go.Pie(labels=labels, values=counts, sort=False, hole=0.45, textinfo="label+percent+value")
    elif chart.kind == "rank":  # largest on top: plotly draws the first category at the bottom
        trace = go.Bar(y=labels[::-1], x=counts[::-1], orientation="h", marker_color=COLOURS["bar"],
                       text=counts[::-1], textposition="auto")
    else:
        trace = go.Bar(x=labels, y=counts, marker_color=COLOURS["bar"], text=counts, textposition="auto")
    figure = go.Figure(trace)
    height = max(320, 26 * len(labels) + 90) if chart.kind == "rank" else 360
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 40}, showlegend=chart.kind == "pie",
                         font={"family": "Noto Sans Thai, Sarabun, Loma, sans-serif"})
    if chart.kind == "rank":
        figure.update_yaxes(automargin=True, type="category")
    else:
        figure.update_xaxes(type="category")
    return figure


def _status_chart(summary: Summary) -> Chart:
    return Chart("Posts converted and failed (by error kind)",
                 [("converted", summary.converted), *((f"failed: {kind}", n) for kind, n in summary.failed)])


def _div(figure, div_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOT_CONFIG)


def render_page(summary: Summary) -> str:
    """The page: plotly.js inline (from the plotly package: nothing fetched), one section a chart."""
    from jinja2 import Environment
    from markupsafe import Markup
    from plotly.offline import get_plotlyjs

    status = _status_chart(summary)
    status_figure = _figure(status)
    status_figure.update_traces(marker_color=[COLOURS["converted"]] + [COLOURS["failed"]] * len(summary.failed))
    sections = [("status", status, Markup(_div(status_figure, "chart-status")))]
    for key, chart in summary.charts.items():
        body = Markup(_div(_figure(chart), f"chart-{key}")) if chart.counts else None
        sections.append((key, chart, body))
    env = Environment(autoescape=True)
    return env.from_string(_template("report.html")).render(
        summary=summary, sections=sections, css=_template("report.css"),
        plotlyjs=Markup(get_plotlyjs().replace("</script", "<\\/script")),
    )
