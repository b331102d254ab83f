import * as tf from '@tensorflow/tfjs-core';
import { readJson, type AssetSource } from './assets.ts';

interface WeightsGroup {
  readonly paths: readonly string[];
  readonly weights: readonly tf.io.WeightsManifestEntry[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asWeightsManifest(value: unknown, what: string): WeightsGroup[] {
  if (!Array.isArray(value)) throw new Error(`${what}: weights manifest is not an array`);
  return value.map((group: unknown) => {
    if (!isRecord(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw new Error(`${what}: malformed weights group`);
    }
    return {
      paths: group['paths'].map(String),
      weights: group['weights'] as tf.io.WeightsManifestEntry[],
    };
  });
}

async function readWeights(source: AssetSource, groups: readonly WeightsGroup[]): Promise<ArrayBuffer> {
  const parts = await Promise.all(groups.flatMap((g) => g.paths.map((p) => source.read(p))));
  return tf.io.concatenateArrayBuffers(parts);
}

/**
 * A tfjs IOHandler for a graph model (`model.json` + shards) read through an
 * {@link AssetSource}: the same loader serves the browser (HTTP) and Node (disk).
 */
export function graphModelHandler(source: AssetSource, entry: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = await readJson(source, entry);
      if (!isRecord(json) || !isRecord(json['modelTopology'])) throw new Error(`${entry}: not a tfjs graph model`);
      const groups = asWeightsManifest(json['weightsManifest'], entry);
      const artifacts: tf.io.ModelArtifacts = {
        modelTopology: json['modelTopology'],
        weightSpecs: groups.flatMap((g) => g.weights),
        weightData: await readWeights(source, groups),
      };
      if (typeof json['format'] === 'string') artifacts.format = json['format'];
      if (isRecord(json['signature'])) artifacts.signature = json['signature'];
      if (isRecord(json['userDefinedMetadata']))
        artifacts.userDefinedMetadata = json['userDefinedMetadata'] as Record<string, object>;
      return artifacts;
    },
  };
}

/** Loads a weights-only manifest (face-api format) into named tensors. */
export async function loadWeightMap(source: AssetSource, manifest: string): Promise<tf.NamedTensorMap> {
  const groups = asWeightsManifest(await readJson(source, manifest), manifest);
  const data = await readWeights(source, groups);
  return tf.io.decodeWeights(
    data,
    groups.flatMap((g) => g.weights),
  );
}
