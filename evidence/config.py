"""Kept so existing imports go on working: the configuration lives in `spine.config`, below every
layer (the archive, indexer and web UI read it without importing the CLI package)."""

from spine.config import *  # noqa: F401,F403
from spine.config import (CONFIG_NAME, DEFAULT_DEPARTMENTS, UNKNOWN_DEPARTMENT, Config, Department,  # noqa: F401
                          config_from_dict, default_config_text, load_config, resolve_home)
from spine.errors import ConfigError  # noqa: F401
