#!/bin/sh
# Installs what the Roundcube end-to-end test needs: Roundcube 1.6 with its SQLite driver, the Dovecot
# IMAP server and PHP's command-line server. Idempotent: when everything is present it does nothing.
#
# Nothing is configured system-wide: start.sh writes its own Dovecot and Roundcube configuration under
# a private directory, so the packaged defaults under /etc stay untouched.
set -eu

PACKAGES="roundcube-core roundcube-sqlite3 dovecot-imapd php8.2-cgi"

missing=
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then exec sudo "$0" "$@"; fi
  echo "install.sh: root is needed to install:$missing" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Roundcube's SQLite driver creates the database file and its schema on the first request, so
# dbconfig-common must not try to create a database (it would otherwise prompt for one).
echo 'roundcube-core roundcube/dbconfig-install boolean false' | debconf-set-selections

# Package scripts must not start the system Dovecot: the test runs its own instance on its own ports.
# Container images usually ship this policy file already; only a file made here is removed again.
made_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  made_policy=1
fi
trap '[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d' EXIT

# php8.2 depends on "libapache2-mod-php8.2 | php8.2-fpm | php8.2-cgi"; naming php8.2-cgi explicitly
# satisfies it without pulling in Apache. The lock timeout lets a concurrent apt run finish first.
apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends $missing
