"""Storage and sign-in: the only way the UI, the CLI and the reports reach the database.

Every public function takes the engine and the acting user first and checks the role in
`store.access.authorize`, so a page that forgets a check still cannot read another agency's data.
Nothing here imports streamlit: the same functions serve the app, `manage.py` and the tests.
"""
