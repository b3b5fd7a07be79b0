#!/bin/sh
# Starts a private Dovecot (IMAP, no TLS) and Roundcube 1.6 (PHP's built-in web server) on loopback
# for the end-to-end test, with all configuration and state under one directory.
#
#   RC_DIR=/tmp/x HTTP_PORT=8089 IMAP_PORT=14300 tests/e2e/roundcube/start.sh
#
# Prints "ready: http://127.0.0.1:PORT/" once both servers accept connections (at most ~10 s), and
# exits non-zero otherwise. stop.sh stops exactly the processes started here, by their pid files.
# Nothing under /etc is modified: Roundcube reads its configuration from ROUNDCUBE_CONFIG_DIR.
set -eu

RC_DIR=${RC_DIR:-/tmp/mailhint-roundcube}
HTTP_PORT=${HTTP_PORT:-8089}
IMAP_PORT=${IMAP_PORT:-14300}
RC_USER=${RC_USER:-tester@example.test}
RC_PASS=${RC_PASS:-secret}
HERE=$(cd "$(dirname "$0")" && pwd)

# A previous run in the same directory may have been killed before it could clean up.
RC_DIR="$RC_DIR" "$HERE/stop.sh"

# Fresh state on every start: user preferences live in the SQLite database (a leftover "compose in
# HTML" preference would change what the test sees) and the mailbox should start empty.
rm -rf "$RC_DIR/db" "$RC_DIR/mail" "$RC_DIR/temp" "$RC_DIR/run"
mkdir -p "$RC_DIR/run" "$RC_DIR/mail" "$RC_DIR/config" "$RC_DIR/temp" "$RC_DIR/logs" "$RC_DIR/db"
# Dovecot's mail processes run as nobody and must be able to reach the Maildir below this directory
# (temporary directories are created 0700).
chmod 755 "$RC_DIR"

# Dovecot: one user in a passwd file, a static userdb (Dovecot refuses root as the mail user, hence
# nobody), Maildir storage, IMAP on loopback only. Each setting sits on its own line: Dovecot rejects
# "mailbox X { special_use = ..." written on one line.
cat > "$RC_DIR/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $RC_DIR/run/dovecot
state_dir = $RC_DIR/run/dovecot-state
log_path = $RC_DIR/logs/dovecot.log
ssl = no
disable_plaintext_auth = no
mail_location = maildir:$RC_DIR/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN $RC_DIR/dovecot.users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$RC_DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
namespace inbox {
  inbox = yes
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = subscribe
  }
}
CONF
printf '%s:{PLAIN}%s::::::\n' "$RC_USER" "$RC_PASS" > "$RC_DIR/dovecot.users"
chown nobody:nogroup "$RC_DIR/mail"
# Dovecot daemonises (the master's pid is in run/dovecot/master.pid) but keeps the stderr it was
# started with: a caller reading this script's output through a pipe would wait for it forever.
dovecot -c "$RC_DIR/dovecot.conf" < /dev/null > "$RC_DIR/logs/dovecot-start.log" 2>&1 ||
  { cat "$RC_DIR/logs/dovecot-start.log" >&2; exit 1; }

# Roundcube: its own configuration directory; defaults.inc.php must be reachable beside our file.
ln -sf /etc/roundcube/defaults.inc.php "$RC_DIR/config/defaults.inc.php"
ln -sf /etc/roundcube/mimetypes.php "$RC_DIR/config/mimetypes.php"
cat > "$RC_DIR/config/config.inc.php" <<CONF
<?php
\$config = [];
\$config['db_dsnw'] = 'sqlite:///$RC_DIR/db/roundcube.db?mode=0600';
\$config['imap_host'] = '127.0.0.1:$IMAP_PORT';
\$config['smtp_host'] = '';                      // no SMTP: composing works, sending is not tested
\$config['des_key'] = 'mailhint-e2e-des-key-24c';
\$config['temp_dir'] = '$RC_DIR/temp';
\$config['log_dir'] = '$RC_DIR/logs';
\$config['skin'] = 'elastic';
\$config['plugins'] = [];
\$config['enable_spellcheck'] = false;
\$config['enable_installer'] = false;
\$config['language'] = 'en_US';
\$config['htmleditor'] = 0;                      // plain text first; the test switches to HTML itself
\$config['draft_autosave'] = 0;                  // no background draft saves while the test types
\$config['compose_save_localstorage'] = false;   // no "restore unsaved message?" dialog
CONF

# The server's output goes to a log file, so a caller that waits for this script's output (the test
# runner) is not held open by it. It stays in the caller's process group: an interrupted test run
# takes it down too.
ROUNDCUBE_CONFIG_DIR="$RC_DIR/config" php -S "127.0.0.1:$HTTP_PORT" -t /var/lib/roundcube/public_html \
  > "$RC_DIR/logs/php-server.log" 2>&1 < /dev/null &
echo $! > "$RC_DIR/run/php.pid"

# Ready means: Dovecot's port accepts connections, and the PHP server started here is alive and
# answers HTTP on its port. A port picked free by the caller can be taken by another process before
# PHP binds it (PHP then exits); a bare "port open" check would see the other process.
port_open() { php -r '$s = @fsockopen("127.0.0.1", '"$1"', $e, $m, 0.5); exit($s ? 0 : 1);'; }
answers_http() {
  php -r '$s = @fsockopen("127.0.0.1", '"$1"', $e, $m, 0.5); if (!$s) exit(1);
    stream_set_timeout($s, 2); fwrite($s, "HEAD / HTTP/1.0\r\n\r\n");
    exit(strncmp((string) fgets($s), "HTTP/1.", 7) === 0 ? 0 : 1);'
}
i=0
while [ $i -lt 50 ]; do
  if ! kill -0 "$(cat "$RC_DIR/run/php.pid")" 2>/dev/null; then
    echo "start.sh: the PHP server exited (port $HTTP_PORT taken?); logs in $RC_DIR/logs" >&2
    break
  fi
  if port_open "$IMAP_PORT" && answers_http "$HTTP_PORT"; then
    echo "ready: http://127.0.0.1:$HTTP_PORT/ user=$RC_USER"
    exit 0
  fi
  i=$((i + 1))
  sleep 0.2
done
[ $i -lt 50 ] || echo "start.sh: Dovecot or Roundcube did not come up; logs in $RC_DIR/logs" >&2
RC_DIR="$RC_DIR" "$HERE/stop.sh"
exit 1
