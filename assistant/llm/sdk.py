"""The litellm loader: one place that imports the SDK (slow: seconds), configured offline."""

from __future__ import annotations

import logging
import os
from functools import cache
from types import ModuleType


@cache
def load_litellm() -> ModuleType:
    """Import litellm (slow: seconds) configured for offline use and a quiet terminal."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_OFFLINE_MODE", "true")
    import litellm  # deferred: heavy third-party import, seconds at start-up

    litellm.suppress_debug_info = True
    litellm.drop_params = False
    for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return litellm
