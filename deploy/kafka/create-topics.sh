#!/bin/sh
# Creates WidgetForge's topics with the partitions and clean-up policy of deploy/asyncapi.yaml
# (x-partitions, x-compacted); DeploymentFilesTest checks that the two agree. Idempotent.
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() { # name partitions cleanup.policy
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 --config "cleanup.policy=$3"
}

create price.ticks 6 delete
create price.bars 6 delete
create price.terminals 3 delete
create account.snapshots 6 compact
create auth.users 3 compact
create auth.sessions 3 delete
