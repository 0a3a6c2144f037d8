"""Evidence Archive: command line and wiring of the archive, indexer and web UI."""

__version__ = "0.1.0"
