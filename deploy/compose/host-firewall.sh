#!/usr/bin/env bash
# Run once on the Docker host (as root): containers on the egress network may reach the internet
# (Discord, OpenAI) but never the host's private networks. The seed's iptables rules, generalised.
set -euo pipefail
subnet=$(docker network inspect --format '{{(index .IPAM.Config 0).Subnet}}' "${1:-cortex_egress}")
for private in 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 169.254.0.0/16; do
  iptables -C DOCKER-USER -s "$subnet" -d "$private" -j DROP 2>/dev/null ||
    iptables -I DOCKER-USER -s "$subnet" -d "$private" -j DROP
done
echo "egress from $subnet to private ranges is dropped"
