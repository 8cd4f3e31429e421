#!/usr/bin/env bash
# Train models/spine.tar.gz, but only when something that goes into the model changed:
# config.yml, domain.yml (or domain/), data/, the addons/ modules that config.yml names (custom
# policies and NLU components) with the addons modules they import, the spaCy pipeline in
# build/spacy_pipeline, and the pinned package versions. Other addons (the lock store, the tracker
# store) run only in the server and do not retrain. The hash of those inputs is kept next to the
# model (models/spine.inputs.sha256); FORCE=1 trains anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

model=${MODEL:-models/spine.tar.gz}
name=$(basename "$model" .tar.gz)
out=$(dirname "$model")
stamp="$out/$name.inputs.sha256"

inputs=(config.yml constraints.txt)
for p in domain.yml domain data build/spacy_pipeline; do
  [ -e "$p" ] && inputs+=("$p")
done
# The addons modules the model is made of: named in config.yml, and what they import from addons.
mapfile -t model_code < <(.venv/bin/python - <<'PY'
import re
from pathlib import Path
IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:addons)?\.?(\w+)", re.M)
todo, seen = ["__init__", *re.findall(r"\baddons\.(\w+)\.", Path("config.yml").read_text())], set()
while todo:
    name = todo.pop()
    path = Path("addons", f"{name}.py")
    if name not in seen and path.is_file():
        seen.add(name)
        todo += IMPORT.findall(path.read_text())
print("\n".join(f"addons/{name}.py" for name in sorted(seen)))
PY
)
inputs+=("${model_code[@]}")
hash=$(find "${inputs[@]}" -type f -not -path '*/__pycache__/*' -not -name '*.pyc' -print0 \
        | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)

if [ "${FORCE:-0}" != 1 ] && [ -f "$model" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
  echo "train: $model is up to date"
  exit 0
fi

domain=domain.yml; [ -e domain.yml ] || domain=domain
echo "train: training $model (inputs changed)"
start=$(date +%s)
rm -f "$stamp"
.venv/bin/python -m rasa train --config config.yml --domain "$domain" --data data \
  --out "$out" --fixed-model-name "$name"
echo "$hash" > "$stamp"
echo "train: done in $(( $(date +%s) - start ))s"
