"""Exports of pressdx: PDF, Excel and CSV documents built from plain data the caller passes in.

Every function here is pure (data in, bytes out) so the app, the command line and the tests produce the
same document from the same data; nothing here reads the database or knows about Streamlit.
"""
