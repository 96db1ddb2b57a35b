/** Debian's Chromium, which the e2e tests and the benchmarks drive. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Switches every run needs here: no sandbox (root in CI), no GPU, and none of Chromium's own background traffic. */
export const BASE_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing but loopback resolves, should a request get past request routing.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
