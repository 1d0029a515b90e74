#!/usr/bin/env bash
# The documentation site builds without a warning: every page in the nav exists, every
# link and cross-reference resolves, every API page renders (mkdocstrings).
set -euo pipefail
cd "$(dirname "$0")/../.."
pip install --quiet -e '.[docs]'
site="$(mktemp -d)"
NO_MKDOCS_2_WARNING=1 mkdocs build --strict --site-dir "$site"
rm -rf "$site"
