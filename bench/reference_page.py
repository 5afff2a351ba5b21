"""The bare reference page: one Altair line chart with `?points=N` data points, nothing else.

No database, no sidebar, no cache: what Streamlit and Vega-Lite alone cost for a chart of the size a
dashboard page draws. `?bydel=K` shifts the curve (the reference's "filter change"). `?charts=K` splits
the points over K small charts instead (to tell the cost of many Vega views from the cost of points);
`?charts=K&svg=1` draws those K small charts as inline SVG polylines (no Vega), as a sparkline could be.

    streamlit run bench/reference_page.py      # then open /?points=400
"""

import base64
import math

import altair as alt
import streamlit as st

st.set_page_config(page_title="Referenceside", layout="wide")

points = max(1, int(st.query_params.get("points", "180")))
charts = max(1, int(st.query_params.get("charts", "1")))
shift = int(st.query_params.get("bydel", "0") or 0)
per_chart = -(-points // charts)

st.title("Referenceside")
columns = st.columns(min(charts, 3))
svg = st.query_params.get("svg") == "1"
for k in range(charts):
    data = [{"x": i, "y": 50 + 10 * math.sin((i + 3 * shift + k) / 7)} for i in range(per_chart)]
    if svg:
        n = max(per_chart - 1, 1)
        coords = " ".join(f"{d['x'] / n * 240:.1f},{38 - (d['y'] - 40) / 20 * 36:.1f}" for d in data)
        svg_text = (f'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40" viewBox="0 0 240 40">'
                    f'<polyline fill="none" stroke="#1f4e79" stroke-width="2" points="{coords}"/></svg>')
        with columns[k % len(columns)]:
            # An <img> with the SVG as a data URI: Markdown keeps it (a bare <svg> is sanitised away).
            st.markdown(f'<img alt="" style="width:100%;height:40px" src="data:image/svg+xml;base64,'
                        f'{base64.b64encode(svg_text.encode()).decode()}">', unsafe_allow_html=True)
        continue
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=charts == 1)
        .encode(x=alt.X("x:Q", title="Punkt"), y=alt.Y("y:Q", title="Værdi", scale=alt.Scale(zero=False)))
        .properties(height=260 if charts == 1 else 60)
    )
    with columns[k % len(columns)]:
        st.altair_chart(chart, width="stretch", key=f"reference_chart_{k}")
