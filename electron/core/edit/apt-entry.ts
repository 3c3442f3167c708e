/** One apt source as apt reads it (a one-line entry or a deb822 stanza). */
export interface AptEntry {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  /** False for a commented-out one-line entry or a deb822 stanza with `Enabled: no`. */
  enabled: boolean;
  /** 1-based line of the entry (of the stanza's first field in deb822). */
  line: number;
}
