declare module 'virtual:footnote-index' {
  /** The index compiled into this build: its hash, format version and packaged file name. */
  export const BUNDLED_INDEX: { hash: string; version: number; file: string };
}
