# run_anchors CHECK_DIR — copies the counts check's scorer and anchor scripts into a check built in the format of
# ../shared/eval/forecast and runs the anchors this machine can run: snaive168, weekly_profile and train_quantiles
# always; hw168 with python3-statsmodels; stlf and prophet with R's forecast and prophet packages (r-cran-forecast,
# r-cran-prophet; prophet takes minutes: 0.5 s a task).
# shellcheck shell=bash

run_anchors() {
  local out="$1" counts="$SHARED_DIR/eval/forecast-counts"
  [[ -d "$counts/scripts" ]] || die "the counts check's scripts are not at $counts/scripts"
  mkdir -p "$out/anchors" "$out/scripts"
  cp "$counts"/scripts/*.py "$counts"/scripts/*.R "$out/scripts/"
  (
    cd "$out"
    /usr/bin/python3 scripts/fc_python.py snaive168 anchors/snaive168.csv
    /usr/bin/python3 scripts/fc_weekly_profile.py anchors/weekly_profile.csv
    /usr/bin/python3 scripts/fc_train_quantiles.py anchors/train_quantiles.csv
    if /usr/bin/python3 -c 'import statsmodels' 2>/dev/null; then
      /usr/bin/python3 scripts/fc_python.py hw168 anchors/hw168.csv
    else
      log "no python3-statsmodels: hw168 skipped"
    fi
    if command -v Rscript >/dev/null && Rscript -e 'library(forecast); library(prophet)' >/dev/null 2>&1; then
      Rscript scripts/fc_r.R stlf anchors/stlf.csv
      Rscript scripts/fc_r.R prophet anchors/prophet.csv
    else
      log "no R forecast/prophet: stlf and prophet skipped"
    fi
  )
}
