#!/bin/sh
# The package's tests: build, generated files up to date, every forge suite (the `ci` profile when CI=true:
# 10,000 fuzz runs, invariant depth 64), both gas snapshots checked, then the TypeScript tests against anvil.
set -eu
cd "$(dirname "$0")/.."
if [ "${CI:-}" = "true" ]; then export FOUNDRY_PROFILE=ci; fi
bin/forge fmt --check src script test
bin/forge build
tsx scripts/gen.ts --check
# FORGE_SNAPSHOT_CHECK makes vm.snapshotGas* fail on a change instead of rewriting snapshots/.
FORGE_SNAPSHOT_CHECK=true bin/forge test
bin/forge snapshot --check --match-contract DataPolicyGasTest
vitest run
