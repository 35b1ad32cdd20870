import * as tf from '@tensorflow/tfjs'
import { TrainerError } from '../TrainerError.js'
import type { Batch } from './batches.js'
import type { TinyLlama } from './tinyLlama.js'

/** tfjs optimizers read their learning rate from this field on every step (it is protected in the typings). */
type TunableOptimizer = tf.Optimizer & { learningRate: number }

/** Creates the Adam optimizer the embedded trainer uses (β1 0.9, β2 0.999). */
export function createAdam(): TunableOptimizer {
  return tf.train.adam(1e-3, 0.9, 0.999) as unknown as TunableOptimizer
}

/**
 * One optimizer step on a batch: loss, gradients of the trainable variables, global-norm clipping, Adam update at
 * `learningRate`. Returns the batch loss; a NaN or infinite loss throws TRAINER_NON_FINITE_LOSS before any update.
 */
export function trainStep(
  model: TinyLlama,
  optimizer: TunableOptimizer,
  variables: tf.Variable[],
  batch: Batch,
  learningRate: number,
  maxGradNorm: number,
): number {
  optimizer.learningRate = learningRate
  return tf.tidy(() => {
    const ids = tf.tensor2d(batch.ids, [batch.rows, batch.length], 'int32')
    const targets = tf.tensor1d(batch.targets, 'int32')
    const weights = tf.tensor1d(batch.weights, 'float32')
    const { value, grads } = tf.variableGrads(() => model.loss(ids, targets, weights), variables)
    const loss = value.dataSync()[0]!
    if (!Number.isFinite(loss)) {
      throw new TrainerError('Training diverged.', {
        code: 'TRAINER_NON_FINITE_LOSS',
        details: `loss ${loss}`,
      })
    }
    let scale = 1
    if (maxGradNorm > 0) {
      const squared = tf.addN(Object.values(grads).map((grad) => tf.sum(tf.square(grad))))
      const norm = Math.sqrt(squared.dataSync()[0]!)
      if (norm > maxGradNorm) scale = maxGradNorm / norm
    }
    const clipped: tf.NamedTensorMap = {}
    for (const [name, grad] of Object.entries(grads)) clipped[name] = scale === 1 ? grad : tf.mul(grad, scale)
    optimizer.applyGradients(clipped)
    return loss
  })
}
