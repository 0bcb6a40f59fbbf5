#!/usr/bin/env bash
# Starts a local cluster of sample-app nodes on 127.0.0.1 and shows their logs, prefixed by node.
# Ctrl-C stops every node gracefully (each leaves the cluster) and waits for them.
#   ./run-cluster.sh            three nodes
#   NODES=5 ./run-cluster.sh    five nodes
set -euo pipefail
cd "$(dirname "$0")"

NODES=${NODES:-3}
BASE_PORT=${BASE_PORT:-11790}
JAR=sample-app/target/sample-app.jar
# Passed through the environment, not the command line, so that ps does not show it.
export CLUSTER_KEY=${CLUSTER_KEY:-local-demo-passphrase-not-for-production}

echo "Building the sample application..."
./mvnw -B -q -DskipTests package -pl sample-app -am

seeds=""
for i in $(seq 1 "$NODES"); do
  seeds+="${seeds:+,}127.0.0.1:$((BASE_PORT + i))"
done

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping ${#pids[@]} nodes..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  echo "All nodes stopped."
}
trap stop INT TERM EXIT

for i in $(seq 1 "$NODES"); do
  # $! must be the JVM, not the log prefixer, so that stop() signals the node itself
  java -jar "$JAR" \
    --cluster.node-id="$i" \
    --cluster.bind-addr=127.0.0.1 \
    --cluster.bind-port=$((BASE_PORT + i)) \
    --cluster.seed-nodes="$seeds" \
    --sample.job-interval=5s \
    > >(sed -u "s/^/[node $i] /") 2>&1 &
  pids+=("$!")
done

echo "Started $NODES nodes (ports $((BASE_PORT + 1))-$((BASE_PORT + NODES))); press Ctrl-C to stop them."
wait "${pids[@]}" || true
