"""Kept so existing imports go on working: opening a home is wired in `spine.services`, which
the web UI uses too (it must not import the CLI package)."""

from spine.services import *  # noqa: F401,F403
from spine.services import (Services, ensure_secret, freeze_passed_deadlines, init_home,  # noqa: F401
                            load_catalog_for, open_services, write_private)
