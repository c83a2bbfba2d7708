#!/bin/sh
# The browser tests need Debian's Chromium. Install it when we can (root + apt), otherwise stop
# with one line that says what to install — never skip the tests silently.
set -e
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installerer chromium (trengs av nettlesertestene) …"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "make test: mangler /usr/bin/chromium — installer Debian-pakken «chromium» (sudo apt-get install chromium) og kjør igjen." >&2
exit 1
