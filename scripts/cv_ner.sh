#!/usr/bin/env bash
# Cross-validation for choosing NER settings without the held-out block or AQMAR
# dev (data/ner/README.md): ANERcorp's first 85% of lines (what eval_ner.sh trains
# on) cut into 5 contiguous blocks at sentence starts; each fold trains on the
# other 4 blocks + the first 90% of AQMAR train's sentences and scores its block
# (A) and the last 10% of AQMAR train (Q). Counts are pooled over the folds and
# printed per O bias. One core, lowest priority.
#   scripts/cv_ner.sh NAME [extra train-ner flags]      e.g. scripts/cv_ner.sh seed2 --seed 2
# Variables: BUILD_DIR (build), FOLDS ("0 1 2 3 4"), BIASES ("0 10 20 35"; two at least),
# EPOCHS (10), COST (10), ENSEMBLE (3), CLUSTERS (data/ner/clusters.tsv),
# EVAL_EXTRA (flags for the scoring runs, e.g. "--type-bias 0 10 0"), OUT (/tmp/marsad-cv),
# AQ_DOMAIN (AQMAR train as its own domain, see below).
# Skips with a message when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ner_data.sh
. scripts/cv_common.sh
N=${1:?usage: cv_ner.sh NAME [train-ner flags]}
shift
cv_begin /tmp/marsad-cv

if [ ! -f "$OUT/folds/f4.dev.txt" ]; then
  python3 - "$D" "$OUT/folds" <<'EOF'
import sys
src, out = sys.argv[1], sys.argv[2]
def sentence_starts(lines):  # as marsad's ParseConll(anercorp) splits them (0-based line indices)
    starts, cur, first = [], 0, None
    for i, l in enumerate(lines):
        f = l.replace('\r', '').split()
        if len(f) < 2: continue
        if first is None: first = i
        cur += 1
        if f[0] in ('.', '!', '?', '؟') or cur >= 250:
            starts.append(first); first, cur = None, 0
    if first is not None: starts.append(first)
    return starts
lines = open(f'{src}/anercorp.train.txt', encoding='utf-8').read().split('\n')
if lines and lines[-1] == '': lines = lines[:-1]
# The head SplitTail(0.15) leaves: lines before the first sentence starting at or after 85%.
cut = len(lines) * 0.85
head = lines[:next(s for s in sentence_starts(lines) if s >= cut)]
starts, n = sentence_starts(head), len(head)
cuts = [0] + [next(s for s in starts if s >= n * k / 5) for k in range(1, 5)] + [n]
for k in range(5):
    dev, train = head[cuts[k]:cuts[k + 1]], head[:cuts[k]] + head[cuts[k + 1]:]
    open(f'{out}/f{k}.dev.txt', 'w', encoding='utf-8').write('\n'.join(dev) + '\n')
    open(f'{out}/f{k}.train.txt', 'w', encoding='utf-8').write('\n'.join(train) + '\n')
sents = [s for s in open(f'{src}/aqmar.train.txt', encoding='utf-8').read().split('\n\n') if s.strip()]
k = int(len(sents) * 0.9)
open(f'{out}/aq_head.txt', 'w', encoding='utf-8').write('\n\n'.join(sents[:k]) + '\n')
open(f'{out}/aq_tail.txt', 'w', encoding='utf-8').write('\n\n'.join(sents[k:]) + '\n')
EOF
fi

F="$OUT/folds"
read -r -a BIAS <<<"${BIASES:-0 10 20 35}"
if [ "${#BIAS[@]}" -lt 2 ]; then echo "cv_ner: BIASES needs two values at least" >&2; exit 2; fi
read -r -a EXTRA <<<"${EVAL_EXTRA:-}"
# AQ_DOMAIN (e.g. wiki): AQMAR train is its own domain (train-ner FILE@DOMAIN),
# ANERcorp folds are scored with the news view, AQMAR's tail with AQMAR's view.
AQ=${AQ_DOMAIN:+@$AQ_DOMAIN}
for k in ${FOLDS:-0 1 2 3 4}; do
  "${R[@]}" "$M" train-ner --train "$F/f$k.train.txt:anercorp" --train "$F/aq_head.txt:conll$AQ" \
    --epochs "${EPOCHS:-10}" --o-bias 0 --cost "${COST:-10}" --ensemble "${ENSEMBLE:-3}" \
    --clusters "${CLUSTERS:-data/ner/clusters.tsv}" --out "$OUT/$N.f$k.bin" "$@" >/dev/null 2>"$OUT/$N.f$k.log" ||
    { tail -3 "$OUT/$N.f$k.log"; exit 1; }
  QM="$OUT/$N.f$k.bin"
  if [ -n "${AQ_DOMAIN:-}" ]; then
    # AQMAR is scored with its own view of the same training.
    QM="$OUT/$N.f$k.$AQ_DOMAIN.bin"
    "${R[@]}" "$M" train-ner --train "$F/f$k.train.txt:anercorp" --train "$F/aq_head.txt:conll$AQ" \
      --epochs "${EPOCHS:-10}" --o-bias 0 --cost "${COST:-10}" --ensemble "${ENSEMBLE:-3}" \
      --clusters "${CLUSTERS:-data/ner/clusters.tsv}" --view "$AQ_DOMAIN" --out "$QM" "$@" >/dev/null 2>>"$OUT/$N.f$k.log" ||
      { tail -3 "$OUT/$N.f$k.log"; exit 1; }
  fi
  "${R[@]}" "$M" train-ner --eval "$F/f$k.dev.txt:anercorp" --model "$OUT/$N.f$k.bin" --o-bias "${BIAS[@]}" "${EXTRA[@]}" 2>/dev/null | sed 's/^/A /'
  "${R[@]}" "$M" train-ner --eval "$F/aq_tail.txt:conll" --model "$QM" --o-bias "${BIAS[@]}" "${EXTRA[@]}" 2>/dev/null | sed 's/^/Q /'
done >"$OUT/$N.raw"
cv_pool "$OUT/$N.raw"
