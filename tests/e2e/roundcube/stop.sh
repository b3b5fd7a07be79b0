#!/bin/sh
# Stops the Dovecot and PHP servers that start.sh started for RC_DIR (by their pid files only) and
# waits up to ~5 s each for them to exit: Dovecot refuses to start again while its old master lives.
RC_DIR=${RC_DIR:-/tmp/mailhint-roundcube}
for f in "$RC_DIR/run/php.pid" "$RC_DIR/run/dovecot/master.pid"; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill "$pid" 2>/dev/null; then
    i=0
    while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do i=$((i + 1)); sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$f"
done
exit 0
