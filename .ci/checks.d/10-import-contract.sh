#!/usr/bin/env bash
# The layers of SPEC section 5, checked: the contracts are [tool.importlinter] in
# pyproject.toml (evaluators never import the edges; frameworks and scoring are
# independent; the domain and kernel import no evaluator). import-linter is in the dev extra.
set -euo pipefail
cd "$(dirname "$0")/../.."
lint-imports
