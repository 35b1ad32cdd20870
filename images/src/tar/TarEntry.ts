/** Where a regular file's bytes come from: in memory, or a file on disk read while the tar is written. */
export type TarFileSource = Uint8Array | { readonly file: string }

type Common = {
  /** Path inside the archive, relative, `/`-separated, without `./` or a trailing slash. */
  readonly path: string
  /** Permission bits (`0o755`, `0o1777`, …); the writer keeps them as given. */
  readonly mode: number
  readonly uid: number
  readonly gid: number
}

/** One entry of a tar archive as the deterministic writer takes it (no mtime: the writer sets one for all). */
export type TarEntry =
  | (Common & { readonly type: 'directory' })
  | (Common & { readonly type: 'file'; readonly size: number; readonly source: TarFileSource })
  | (Common & { readonly type: 'symlink'; readonly target: string })
