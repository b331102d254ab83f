import * as tf from '@tensorflow/tfjs-core';

/**
 * dlib's face recognition ResNet (29 conv layers, 128-D output) rebuilt from
 * its weights with tfjs-core ops. The layer layout follows the weight names of
 * face-api's conversion (`conv32_down/conv/filters`, `…/scale/weights`, `fc`).
 * Input: aligned face chips, `[n, 150, 150, 3]` RGB in 0..255.
 */
export const CHIP_SIZE = 150;
const MEAN_RGB = [122.782, 117.001, 104.298] as const;

interface ConvLayer {
  readonly filters: tf.Tensor4D;
  readonly bias: tf.Tensor1D;
  readonly scale: tf.Tensor1D;
  readonly shift: tf.Tensor1D;
}
interface ResidualBlock {
  readonly conv1: ConvLayer;
  readonly conv2: ConvLayer;
}

const BLOCKS = [
  ['conv32_1', 'same'],
  ['conv32_2', 'same'],
  ['conv32_3', 'same'],
  ['conv64_down', 'down'],
  ['conv64_1', 'same'],
  ['conv64_2', 'same'],
  ['conv64_3', 'same'],
  ['conv128_down', 'down'],
  ['conv128_1', 'same'],
  ['conv128_2', 'same'],
  ['conv256_down', 'down'],
  ['conv256_1', 'same'],
  ['conv256_2', 'same'],
  ['conv256_down_out', 'down'],
] as const;

function take<R extends tf.Rank>(weights: tf.NamedTensorMap, name: string, rank: number): tf.Tensor<R> {
  const t = weights[name];
  if (!t || t.rank !== rank) throw new Error(`recognition weights: ${name} missing or not rank ${rank}`);
  return t as tf.Tensor<R>;
}

function convLayer(weights: tf.NamedTensorMap, prefix: string): ConvLayer {
  return {
    filters: take(weights, `${prefix}/conv/filters`, 4),
    bias: take(weights, `${prefix}/conv/bias`, 1),
    scale: take(weights, `${prefix}/scale/weights`, 1),
    shift: take(weights, `${prefix}/scale/biases`, 1),
  };
}

function applyConv(x: tf.Tensor4D, layer: ConvLayer, stride: 1 | 2, relu: boolean): tf.Tensor4D {
  const padding = stride === 2 ? 'valid' : 'same';
  const out = tf.add(
    tf.mul(tf.add(tf.conv2d(x, layer.filters, stride, padding), layer.bias), layer.scale),
    layer.shift,
  );
  return (relu ? tf.relu(out) : out) as tf.Tensor4D;
}

function residual(x: tf.Tensor4D, block: ResidualBlock): tf.Tensor4D {
  const out = applyConv(applyConv(x, block.conv1, 1, true), block.conv2, 1, false);
  return tf.relu(tf.add(out, x));
}

/** Down-sampling block: the shortcut is a 2×2 average pool, zero-padded to the new depth and size. */
function residualDown(x: tf.Tensor4D, block: ResidualBlock): tf.Tensor4D {
  let out = applyConv(applyConv(x, block.conv1, 2, true), block.conv2, 1, false);
  let shortcut = tf.avgPool(x, 2, 2, 'valid');
  if (shortcut.shape[1] !== out.shape[1] || shortcut.shape[2] !== out.shape[2]) {
    out = tf.pad(out, [
      [0, 0],
      [0, shortcut.shape[1] - out.shape[1]],
      [0, shortcut.shape[2] - out.shape[2]],
      [0, 0],
    ]);
  }
  const extraDepth = out.shape[3] - shortcut.shape[3];
  if (extraDepth > 0) {
    shortcut = tf.pad(shortcut, [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, extraDepth],
    ]);
  }
  return tf.relu(tf.add(out, shortcut));
}

export interface RecognitionNet {
  /** One 128-D descriptor per chip. */
  describe(chips: tf.Tensor4D): Promise<Float32Array[]>;
  dispose(): void;
}

export function createRecognitionNet(weights: tf.NamedTensorMap): RecognitionNet {
  const stem = convLayer(weights, 'conv32_down');
  const blocks = BLOCKS.map(([name, kind]) => ({
    kind,
    block: { conv1: convLayer(weights, `${name}/conv1`), conv2: convLayer(weights, `${name}/conv2`) },
  }));
  const fc = take<tf.Rank.R2>(weights, 'fc', 2);

  function forward(chips: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const mean = tf.tensor1d([...MEAN_RGB]);
      let x = tf.div(tf.sub(tf.cast(chips, 'float32'), mean), 255) as tf.Tensor4D;
      x = applyConv(x, stem, 2, true);
      x = tf.maxPool(x, 3, 2, 'valid');
      for (const { kind, block } of blocks) x = kind === 'down' ? residualDown(x, block) : residual(x, block);
      return tf.matMul(tf.mean(x, [1, 2]) as tf.Tensor2D, fc);
    });
  }

  return {
    async describe(chips: tf.Tensor4D): Promise<Float32Array[]> {
      const out = forward(chips);
      try {
        const data = await out.data();
        const n = out.shape[0];
        const dim = out.shape[1];
        return Array.from({ length: n }, (_, i) => Float32Array.from(data.subarray(i * dim, (i + 1) * dim)));
      } finally {
        out.dispose();
      }
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
}
