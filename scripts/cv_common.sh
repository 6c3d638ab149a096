# Sourced by the NER cross-validation scripts (cv_ner.sh, cv_aqmar.sh) after
# ner_data.sh.
# cv_begin DEFAULT_OUT: B = BUILD_DIR (build), OUT (default DEFAULT_OUT, with
# OUT/folds made), R = the runner: lowest priority, and on the second core when
# there is one (the first stays free; CV_CPU picks another, e.g. to run two
# cross-validations side by side), M = a copy of B/marsad in OUT named after the
# run ($N), so that rebuilding during a run changes nothing.
cv_begin() {
  B=${BUILD_DIR:-build}
  OUT=${OUT:-$1}
  R=(nice -n 19)
  if [ "$(nproc)" -gt 1 ] && command -v taskset >/dev/null; then R+=(taskset -c "${CV_CPU:-1}"); fi
  mkdir -p "$OUT/folds"
  cp "$B/marsad" "$OUT/$N.marsad"
  M="$OUT/$N.marsad"
}

# cv_pool RAW: pools the folds' counts per set and O bias and prints F1 (and
# writes it beside RAW as .cv.txt). Lines of RAW: SET file o-bias B ... counts
# PER(tp fp fn) ORG(tp fp fn) LOC(tp fp fn).
cv_pool() {
  awk '{ for (i = 1; i <= NF; ++i) if ($i == "counts") c = i
         k = $1 " " $4; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
         for (j = 1; j <= 9; ++j) s[k, j] += $(c + j) }
       function f1(tp, fp, fn) { return tp ? 2 * tp / (2 * tp + fp + fn) : 0 }
       END { for (i = 1; i <= n; ++i) { k = order[i]
               tp = s[k,1] + s[k,4] + s[k,7]; fp = s[k,2] + s[k,5] + s[k,8]; fn = s[k,3] + s[k,6] + s[k,9]
               split(k, a, " ")
               printf "%s o-bias %5.1f  P %.4f R %.4f F1 %.4f  PER %.4f ORG %.4f LOC %.4f\n", a[1], a[2],
                 tp / (tp + fp), tp / (tp + fn), f1(tp, fp, fn), f1(s[k,1], s[k,2], s[k,3]),
                 f1(s[k,4], s[k,5], s[k,6]), f1(s[k,7], s[k,8], s[k,9]) } }' "$1" | tee "${1%.raw}.cv.txt"
}
