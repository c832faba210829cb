#!/usr/bin/env bash
# Creates the secrets of a docker-compose deployment (README "Deployment"), never overwriting existing ones:
#   <env-file> (default .env): .env.example with every empty value replaced by a fresh random one
#   <key-dir> (default deploy/secrets): attestation.pem (PKCS#8 EC P-256 private key that signs promotions) and
#             attestation.pub.pem (for `promoflow audit verify --signatures --public-key ...`)
# Needs bash and openssl. Usage: deploy/make-env.sh [env-file] [key-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
env_file="${1:-$root/.env}"
key_dir="${2:-$root/deploy/secrets}"

if [[ -e "$env_file" ]]; then
  echo "$env_file exists: left as it is (delete it to make new secrets)" >&2
else
  umask 077
  while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" =~ ^([A-Z0-9_]+)=$ ]]; then
      name="${BASH_REMATCH[1]}"
      if [[ "$name" == PROMOFLOW_KAFKA_CLUSTER_ID ]]; then
        # a KRaft cluster id: 16 random bytes, URL-safe base64 without padding
        value="$(openssl rand 16 | openssl base64 -A | tr '+/' '-_' | tr -d '=')"
      else
        value="$(openssl rand -hex 24)"
      fi
      printf '%s=%s\n' "$name" "$value"
    else
      printf '%s\n' "$line"
    fi
  done < "$root/.env.example" > "$env_file"
  echo "wrote $env_file"
fi

mkdir -p "$key_dir"
if [[ -e "$key_dir/attestation.pem" ]]; then
  echo "$key_dir/attestation.pem exists: left as it is" >&2
else
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key_dir/attestation.pem.tmp"
  openssl pkey -in "$key_dir/attestation.pem.tmp" -pubout -out "$key_dir/attestation.pub.pem"
  # readable by the container's user (uid 1000, jib <user>), which is not necessarily this host user
  chmod 644 "$key_dir/attestation.pem.tmp" "$key_dir/attestation.pub.pem"
  mv "$key_dir/attestation.pem.tmp" "$key_dir/attestation.pem"
  echo "wrote $key_dir/attestation.pem and attestation.pub.pem"
fi
