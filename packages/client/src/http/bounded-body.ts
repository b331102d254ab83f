import { AirError } from '@aircounter/protocol';

/**
 * The whole body of `response`, refused with `PAYLOAD_TOO_LARGE` once it
 * passes `maxBytes`: a misbehaving server or proxy must not fill the page's
 * memory. The announced length is checked first, then the bytes as they come
 * (a chunked body announces none).
 */
export async function readBounded(
  response: Response,
  maxBytes: number,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AirError('PAYLOAD_TOO_LARGE', `${what}: more than ${maxBytes} bytes`);
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as JSON, within `maxBytes`; `MALFORMED_MESSAGE` when it is not JSON. */
export async function readJsonBounded(response: Response, maxBytes: number, what: string): Promise<unknown> {
  const text = new TextDecoder().decode(await readBounded(response, maxBytes, what));
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new AirError('MALFORMED_MESSAGE', `${what}: the response is not JSON`, { cause: error });
  }
}
