import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { zgRoot } from '@licen/sdk'
import { bytesToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CliIo } from './io.js'
import { runCli } from './runCli.js'

const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
const OTHER = `0x${'ff'.repeat(32)}`
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-cli-'))
  const plaintext = new Uint8Array(3 * 1024 * 1024 + 77).map((_, i) => (i * 31) % 256)
  await writeFile(join(dir, 'data.jsonl'), plaintext)
  await writeFile(join(dir, 'rows.jsonl'), '{"text":"a"}\n{"foo":1}\n')
  await writeFile(join(dir, 'unknown.jsonl'), '{"foo":1,"bar":"x"}\n'.repeat(50))
  await writeFile(join(dir, 'empty.jsonl'), '')
  await writeFile(
    join(dir, 'mixed.jsonl'),
    [
      '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Yo"}]}',
      '{"instruction":"Add.","output":"4"}',
      '',
      '{"prompt":"a","completion":"b"}',
      '{"text":"PATIENT-RECORD-7731"',
      '[1]',
      '{"text":""}',
      '{"foo":1}',
      '{"foo":2}',
      '{"foo":3}',
    ].join('\n'),
  )
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function cli(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    cwd: dir,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr, json: stdout.startsWith('{') ? JSON.parse(stdout) : undefined }
}

describe('licen CLI', () => {
  test('default: encrypt, root and decrypt round-trip with relative paths', async () => {
    const encrypted = await cli(
      'encrypt',
      '--json',
      '--key',
      KEY,
      '--chunk-size-log2',
      '16',
      'data.jsonl',
      'data.lcn1',
    )
    expect(encrypted.code).toBe(0)
    expect(encrypted.json).toMatchObject({
      ok: true,
      in: 'data.jsonl',
      out: 'data.lcn1',
      plaintextSize: 3 * 1024 * 1024 + 77,
      ciphertextSize: 16 + 3 * 1024 * 1024 + 77 + 49 * 16,
      chunkSize: 65_536,
    })
    const ciphertext = await readFile(join(dir, 'data.lcn1'))
    expect(ciphertext.length).toBe(encrypted.json.ciphertextSize)

    const root = await cli('root', '--json', 'data.lcn1')
    expect(root.json).toEqual({
      ok: true,
      file: 'data.lcn1',
      size: ciphertext.length,
      root: (await zgRoot(new Uint8Array(ciphertext), { workers: 0 })).root,
    })

    const decrypted = await cli(
      'decrypt',
      '--key',
      `0x${KEY}`,
      '--size',
      String(3 * 1024 * 1024 + 77),
      'data.lcn1',
      'out.jsonl',
    )
    expect(decrypted).toMatchObject({ code: 0, stderr: '' })
    expect(decrypted.stdout).toBe(
      'decrypted data.lcn1 → out.jsonl (3145805 bytes, every chunk authenticated)\n',
    )
    expect(bytesToHex(await readFile(join(dir, 'out.jsonl')))).toBe(
      bytesToHex(await readFile(join(dir, 'data.jsonl'))),
    )
  })

  test('error: wrong key leaves no output behind', async () => {
    await cli('encrypt', '--key', KEY, 'data.jsonl', 'wrong.lcn1')
    const result = await cli('decrypt', '--json', '--key', OTHER, 'wrong.lcn1', 'wrong.jsonl')
    expect(result.code).toBe(1)
    expect(result.json).toEqual({
      ok: false,
      error: {
        code: 'LCN1_WRONG_KEY',
        message: 'LCN1 stream does not decrypt under this key.',
        details: 'the first chunk authenticates under no position; the key is wrong or the header was edited',
      },
    })
    expect((await readdir(dir)).filter((name) => name.includes('wrong.jsonl'))).toEqual([])
  })

  test('error: truncated file without and with --size', async () => {
    await cli('encrypt', '--key', KEY, 'data.jsonl', 'cut.lcn1')
    const ciphertext = await readFile(join(dir, 'cut.lcn1'))
    await writeFile(join(dir, 'cut.lcn1'), ciphertext.subarray(0, 16 + 2 * (1024 * 1024 + 16)))
    const noSize = await cli('decrypt', '--json', '--key', KEY, 'cut.lcn1', 'cut.jsonl')
    expect(noSize.json.error.code).toBe('LCN1_TRUNCATED')
    const withSize = await cli(
      'decrypt',
      '--json',
      '--key',
      KEY,
      '--size',
      '3145805',
      'cut.lcn1',
      'cut.jsonl',
    )
    expect(withSize.json.error.code).toBe('LCN1_TRUNCATED')
    expect((await readdir(dir)).filter((name) => name.includes('cut.jsonl'))).toEqual([])
  })

  test('error: a wrong --size is CLI_SIZE_MISMATCH, a wrong key with --size stays LCN1_WRONG_KEY (#17 item 6)', async () => {
    await writeFile(join(dir, 'small.jsonl'), new Uint8Array(100).fill(7))
    await cli('encrypt', '--key', KEY, 'small.jsonl', 'small.lcn1')
    await cli('encrypt', '--key', KEY, 'data.jsonl', 'big.lcn1')
    const cases: [string, string, string, string][] = [
      [
        'small.lcn1',
        KEY,
        '50',
        'expected 50 bytes, the file authenticates as 100 bytes (LCN1_WRONG_KEY under --size)',
      ],
      [
        'small.lcn1',
        KEY,
        '200',
        'expected 200 bytes, the file authenticates as 100 bytes (LCN1_TRUNCATED under --size)',
      ],
      [
        'big.lcn1',
        KEY,
        '3145804',
        'expected 3145804 bytes, the file authenticates as 3145805 bytes (LCN1_CHUNK_AUTH_FAILED under --size)',
      ],
    ]
    for (const [file, key, size, details] of cases) {
      const result = await cli('decrypt', '--json', '--key', key, '--size', size, file, 'sized.jsonl')
      expect(result.code).toBe(1)
      expect(result.json).toEqual({
        ok: false,
        error: {
          code: 'CLI_SIZE_MISMATCH',
          message: `--size ${size} is not the size of this file's plaintext.`,
          details,
        },
      })
    }
    for (const size of ['100', '50']) {
      const wrongKey = await cli(
        'decrypt',
        '--json',
        '--key',
        OTHER,
        '--size',
        size,
        'small.lcn1',
        'sized.jsonl',
      )
      expect(wrongKey.code).toBe(1)
      expect(wrongKey.json.error.code).toBe('LCN1_WRONG_KEY')
    }
    expect((await readdir(dir)).filter((name) => name.includes('sized.jsonl'))).toEqual([])
    const right = await cli('decrypt', '--json', '--key', KEY, '--size', '100', 'small.lcn1', 'sized.jsonl')
    expect(right.json).toMatchObject({ ok: true, plaintextSize: 100 })
  })

  test('error: existing output needs --force', async () => {
    await writeFile(join(dir, 'taken.lcn1'), 'keep me')
    const refused = await cli('encrypt', '--key', KEY, 'data.jsonl', 'taken.lcn1')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(
      `licen encrypt: CLI_OUTPUT_UNWRITABLE: The output file exists; pass --force to replace it. (${join(dir, 'taken.lcn1')})\n`,
    )
    expect(await readFile(join(dir, 'taken.lcn1'), 'utf8')).toBe('keep me')
    expect((await cli('encrypt', '--force', '--key', KEY, 'data.jsonl', 'taken.lcn1')).code).toBe(0)
    expect((await readFile(join(dir, 'taken.lcn1'))).subarray(0, 4).toString()).toBe('LCN1')
  })

  test('args: --key-file', async () => {
    await writeFile(join(dir, 'key.hex'), `${KEY}\n`, { mode: 0o600 })
    expect((await cli('encrypt', '--key-file', 'key.hex', 'data.jsonl', 'kf.lcn1')).code).toBe(0)
    expect((await cli('decrypt', '--key', KEY, 'kf.lcn1', 'kf.jsonl')).code).toBe(0)
  })

  test.each([
    [
      ['encrypt', 'data.jsonl', 'x.lcn1'],
      2,
      'CLI_USAGE',
      'Give the key with exactly one of --key <hex> or --key-file <path>.',
    ],
    [
      ['encrypt', '--key', 'abc', 'data.jsonl', 'x.lcn1'],
      2,
      'CLI_USAGE',
      'The key must be 32 bytes of hex (64 hex digits, optional 0x).',
    ],
    [
      ['encrypt', '--key', KEY, '--chunk-size-log2', '30', 'data.jsonl', 'x.lcn1'],
      1,
      'LCN1_INVALID_ARGUMENT',
      'Chunk size is out of range.',
    ],
    [
      ['encrypt', '--key', KEY, 'missing.jsonl', 'x.lcn1'],
      1,
      'CLI_INPUT_UNREADABLE',
      'Cannot read the input file.',
    ],
    [['decrypt', '--key', KEY, '--size=-1', 'a', 'b'], 2, 'CLI_USAGE', '--size must be a byte count.'],
    [['root'], 2, 'CLI_USAGE', 'root takes exactly one file.'],
    [['root', '--bogus', 'a'], 2, 'CLI_USAGE', expect.stringMatching(/^Unknown option '--bogus'/)],
    [['publish'], 2, 'CLI_USAGE', 'publish takes exactly one JSONL file.'],
    [['publish', 'data.jsonl'], 2, 'CLI_USAGE', 'publish needs --name <name>.'],
    [
      ['publish', 'data.jsonl', '--name', 'x', '--royalty', '1e3'],
      2,
      'CLI_USAGE',
      '--royalty is ETH per epoch, e.g. 0.001.',
    ],
    [
      ['publish', 'data.jsonl', '--name', 'x', '--max-epochs', '70000'],
      2,
      'CLI_USAGE',
      '--max-epochs must be an integer in 0..65535.',
    ],
    [['publish', 'data.jsonl', '--name', 'x', '--purposes', 'fun'], 2, 'CLI_USAGE', 'Unknown purpose "fun".'],
    [
      ['publish', 'rows.jsonl', '--name', 'x'],
      2,
      'CLI_USAGE',
      'Say which chain: --network <name>, --config <config.json>, or --rpc and --contract/--deployment.',
    ],
    [['inspect'], 2, 'CLI_USAGE', 'inspect takes exactly one JSONL file.'],
    [['inspect', 'rows.jsonl', '--lines', '1001'], 2, 'CLI_USAGE', '--lines must be an integer in 0..1000.'],
    [['inspect', 'missing.jsonl'], 1, 'CLI_INPUT_UNREADABLE', 'Cannot read the input file.'],
    [['request', '0x12'], 2, 'CLI_USAGE', 'request takes one dataset root (0x + 64 hex digits).'],
    [['request', `0x${'ab'.repeat(32)}`, '--epochs', '3'], 2, 'CLI_USAGE', 'request needs --provider <id>.'],
    [['request', `0x${'ab'.repeat(32)}`, '--provider', '1'], 2, 'CLI_USAGE', 'request needs --epochs <n>.'],
    [['status'], 2, 'CLI_USAGE', 'status takes one numeric job id.'],
    [['status', '1', '--timeout', 'soon'], 2, 'CLI_USAGE', '--timeout is seconds.'],
    [['download', '1'], 2, 'CLI_USAGE', 'download needs --out <dir>.'],
    [
      ['status', '1', '--rpc', 'http://127.0.0.1:9', '--contract', `0x${'11'.repeat(20)}`],
      1,
      'CLI_INPUT_UNREADABLE',
      'The RPC node did not answer.',
    ],
    [
      ['status', '1', '--rpc', 'ws://x', '--contract', `0x${'11'.repeat(20)}`],
      2,
      'CLI_USAGE',
      '--rpc must be an http(s) URL.',
    ],
    [['bogus'], 2, 'CLI_USAGE', 'Unknown command "bogus".'],
  ])('error: %j', async (argv, exitCode, code, message) => {
    const result = await cli(...argv, '--json')
    expect(result.code).toBe(exitCode)
    expect(result.json.error).toMatchObject({ code, message })
  })

  test('default: inspect counts trainable rows per format and untrainable ones by reason, never content', async () => {
    const result = await cli('inspect', 'mixed.jsonl', '--json', '--lines', '2')
    expect(result.code).toBe(0)
    expect(result.json).toEqual({
      ok: true,
      file: 'mixed.jsonl',
      bytes: 226,
      rows: 9,
      trainable: 3,
      formats: { messages: 1, instruction_output: 1, prompt_completion: 1, text: 0 },
      untrainable: {
        INVALID_JSON: { count: 1, lines: [5] },
        NOT_AN_OBJECT: { count: 1, lines: [6] },
        UNKNOWN_SHAPE: { count: 3, lines: [8, 9] },
        EMPTY_TARGET: { count: 1, lines: [7] },
      },
      tokens: { tokenizer: 'bytes', total: 23, learned: 7, maxPerRow: 10 },
      summary:
        '3 of 9 rows can be trained on; the other 6 (1 not JSON, 1 not a JSON object, 3 in no accepted shape, 1 with empty text to learn) will be skipped.',
    })
    expect(result.stdout).not.toContain('PATIENT')
    const human = await cli('inspect', 'mixed.jsonl', '--lines', '2')
    expect(human.code).toBe(0)
    expect(human.stdout).toBe(
      [
        'mixed.jsonl: 9 rows, 3 trainable',
        '  formats: messages 1, instruction/output 1, prompt/completion 1',
        '  tokens (byte tokenizer): 23 in all, 7 learned, longest row 10',
        '  untrainable:',
        '    INVALID_JSON 1: not JSON (line 5)',
        '    NOT_AN_OBJECT 1: not a JSON object (line 6)',
        '    UNKNOWN_SHAPE 3: in no accepted shape (lines 8, 9, …)',
        '    EMPTY_TARGET 1: with empty text to learn (line 7)',
        '3 of 9 rows can be trained on; the other 6 (1 not JSON, 1 not a JSON object, 3 in no accepted shape, 1 with empty text to learn) will be skipped.',
        '',
      ].join('\n'),
    )
  })

  test('behavior: inspect exits 3 on a file without a trainable row, with one sentence (empty file, binary)', async () => {
    const unknown = await cli('inspect', 'unknown.jsonl')
    expect(unknown.code).toBe(3)
    expect(unknown.stdout).toBe(
      [
        'unknown.jsonl: 50 rows, 0 trainable',
        '  untrainable:',
        '    UNKNOWN_SHAPE 50: in no accepted shape (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)',
        'None of the 50 rows can be trained on (50 in no accepted shape); each row must be one of {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
        '',
      ].join('\n'),
    )
    const empty = await cli('inspect', 'empty.jsonl')
    expect(empty.code).toBe(3)
    expect(empty.stdout).toBe(
      'empty.jsonl: 0 rows, 0 trainable\nThe file has no rows: it is empty or holds only blank lines.\n',
    )
    const binary = await cli('inspect', 'data.jsonl', '--json')
    expect(binary.code).toBe(3)
    expect(binary.json).toMatchObject({ ok: true, rows: 12_289, trainable: 0 })
    expect((await cli('inspect', 'data.jsonl')).stdout).toBe(
      'data.jsonl: 12,289 lines, 0 trainable\nThe file is not JSONL: none of its 12,289 lines is JSON.\n',
    )
  })

  test('error: publish refuses a file without a trainable row before any chain, key or upload', async () => {
    // No network is named: the refusal comes first, so nothing else was touched.
    const result = await cli('publish', 'unknown.jsonl', '--name', 'x', '--json')
    expect(result.code).toBe(1)
    expect(result.json.error).toEqual({
      code: 'DATASET_NOT_TRAINABLE',
      message: 'No row of the file can be trained on.',
      details:
        'None of the 50 rows can be trained on (50 in no accepted shape); each row must be one of {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
    })
    const empty = await cli('publish', 'empty.jsonl', '--name', 'x')
    expect(empty.stderr).toBe(
      'licen publish: DATASET_NOT_TRAINABLE: No row of the file can be trained on. (The file has no rows: it is empty or holds only blank lines.)\n',
    )
  })

  test('behavior: help and version', async () => {
    const help = await cli('--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('  encrypt       Encrypt a file into the LCN1 stream format\n')
    expect(help.stdout).toContain(
      '  publish       Encrypt, upload and register a JSONL dataset (key sealed to the attested release key)\n',
    )
    expect(help.stdout).toContain(
      '  release-key   Show the current release key and verify its attestation (exit 1 when it does not verify); register, retire, revoke (owner)\n',
    )
    expect((await cli('decrypt', '--help')).stdout).toBe(
      'Decrypt an LCN1 file; nothing is written unless all of it authenticates\n\nUsage: licen decrypt (--key <hex> | --key-file <path>) [--size <plaintext bytes>] [--force] [--json] <in> <out>\n',
    )
    expect((await cli()).code).toBe(2)
    expect((await cli('--version', '--json')).json).toEqual({ version: '0.1.0' })
  })

  test('behavior: `pnpm licen` runs from the repository root with paths relative to the caller', async () => {
    const repoRoot = resolve(import.meta.dirname, '../..')
    const { stdout } = await promisify(execFile)(
      'pnpm',
      ['-s', 'licen', 'root', '--json', relative(repoRoot, join(dir, 'data.jsonl'))],
      {
        cwd: repoRoot,
        env: { ...process.env, INIT_CWD: repoRoot },
      },
    )
    const plaintext = await readFile(join(dir, 'data.jsonl'))
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      root: (await zgRoot(new Uint8Array(plaintext), { workers: 0 })).root,
    })
  })
})
