"""The spine every layer hangs from: configuration, the error base, the ingest lock, and the
wiring that opens a home.

`spine.config`, `spine.errors` and `spine.ingest_lock` import nothing of the project: archive,
indexer, web UI and CLI all take their configuration and their error base from here.
`spine.services` is the one module that wires archive and indexer together for the web UI and
the CLI, so it sits above the indexer and below them (tests/test_layers.py checks the order).
"""
