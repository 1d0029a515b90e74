"""The service tests skip without the serve extra (starlette and uvicorn).

Their helpers are ``serve/serve_support.py``, imported as ``serve.serve_support`` (the
tests folder is on ``sys.path``, see ``tests/conftest.py``).
"""

from __future__ import annotations

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")
