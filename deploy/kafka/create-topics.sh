#!/bin/sh
# Creates WidgetForge's topics with the partitions and clean-up policy of deploy/asyncapi.yaml
# (x-partitions, x-compacted); DeploymentFilesTest checks that the two agree. Idempotent.
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() { # name partitions cleanup.policy
  # Compacted topics roll a segment every 10 minutes: compaction never touches the open segment,
  # and a starting consumer replays what is left (about the latest record per key).
  extra=""
  if [ "$3" = compact ]; then
    extra="--config segment.ms=600000 --config min.cleanable.dirty.ratio=0.1"
  fi
  # shellcheck disable=SC2086
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 --config "cleanup.policy=$3" $extra
}

create price.ticks 6 delete
create price.bars 6 delete
create price.latest 3 compact
create price.terminals 3 compact
create account.snapshots 6 compact
create auth.users 3 compact
create auth.sessions 3 delete
create audit.records 3 delete
