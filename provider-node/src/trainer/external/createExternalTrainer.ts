import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { splitLines } from '../../dataset/splitLines.js'
import { toEpochResult } from '../epochResult.js'
import { parseTrainParameters } from '../parseTrainParameters.js'
import { createStopper } from '../stopper.js'
import type { AdapterFiles, EpochResult, Trainer, TrainParameters, TrainResult } from '../Trainer.js'
import { TrainerError } from '../TrainerError.js'
import {
  buildExternalConfig,
  MAX_PROTOCOL_LINE_BYTES,
  type TrainerEvent,
  trainerEventSchema,
} from './protocol.js'
import { readEpochAdapter } from './readEpochAdapter.js'
import { writeExamplesFile } from './writeExamplesFile.js'

/** Options of an external-process trainer. */
export type ExternalTrainerOptions = {
  /** Name the trainer reports (default `external`). */
  name?: string | undefined
  /** Executable, e.g. an absolute path to python3. */
  command: string
  /** Arguments placed before the executor argv, e.g. the script path. */
  args?: readonly string[] | undefined
  /**
   * Directory under which each run gets a private folder (0700) for the plaintext dataset, config and adapters;
   * removed when the run ends. Use a tmpfs in production.
   */
  workDir: string
  /** The child's whole environment (nothing is inherited); HF_HUB_OFFLINE and TRANSFORMERS_OFFLINE are added. */
  env?: Readonly<Record<string, string>> | undefined
  /** Tokenizer the trainer uses: the base model's own (`hf`, default) or the embedded byte template (`bytes`). */
  tokenizer?: 'hf' | 'bytes' | undefined
  /** Time between SIGTERM and SIGKILL when stopping the process (default 10 s). */
  killGraceMs?: number | undefined
  /** Largest adapter_model.safetensors accepted per epoch (default 2 GiB). */
  maxAdapterBytes?: number | undefined
  /** Receives the child's stderr (its free-form log). Discarded by default: it may quote training data. */
  onStderr?: ((text: string) => void) | undefined
}

/**
 * Creates a trainer that runs an external program (e.g. `python/licen_train.py`, PyTorch + PEFT on a GPU) with the
 * 0G executor argv `--data_path --model_path --config_path --output_dir` and follows its JSON-lines progress on
 * stdout (protocol `licen-trainer/1`, see python/PROTOCOL.md). Output that breaks the protocol kills the process.
 */
export function createExternalTrainer(options: ExternalTrainerOptions): Trainer {
  const name = options.name ?? 'external'
  return { name, train: (parameters) => trainExternal(name, options, parameters) }
}

async function trainExternal(
  name: string,
  options: ExternalTrainerOptions,
  parameters: TrainParameters,
): Promise<TrainResult> {
  const started = performance.now()
  const { epochs, timeBudgetMs, hyperparameters } = parseTrainParameters(parameters)
  if ('weights' in parameters.baseModel) {
    throw new TrainerError('The external trainer needs a base model directory.', {
      code: 'TRAINER_INVALID_PARAMETERS',
      details: parameters.baseModel.id,
    })
  }
  const baseModelPath = parameters.baseModel.path
  const stopper = createStopper(parameters.signal, timeBudgetMs)
  const epochResults: EpochResult[] = []
  let adapter: AdapterFiles | undefined
  let examples = 0
  let trainableParameters = 0
  const result = (stopReason: TrainResult['stopReason']): TrainResult => ({
    stopReason,
    epochsRequested: epochs,
    epochs: epochResults,
    adapter,
    examples,
    trainableParameters,
    trainer: name,
    seconds: (performance.now() - started) / 1000,
  })

  const runDir = await mkdtemp(join(options.workDir, 'licen-train-'))
  try {
    const dataPath = join(runDir, 'dataset.jsonl')
    const configPath = join(runDir, 'config.json')
    const outputDir = join(runDir, 'output')
    const early = stopper.reason()
    if (early) return result(early)
    const writing = writeExamplesFile(dataPath, parameters.examples, () => stopper.reason() !== undefined)
    // When the stopper wins, the writer is left to notice on its own (the stream may stall); its file is in runDir.
    writing.catch(() => undefined)
    const written = await Promise.race([writing, stopper.stopped])
    if (typeof written !== 'number') return result(stopper.reason() ?? 'aborted')
    examples = written
    if (examples === 0)
      throw new TrainerError('The example stream held no example.', { code: 'TRAINER_NO_EXAMPLES' })
    const config = buildExternalConfig(hyperparameters, epochs, timeBudgetMs, options.tokenizer ?? 'hf')
    await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    await mkdir(outputDir, { mode: 0o700 })
    const killGraceMs = options.killGraceMs ?? 10_000

    const child = spawn(
      options.command,
      [
        ...(options.args ?? []),
        '--data_path',
        dataPath,
        '--model_path',
        baseModelPath,
        '--config_path',
        configPath,
        '--output_dir',
        outputDir,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...options.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
        detached: true,
      },
    )
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
      (resolve) => {
        child.once('error', (error) => resolve({ code: null, signal: null, error }))
        child.once('close', (code, signal) => resolve({ code, signal }))
      },
    )
    // Descendants that outlive the process (and may hold its stdout open) are killed after the grace period.
    let orphans: ReturnType<typeof setTimeout> | undefined
    child.once('exit', () => {
      orphans = setTimeout(() => signalGroup(child, 'SIGKILL'), killGraceMs)
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (text: string) => options.onStderr?.(text))

    let failure: unknown
    let done: Extract<TrainerEvent, { event: 'done' }> | undefined
    let lastStep = 0
    let lingering: ReturnType<typeof setTimeout> | undefined
    let stopped: 'aborted' | 'time_budget' | undefined
    const stop = (reason: 'aborted' | 'time_budget' | undefined, error?: unknown) => {
      // Once `done` arrived, only an error can still change the outcome.
      if (stopped || failure || (done && reason)) return
      stopped = reason
      failure = error
      terminate(child, killGraceMs, exited)
    }
    void stopper.stopped.then((reason) => stop(reason))

    const protocolError = (line: number, details: string) =>
      new TrainerError('The external trainer broke the progress protocol.', {
        code: 'TRAINER_PROTOCOL_ERROR',
        details: `stdout line ${line}: ${details}`,
      })

    const handle = async (line: number, event: TrainerEvent) => {
      const expectedEpoch = epochResults.length + 1
      switch (event.event) {
        case 'start':
          if (line !== 1) throw protocolError(line, 'start is not the first event')
          if (event.examples !== examples)
            throw protocolError(line, `start reports ${event.examples} examples`)
          trainableParameters = event.trainable_params
          parameters.onProgress?.({ type: 'start', examples, trainableParameters, device: event.device })
          return
        case 'step':
          if (event.epoch !== expectedEpoch || event.step <= lastStep || event.step > event.total_steps) {
            throw protocolError(line, `step ${event.step} of epoch ${event.epoch} is out of order`)
          }
          lastStep = event.step
          parameters.onProgress?.({
            type: 'step',
            epoch: event.epoch,
            step: event.step,
            totalSteps: event.total_steps,
            loss: event.loss,
            tokensPerSecond: event.tokens_per_second,
          })
          return
        case 'epoch': {
          if (
            event.epoch !== expectedEpoch ||
            event.epoch > epochs ||
            event.adapter_dir !== `epoch-${event.epoch}`
          ) {
            throw protocolError(line, `epoch ${event.epoch} is out of order`)
          }
          if (event.samples > examples) throw protocolError(line, `epoch reports ${event.samples} samples`)
          const epochDir = join(outputDir, event.adapter_dir)
          const files = await readEpochAdapter(epochDir, hyperparameters, options.maxAdapterBytes ?? 2 ** 31)
          await rm(epochDir, { recursive: true, force: true })
          const epochResult = await toEpochResult({
            epoch: event.epoch,
            samples: event.samples,
            meanLoss: event.loss,
            tokens: event.tokens,
            seconds: event.seconds,
            adapter: files.safetensors,
          })
          epochResults.push(epochResult)
          adapter = files
          parameters.onProgress?.({ type: 'epoch', result: epochResult })
          return
        }
        case 'done':
          if (
            event.epochs_completed !== epochResults.length ||
            (event.stop_reason === 'completed') !== (event.epochs_completed === epochs)
          ) {
            throw protocolError(line, `done reports ${event.epochs_completed} epochs (${event.stop_reason})`)
          }
          done = event
          // A trainer that lingers after `done` is stopped; its result stands.
          lingering = setTimeout(() => terminate(child, killGraceMs, exited), killGraceMs)
          return
        case 'error':
          throw new TrainerError('The external trainer failed.', {
            code: 'TRAINER_PROCESS_FAILED',
            details: `process reported ${event.code}`,
          })
      }
    }

    try {
      for await (const entry of splitLines(child.stdout!, { maxLineBytes: MAX_PROTOCOL_LINE_BYTES })) {
        if (stopped || failure) continue
        try {
          if (done) throw protocolError(entry.line, 'output after done')
          if (entry.tooLong) throw protocolError(entry.line, `longer than ${MAX_PROTOCOL_LINE_BYTES} bytes`)
          let json: unknown
          try {
            json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry.bytes))
          } catch {
            throw protocolError(entry.line, 'not a JSON line')
          }
          const event = trainerEventSchema.safeParse(json)
          if (!event.success) throw protocolError(entry.line, 'not a protocol event')
          await handle(entry.line, event.data)
          const reason = stopper.reason()
          if (reason) stop(reason)
          // An epoch that cannot finish within the budget is not waited for.
          else if (event.data.event === 'epoch' && event.data.epoch < epochs) {
            if (stopper.remainingMs() < event.data.seconds * 1000) stop('time_budget')
          }
        } catch (error) {
          stop(undefined, error)
        }
      }
    } catch (error) {
      stop(undefined, error)
    }
    const exit = await exited
    clearTimeout(lingering)
    clearTimeout(orphans)
    if (failure) throw failure
    if (stopped) return result(stopped)
    if (done && exit.signal !== null) return result(done.stop_reason)
    if (exit.error) {
      throw new TrainerError('The external trainer could not start.', {
        code: 'TRAINER_PROCESS_FAILED',
        details: options.command,
        cause: exit.error,
      })
    }
    if (exit.code !== 0) {
      throw new TrainerError('The external trainer exited with an error.', {
        code: 'TRAINER_PROCESS_FAILED',
        details: exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`,
      })
    }
    if (!done) {
      throw new TrainerError('The external trainer broke the progress protocol.', {
        code: 'TRAINER_PROTOCOL_ERROR',
        details: 'exited without a done event',
      })
    }
    return result(done.stop_reason)
  } finally {
    stopper.dispose()
    await rm(runDir, { recursive: true, force: true, maxRetries: 3 })
  }
}

/** Sends SIGTERM to the child's process group, then SIGKILL if it is still running after the grace period. */
function terminate(child: ChildProcess, graceMs: number, exited: Promise<unknown>): void {
  if (child.exitCode !== null || child.signalCode !== null) return
  signalGroup(child, 'SIGTERM')
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  void exited.then(() => clearTimeout(timer))
}

/** Signals every process of the child's group (it was spawned detached, as a group leader). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // The group is gone.
  }
}
