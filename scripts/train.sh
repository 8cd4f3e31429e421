#!/usr/bin/env bash
# Train models/spine.tar.gz, but only when something that goes into the model changed:
# config.yml, domain.yml (or domain/), data/, addons/ (custom policies/components), the spaCy
# pipeline in build/spacy_pipeline, and the pinned package versions. The hash of those inputs
# is kept next to the model (models/spine.inputs.sha256); FORCE=1 trains anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

model=${MODEL:-models/spine.tar.gz}
name=$(basename "$model" .tar.gz)
out=$(dirname "$model")
stamp="$out/$name.inputs.sha256"

inputs=(config.yml constraints.txt)
for p in domain.yml domain data addons build/spacy_pipeline; do
  [ -e "$p" ] && inputs+=("$p")
done
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
