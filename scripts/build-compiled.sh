#!/usr/bin/env bash
# Build newsbot with its NLP core compiled by mypyc (pyproject.toml, hook "mypyc"):
#   build/wheel/newsbot-*.whl  a wheel to deploy: pip install build/wheel/newsbot-*.whl
#   build/compiled/            the working tree's code with the compiled modules beside it,
#                              which `python -m bench nlp` and .ci/run measure and test.
# The build runs on a copy, so no compiled module is ever left in the source tree, where it
# would shadow the .py files an editable install reads. Needs gcc and the Python headers.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"

rm -rf build/compiled build/wheel
mkdir -p build/compiled build/wheel
cp -r bot bench tests fakes templates config samples pyproject.toml README.md manifest.json \
  build/compiled/
find build/compiled -name __pycache__ -prune -exec rm -rf {} +
(cd build/compiled && HATCH_BUILD_HOOK_ENABLE_MYPYC=true \
  "../../$python" -m pip wheel --quiet --no-deps --wheel-dir ../wheel . 2>&1 \
  | grep -v "^WARNING: Location" || true)
count=$(find build/compiled/bot/nlp -name "*.so" | wc -l)
if [ "$count" -eq 0 ]; then
  echo "build-compiled: mypyc produced no modules (see the pip output above)" >&2
  exit 1
fi
echo "build-compiled: $count compiled modules in build/compiled, wheel in build/wheel" >&2
