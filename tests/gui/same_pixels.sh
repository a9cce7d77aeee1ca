# Sourced by the GUI tests that draw one picture two ways and want the same pixels: a script
# template (@OUT@, @MODE@ replaced) runs once as the app draws normally (mode NAME) and once
# with SWITCH=1, which makes it repaint everything every frame (mode "full"); screenshots
# NAME-i.png and full-i.png, i = 1..COUNT, must be identical byte for byte (PNG output is
# deterministic, so equal bytes mean equal pixels).
#   same_pixels NAME SWITCH SCENARIO TEMPLATE COUNT WHAT
# Needs $zabscope and $out; prints a line per differing screenshot; returns 1 if any differ.
same_pixels() {
  local name="$1" switch="$2" scenario="$3" template="$4" count="$5" what="$6" mode i status=0
  for mode in "$name" full; do
    sed -e "s|@OUT@|$out|g" -e "s|@MODE@|$mode|g" "$template" > "$out/$mode.script"
    rm -f "$out/$mode"-*.png
    if [ "$mode" = full ]; then export "$switch=1"; fi
    xvfb-run -a -s "-screen 0 1600x900x24" "$zabscope" --scenario "$scenario" --script "$out/$mode.script" \
      || { echo "zabscope ($mode) failed"; unset "$switch"; return 1; }
  done
  unset "$switch"
  for i in $(seq 1 "$count"); do
    # A missing screenshot fails too: two missing files must not count as equal.
    if [ ! -s "$out/$name-$i.png" ] || ! cmp -s "$out/$name-$i.png" "$out/full-$i.png"; then
      echo "screenshot $i differs between $what: $out/$name-$i.png $out/full-$i.png"
      status=1
    fi
  done
  return $status
}
