#!/bin/sh
# Gantry's Odoo STAND-IN (tests only): accepts Odoo's command line, logs what Odoo would do and
# serves HTTP on 8069 with busybox httpd. Installed modules are recorded in <data_dir>/installed-<db>.
conf=/etc/odoo/odoo.conf; db=""; init=""; update=""; stop=""; tests=""; mode=server
while [ $# -gt 0 ]; do
  case "$1" in
    -c|--config) conf="$2"; shift ;;
    -d|--database) db="$2"; shift ;;
    -i|--init) init="$2"; shift ;;
    -u|--update) update="$2"; shift ;;
    --stop-after-init) stop=1 ;;
    --test-enable) tests=1 ;;
    shell) mode=shell ;;
    *) ;;
  esac
  shift
done
log() { echo "$(date -u '+%Y-%m-%d %H:%M:%S') 1 $1 ${db:-?} odoo: $2" >&2; }
conf_value() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$conf" | tail -n 1; }
[ -f "$conf" ] || { log ERROR "config file $conf not found"; exit 2; }
[ -n "$db" ] || db=$(conf_value db_name)
data_dir=$(conf_value data_dir); data_dir=${data_dir:-/var/lib/odoo}
addons=$(conf_value addons_path)
db_host=$(conf_value db_host); db_port=$(conf_value db_port)
mkdir -p "$data_dir/filestore/$db"
installed="$data_dir/installed-$db"; touch "$installed"
log INFO "Odoo stand-in (Gantry test image) using $conf, database $db, addons $addons"
if [ -n "$db_host" ]; then
  if nc -w 3 "$db_host" "${db_port:-5432}" </dev/null >/dev/null 2>&1; then log INFO "database server $db_host:${db_port:-5432} reachable"; else log WARNING "database server $db_host:${db_port:-5432} not reachable"; fi
fi
find_module() {
  case "$1" in base|web|mail|contacts) echo builtin; return 0 ;; esac
  old_ifs=$IFS; IFS=,
  for dir in $addons; do
    if [ -f "$dir/$1/__manifest__.py" ]; then IFS=$old_ifs; echo "$dir/$1"; return 0; fi
  done
  IFS=$old_ifs; return 1
}
run_tests() {
  [ -d "$1/tests" ] || return 0
  for file in "$1"/tests/test_*.py; do
    [ -f "$file" ] || continue
    count=$(grep -c 'def test_' "$file"); failures=$(grep -c 'self.fail(' "$file")
    log INFO "odoo.tests: $2 $(basename "$file"): ran $count tests"
    if [ "$failures" -gt 0 ]; then log ERROR "FAIL: $2 $(basename "$file"): $failures failed"; status=1; fi
  done
}
status=0
for action in init update; do
  eval "mods=\$$action"
  [ -n "$mods" ] || continue
  for module in $(echo "$mods" | tr ',' ' '); do
    path=$(find_module "$module") || { log ERROR "module $module not found in addons path"; exit 3; }
    if [ "$action" = init ]; then
      grep -qx "$module" "$installed" || echo "$module" >> "$installed"
      log INFO "odoo.modules.loading: module $module: installed"
    else
      grep -qx "$module" "$installed" || { log ERROR "module $module is not installed; cannot update"; exit 4; }
      log INFO "odoo.modules.loading: module $module: updated"
    fi
    [ -n "$tests" ] && [ "$path" != builtin ] && run_tests "$path" "$module"
  done
done
if [ "$mode" = shell ]; then
  log INFO "odoo shell (stand-in): evaluating snippet from stdin"
  sed -n "s/^[[:space:]]*print(['\"]\(.*\)['\"])[[:space:]]*$/\1/p"
  exit 0
fi
log INFO "modules installed: $(tr '\n' ' ' < "$installed")"
if [ -n "$stop" ]; then log INFO "stopping after init (status $status)"; exit $status; fi
log INFO "HTTP service (werkzeug) running on 0.0.0.0:8069"
# PID 1 gets no default signal handlers: stop on TERM/INT explicitly, as Odoo does.
# The XML-RPC test image (gantry-odoo-rpc) puts a web process that speaks Odoo's external API here.
if [ -f /opt/gantry/serve.cjs ]; then exec node /opt/gantry/serve.cjs "$conf" "$db"; fi
httpd -f -v -p 8069 -h /var/www &
server=$!
trap 'log INFO "received signal, stopping"; kill $server; exit 0' TERM INT
wait $server
