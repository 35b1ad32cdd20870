#!/bin/sh
# Deploys DataPolicy with script/Deploy.s.sol, then records deployments/<chainId>.json.
# RPC_URL is required; DEPLOYER_PRIVATE_KEY, OWNER, ORCHESTRATOR (and optionally ATTESTATION_POLICY_HASH with
# ATTESTATION_POLICY_URI) configure it; on anvil (chain 31337) the first three default to anvil's first account.
set -eu
cd "$(dirname "$0")/.."
: "${RPC_URL:?set RPC_URL to the chain's JSON-RPC endpoint}"
bin/forge build
tsx scripts/gen.ts --check
bin/forge script script/Deploy.s.sol --rpc-url "$RPC_URL" --broadcast --slow
bin/forge script script/Deploy.s.sol --rpc-url "$RPC_URL" --sig 'record()'
