#!/bin/sh
# Runs once, when the official postgres image initialises an empty data directory (docker-entrypoint-initdb.d):
# lets the streaming replica of the `scale` profile connect for replication with the same password as the app.
# (The image's pg_hba.conf admits `all` databases from the network, but replication connections need their own line.)
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
