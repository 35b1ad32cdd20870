import { readFileSync } from 'node:fs'
import { hexToBytes } from '@noble/hashes/utils'

/** Reads a test fixture file as bytes. */
export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url)))
}

/** Reads a test fixture file as JSON. */
export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8')) as T
}

/** Reads a file of the package (policies, schema) as text. */
export function packageText(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')
}

/** The real Intel-signed TDX sample and the time its collateral is valid at. */
export const intelSample = {
  quote: () => fixtureBytes('tdx/sample_tdx_quote'),
  collateral: () => fixtureJson<Record<string, string>>('tdx/sample_tdx_quote_collateral.json'),
  /** max(tcb_info.issueDate, qe_identity.issueDate) + 1 h. */
  now: 1_750_332_747,
  mrtd: '91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7',
  rtmr0: '44c0197b39157fdd7a4dcc44767f9d6b0bb3977c7a8e347b8492f827fe9d9e5c48aca29b220b80b6a540cf994b9bc9c0',
  rtmr1: '0084452c01668329d4bc06acdf58a7205c26743304509973949e5619bf81a6a7aea8c323c173019b3093d54e579e9378',
  rtmr2: 'd833feef2cd945148aa38ead2c53e9b7f138190aaaebfc551dccd829fc207aa3ba80b70870d7330733642e01d48c3132',
  reportData:
    '9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20',
}

/** The real dstack GetQuote response. */
export const dstackSample = {
  report: () =>
    fixtureJson<{ quote: string; event_log: string; vm_config: string }>('dstack/quote-report.json'),
  quote: () => hexToBytes(dstackSample.report().quote),
  rtmr3: '0f787c3877f3e95095d5a4d13dd0fe0233803b30120d8469866719dc28f519ce021fe1e53459121e7a5a4443147185a8',
  composeHash: '3763bc34552cf3a27ff71ad5f7a90471562a1a2df552dfc1998cba2d60da27e7',
  appId: '3763bc34552cf3a27ff71ad5f7a90471562a1a2d',
  instanceId: 'c3714eb66990eace777b4e664c16e09375dec4c9',
}
