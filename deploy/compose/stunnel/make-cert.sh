#!/bin/sh
# A self-signed certificate for stunnel-server, made once into the shared volume.
set -eu
[ -f /certs/server.pem ] && exit 0
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=stunnel-server" \
  -addext "subjectAltName=DNS:stunnel-server" -keyout /certs/server.key -out /certs/server.pem
chmod 644 /certs/server.pem /certs/server.key
