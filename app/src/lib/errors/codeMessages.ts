/**
 * Sentences for the stable error codes the app and its libraries raise (wallet, network, storage, formats).
 * Codes without an entry fall back to the error's own short message.
 */
export const codeMessages: Record<string, string> = {
  USER_REJECTED: 'You declined the request in your wallet.',
  WRONG_CHAIN: 'Your wallet is on another network. Switch to the network this app is configured for.',
  INSUFFICIENT_FUNDS: 'Your account does not have enough funds for this transaction and its gas.',
  RPC_UNREACHABLE: 'The chain node did not answer. Check your connection and try again.',
  WALLET_NOT_CONNECTED: 'Connect a wallet first.',
  CANCELLED: 'Cancelled.',
  CONFIG_UNREACHABLE: 'The network configuration (config.json) could not be loaded from this site.',
  CONFIG_INVALID: 'The network configuration (config.json) of this site is invalid.',
  INDEXER_UNREACHABLE: 'The indexer did not answer; lists may be incomplete. Chain data is still shown.',
  INDEXER_INVALID: 'The indexer answered with data the app does not understand.',
  PROVIDER_UNREACHABLE: 'The provider node did not answer.',
  PROVIDER_INVALID: 'The provider node answered with data the app does not accept.',
  PROVIDER_BAD_RESPONSE: 'The provider node answered with data the app does not accept.',
  PROVIDER_JOB_NOT_FOUND: 'The provider node does not know this job (it may have restarted).',
  MANIFEST_JSONL_INVALID: 'The file is not valid JSONL: every line must be one JSON object.',
  RELEASE_KEY_UNAVAILABLE:
    'The orchestrator’s release key could not be read, so the dataset key cannot be sealed.',
  RELEASE_KEY_NOT_ATTESTED:
    'The release key did not verify in your browser, so nothing was sealed, uploaded or registered.',
  PUBLISH_RELEASE_KEY_MISMATCH:
    'The orchestrator serves another release key than the one attested on chain, so nothing was sealed.',
  PUBLISH_ROOT_MISMATCH: 'The storage node stored the dataset under another root; nothing was registered.',
  PUBLISH_DATASET_CLAIMED:
    'Another account claimed this exact encrypted file before your commitment, so it keeps the dataset. Your key stays safe (it is sealed to you); to publish, encrypt again (a fresh key gives a new root) and upload.',
  PUBLISH_ALREADY_REGISTERED: 'You have already registered this dataset.',
  PUBLISH_COMMIT_TIMEOUT:
    'The chain produced no block after your commitment in time, so the dataset was not registered yet. Publish again to register.',
  PUBLISH_ACCOUNT_CHANGED:
    'Your wallet switched accounts while publishing. The key is sealed to the account you started with: switch back to it and publish again.',
  STORAGE_ROOT_MISMATCH: 'Downloaded bytes do not match their root: the storage node served something else.',
  EIP712_BAD_SIGNATURE: 'A signed record is not signed by the job’s enclave key.',
  EIP712_RECEIPT_CHAIN_BROKEN: 'The training receipts do not form one unbroken chain for this job.',
}
