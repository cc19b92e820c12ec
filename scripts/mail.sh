#!/usr/bin/env bash
# Source it: mail_start starts a private mail system on loopback from Debian's packages: postfix
# (authenticated submission with STARTTLS, and a plain inbound listener) delivering into dovecot
# (IMAP with STARTTLS, LMTP). Nothing leaves the machine: only the .test domains below are
# delivered, every other domain is bounced locally. It exports
#   MAIL_SUBMISSION_PORT  submission (587-like): SMTP AUTH over STARTTLS
#   MAIL_SMTP_PORT        inbound SMTP without auth, for the test domains (mail "from outside")
#   MAIL_IMAP_PORT        IMAP with STARTTLS
#   MAIL_CA               the test authority that signed both servers' certificate (a test
#                         trusts it by file)
#   MAIL_DIR              the instance's folder (logs, maildirs: DIR/mail/DOMAIN/USER/Maildir)
# Every address at ledgerly.test and acme.test exists and signs in with the password `secret`
# (so each test uses addresses of its own); at strict.test only known@ exists (others: 550 5.1.1
# at RCPT); bounce.test is accepted and then bounced (a DSN, 5.1.1), slow.test deferred (4.4.1).
# mail_stop stops both and removes the folder. Setup measured in ../shared/TOOLCHAIN.md.
MAIL_DIR=""

mail_free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

mail_start() {
  command -v /usr/sbin/postfix >/dev/null && command -v /usr/sbin/dovecot >/dev/null || {
    echo "postfix and dovecot are needed: apt-get install -y postfix dovecot-imapd dovecot-lmtpd" >&2
    return 1
  }
  # Short (unix socket paths are limited to 107 bytes) and reachable by postfix and dovecot.
  MAIL_DIR=$(mktemp -d /tmp/ccm.XXXXXX)
  chmod 755 "$MAIL_DIR"
  local d="$MAIL_DIR"
  mkdir -p "$d/conf" "$d/queue" "$d/data" "$d/run" "$d/state" "$d/mail"
  chown mail:mail "$d/mail"
  chown postfix:postfix "$d/data"
  MAIL_SUBMISSION_PORT=$(mail_free_port)
  MAIL_SMTP_PORT=$(mail_free_port)
  MAIL_IMAP_PORT=$(mail_free_port)
  export MAIL_DIR MAIL_SUBMISSION_PORT MAIL_SMTP_PORT MAIL_IMAP_PORT MAIL_CA="$d/ca.pem"
  # A throwaway authority and the servers' certificate it signs (a self-signed leaf is not a
  # trust anchor rustls accepts): a test trusts ca.pem, as a founder's machine trusts the web's.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ColdCopy test CA" \
    -keyout "$d/ca-key.pem" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$d/key.pem" -out "$d/cert.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/cert.ext"
  openssl x509 -req -in "$d/cert.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial \
    -days 2 -extfile "$d/cert.ext" -out "$d/cert.pem" 2>/dev/null
  chmod 644 "$d/key.pem" "$d/cert.pem" "$d/ca.pem"

  cat >"$d/dovecot.conf" <<CONF
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $d/run/dovecot
state_dir = $d/state
log_path = $d/dovecot.log
ssl = yes
ssl_cert = <$d/cert.pem
ssl_key = <$d/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
first_valid_uid = 8
mail_uid = mail
mail_gid = mail
mail_location = maildir:$d/mail/%d/%n/Maildir
mail_max_userip_connections = 1000
passdb {
  driver = static
  args = password=secret nodelay=yes
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$d/mail/%d/%n allow_all_users=yes
}
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $MAIL_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  unix_listener $d/run/lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener $d/run/auth {
    mode = 0666
  }
}
# No waiting after a wrong password (the tests try wrong passwords on purpose).
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
CONF
  /usr/sbin/dovecot -c "$d/dovecot.conf" || { cat "$d/dovecot.log" >&2; return 1; }

  cat >"$d/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
mail_owner = postfix
myhostname = mail.ledgerly.test
mydomain = ledgerly.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
maillog_file = $d/postfix.log
maillog_file_prefixes = $d
virtual_mailbox_domains = ledgerly.test acme.test strict.test
virtual_mailbox_maps = regexp:$d/conf/mailboxes
virtual_transport = lmtp:unix:$d/run/lmtp
transport_maps = texthash:$d/conf/transport
default_transport = error:5.1.2 nothing leaves this test machine
smtpd_reject_unlisted_recipient = no
smtpd_restriction_classes = local_only
local_only = reject_unlisted_recipient
smtpd_recipient_restrictions = check_recipient_access texthash:$d/conf/local_domains, permit_sasl_authenticated, permit_mynetworks, reject
smtpd_tls_cert_file = $d/cert.pem
smtpd_tls_key_file = $d/key.pem
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = $d/run/auth
smtpd_sasl_auth_enable = no
bounce_queue_lifetime = 0
maximal_queue_lifetime = 1h
delay_warning_time = 0
smtputf8_enable = no
smtpd_error_sleep_time = 0
CONF
  printf '/@(ledgerly|acme)\\.test$/ OK\n/^known@strict\\.test$/ OK\n' >"$d/conf/mailboxes"
  printf 'bounce.test error:5.1.1 the mailbox does not exist\nslow.test retry:4.4.1 try again later\n' >"$d/conf/transport"
  printf 'ledgerly.test local_only\nacme.test local_only\nstrict.test local_only\n' >"$d/conf/local_domains"
  cat >"$d/conf/master.cf" <<CONF
127.0.0.1:$MAIL_SMTP_PORT inet n - n - - smtpd
127.0.0.1:$MAIL_SUBMISSION_PORT inet n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o { smtpd_recipient_restrictions = check_recipient_access texthash:$d/conf/local_domains, permit_sasl_authenticated, reject }
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
lmtp      unix - - n - - lmtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CONF
  # Postfix re-reads files younger than ~2 s at start-up for a while: backdated, it starts at once.
  touch -d '-1 min' "$d/conf/"*
  /usr/sbin/postfix -c "$d/conf" start 2>"$d/postfix-start.log" || { cat "$d/postfix-start.log" "$d/postfix.log" >&2; return 1; }
  local port
  for port in "$MAIL_SUBMISSION_PORT" "$MAIL_SMTP_PORT" "$MAIL_IMAP_PORT"; do
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  done
}

mail_stop() {
  [ -n "$MAIL_DIR" ] && [ -d "$MAIL_DIR" ] || return 0
  /usr/sbin/postfix -c "$MAIL_DIR/conf" stop >/dev/null 2>&1 || true
  # Each daemon by the PID it wrote, once it is sure to be that daemon (postfix leaves its PID
  # file behind); then wait until both are gone.
  local pid pids=""
  pid=$(cat "$MAIL_DIR/run/dovecot/master.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/dovecot ]; then
    kill "$pid" 2>/dev/null && pids="$pids $pid"
  fi
  pid=$(tr -d ' ' <"$MAIL_DIR/queue/pid/master.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/lib/postfix/sbin/master ]; then
    kill "$pid" 2>/dev/null && pids="$pids $pid"
  fi
  for pid in $pids; do
    for _ in $(seq 1 100); do [ -e "/proc/$pid" ] || break; sleep 0.05; done
  done
  rm -rf "$MAIL_DIR"
  MAIL_DIR=""
}
