"""What the web entry (asgi.py) puts in front of Streamlit: ASGI middleware, one job per module."""
