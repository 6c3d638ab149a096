# Sourced by the NER scripts (eval_ner.sh, cv_ner.sh): sets D to the NER corpora
# in ../shared, or exits 0 with a message naming the caller when they are absent.
D=../shared/data/ner
if [ ! -f "$D/anercorp.train.txt" ]; then
  echo "$(basename "$0" .sh): $D not found, skipping"
  exit 0
fi
