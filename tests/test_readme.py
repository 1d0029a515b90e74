"""The README's Python examples run and print what their comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
EXPECTED = re.compile(r"#\s*->\s*(.+)$", re.MULTILINE)


class TestReadme:
    """README.md stays honest."""

    def test_python_examples(self) -> None:
        """Every ```python block runs in order; each `# -> text` is in what it printed."""
        blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
        assert len(blocks) >= 2
        namespace: dict[str, object] = {}
        for block in blocks:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our README
            printed = out.getvalue().splitlines()
            for expected in EXPECTED.findall(block):
                assert expected.strip() in printed, (expected, printed)
