#!/usr/bin/env bash
# Starts a local cluster of sample-app nodes on 127.0.0.1 and shows their logs, prefixed by node,
# and every few seconds each node's view of the cluster: members and their states, role leaders,
# and the role jobs the node runs. Each node also serves a live page of the cluster.
# Ctrl-C stops every node gracefully (each leaves the cluster) and waits for them.
#   ./run-cluster.sh            three nodes
#   NODES=5 ./run-cluster.sh    five nodes
#   ./run-cluster.sh --cluster.roles.acme.renew=1,2   further arguments go to every node
set -euo pipefail
cd "$(dirname "$0")"

NODES=${NODES:-3}
BASE_PORT=${BASE_PORT:-11790}            # UDP gossip: node i binds BASE_PORT + i
HTTP_BASE_PORT=${HTTP_BASE_PORT:-8080}   # live page and API: node i listens on HTTP_BASE_PORT + i
VIEW_INTERVAL=${VIEW_INTERVAL:-5}        # seconds between two prints of the nodes' views
JAR=sample-app/target/sample-app.jar
# Passed through the environment, not the command line, so that ps does not show it.
export CLUSTER_KEY=${CLUSTER_KEY:-local-demo-passphrase-not-for-production}

echo "Building the sample application (the first build downloads Maven and the dependencies)..."
./mvnw -B -q -DskipTests package -pl sample-app -am

seeds=""
for i in $(seq 1 "$NODES"); do
  seeds+="${seeds:+,}127.0.0.1:$((BASE_PORT + i))"
done

# One line from a node's /api/cluster/summary, with bash's /dev/tcp: no HTTP client needed.
summary() {
  local reply
  reply=$( { exec 3<>"/dev/tcp/127.0.0.1/$1" &&
             printf 'GET /api/cluster/summary HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
             timeout 2 cat <&3; } 2>/dev/null ) || return 1
  [[ $reply == "HTTP/1."?" 200"* ]] || return 1
  printf '%s' "${reply#*$'\r\n\r\n'}"
}

show_views() {
  while sleep "$VIEW_INTERVAL"; do
    local block="---- the cluster as each node sees it, $(date +%H:%M:%S) ----"
    for i in $(seq 1 "$NODES"); do
      block+=$'\n'"$(summary $((HTTP_BASE_PORT + i)) || echo "node $i | no answer (starting or stopped)")"
    done
    printf '%s\n' "$block"
  done
}

pids=()
viewer=""
stop() {
  trap - INT TERM EXIT
  echo "Stopping ${#pids[@]} nodes..."
  [ -n "$viewer" ] && kill -TERM "$viewer" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  wait 2>/dev/null || true   # the log prefixers and the viewer
  echo "All nodes stopped."
}
trap stop INT TERM EXIT

for i in $(seq 1 "$NODES"); do
  # $! must be the JVM, not the log prefixer, so that stop() signals the node itself; the prefixer
  # ignores Ctrl-C so that it still prints the node's last lines while it leaves the cluster
  java -jar "$JAR" \
    --cluster.node-id="$i" \
    --cluster.bind-addr=127.0.0.1 \
    --cluster.bind-port=$((BASE_PORT + i)) \
    --cluster.seed-nodes="$seeds" \
    --server.address=127.0.0.1 \
    --server.port=$((HTTP_BASE_PORT + i)) \
    --sample.job-interval=5s \
    "$@" \
    > >(trap '' INT; exec sed -u "s/^/[node $i] /") 2>&1 &
  pids+=("$!")
done

show_views &
viewer=$!

echo "Started $NODES nodes (UDP ports $((BASE_PORT + 1))-$((BASE_PORT + NODES))); press Ctrl-C to stop them."
for i in $(seq 1 "$NODES"); do
  echo "  live page of node $i: http://127.0.0.1:$((HTTP_BASE_PORT + i))/"
done
wait "${pids[@]}" || true
