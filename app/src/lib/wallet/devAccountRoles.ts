/**
 * The dev accounts the app offers on the local devnet, by the role the devnet gives them, with what each does
 * and where. Kept apart from the keys (devAccounts.ts) so the landing page can name them without loading
 * the mnemonic code.
 */
export const devAccountRoles = [
  {
    index: 1,
    role: 'dataset owner',
    does: 'publishes datasets, sets their terms and earns a royalty per epoch trained',
    start: { href: '#/publish', label: 'Publish' },
  },
  {
    index: 2,
    role: 'researcher',
    does: 'requests access, escrows the price, follows the job and downloads the trained adapter',
    start: { href: '#/', label: 'Marketplace' },
  },
  {
    index: 3,
    role: 'provider operator',
    does: 'runs the attested training node and is paid per epoch it trains',
    start: { href: '#/provider', label: 'Provider' },
  },
] as const

/** Id of the wagmi connector of dev account `index` (see devWalletConnector). */
export const devWalletId = (index: number) => `dev-wallet-${index}`
