#!/bin/sh
# A self-signed certificate for stunnel-server, made once into the shared volumes: the private key
# (mode 0600, in the volume only stunnel-server mounts) and the certificate the client verifies.
# CERTS is /certs in the containers (a test points it elsewhere).
set -eu
umask 077
certs=${CERTS:-/certs}
[ -f "$certs/cert/server.pem" ] && [ -f "$certs/key/server.key" ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=stunnel-server" \
  -addext "subjectAltName=DNS:stunnel-server" -keyout "$certs/key/server.key" -out "$certs/cert/server.pem" 2>/dev/null
chmod 0600 "$certs/key/server.key"
# a certificate is public: the client only reads it
chmod 0644 "$certs/cert/server.pem"
