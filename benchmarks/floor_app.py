"""The floor: a bare Streamlit page (one title, one small plotly chart) served as the app is.

A page of the app opened in a fresh tab cannot be faster than this; the browser benchmark reports
each page as a multiple of it.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("REMACTO MEL")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
