#!/usr/bin/env bash
# Leave-articles-out cross-validation on AQMAR train, for the settings of the
# AQMAR (wiki) view without AQMAR dev: AQMAR train's sentences (28 Wikipedia
# articles, in order, no document marks) cut into 5 contiguous blocks; each fold
# trains on ANERcorp's first 85% (news; the held-out block stays out) + the other
# 4 blocks (domain wiki), writes the wiki view and scores its block, pooled over
# the folds per O bias. (cv_ner.sh's Q, the last 10% of AQMAR train's sentences,
# shares articles with the training part and overstated the wiki view.)
#   scripts/cv_aqmar.sh NAME [train-ner flags]
# Variables: BUILD_DIR (build), BIASES ("0 10 20 35 50"), OUT (/tmp/marsad-cv-aqmar),
# CV_CPU (1), EPOCHS (10), COST (10), ENSEMBLE (3), CLUSTERS, MASK ("0.4 0.1 0.5"),
# VIEW (wiki: the view written and scored).
# Skips with a message when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ner_data.sh
. scripts/cv_common.sh
N=${1:?usage: cv_aqmar.sh NAME [train-ner flags]}
shift
cv_begin /tmp/marsad-cv-aqmar
read -r -a MASK <<<"${MASK:-0.4 0.1 0.5}"
read -r -a BIAS <<<"${BIASES:-0 10 20 35 50}"
if [ ! -f "$OUT/folds/a4.dev.txt" ]; then
  python3 - "$D" "$OUT/folds" <<'PY'
import sys
src, out = sys.argv[1], sys.argv[2]
sents = [s for s in open(f'{src}/aqmar.train.txt', encoding='utf-8').read().split('\n\n') if s.strip()]
cuts = [len(sents) * k // 5 for k in range(6)]
for k in range(5):
    dev, train = sents[cuts[k]:cuts[k + 1]], sents[:cuts[k]] + sents[cuts[k + 1]:]
    open(f'{out}/a{k}.dev.txt', 'w', encoding='utf-8').write('\n\n'.join(dev) + '\n')
    open(f'{out}/a{k}.train.txt', 'w', encoding='utf-8').write('\n\n'.join(train) + '\n')
PY
fi
F="$OUT/folds"
for k in 0 1 2 3 4; do
  "${R[@]}" "$M" train-ner --train "$D/anercorp.train.txt:anercorp" --holdout-tail 0.15 --train "$F/a$k.train.txt:conll@wiki" \
    --view "${VIEW:-wiki}" --epochs "${EPOCHS:-10}" --o-bias 0 --cost "${COST:-10}" --ensemble "${ENSEMBLE:-3}" \
    --mask-names "${MASK[0]}" --mask-words "${MASK[1]}" --mask-deep "${MASK[2]}" \
    --clusters "${CLUSTERS:-data/ner/clusters.tsv}" --out "$OUT/$N.a$k.bin" "$@" >/dev/null 2>"$OUT/$N.a$k.log" ||
    { tail -3 "$OUT/$N.a$k.log"; exit 1; }
  "${R[@]}" "$M" train-ner --eval "$F/a$k.dev.txt:conll" --model "$OUT/$N.a$k.bin" --o-bias "${BIAS[@]}" 2>/dev/null | sed 's/^/AQ /'
done >"$OUT/$N.raw"
cv_pool "$OUT/$N.raw"
