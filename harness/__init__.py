"""What the browser tests and the benchmark share: a server of the app (`harness.server`) and a
browser page that waits on its runs (`harness.page`). Neither `tests` nor `bench` is imported here."""
