/** What the listing switch of a dataset says, for the action it would take now (delist a listed one, or list again). */
export type ListingAction = {
  /** The button that starts the action. */
  button: string
  /** The question asked before the transaction. */
  question: string
  /** The confirming button of that question. */
  confirm: string
  /** The transaction's label once sent ("✓ Delisted: confirmed in block …"); fixed at send time. */
  done: string
}

/** The listing action for a dataset that is `active` (listed) or not, named `name`. */
export function listingAction(active: boolean, name: string): ListingAction {
  return active
    ? {
        button: 'Delist',
        question: `Delist ${name}? Researchers can no longer request it. Jobs already granted continue and settle as agreed; you can list it again at any time.`,
        confirm: 'Yes, delist it',
        done: 'Delisted',
      }
    : {
        button: 'List again',
        question: `List ${name} again? Researchers can request it again under its current policy.`,
        confirm: 'Yes, list it',
        done: 'Listed again',
      }
}
