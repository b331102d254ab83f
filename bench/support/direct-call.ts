import type { Page } from 'playwright-core';

// The join's floor: the cheapest way two pages can get video from one to the
// other — two RTCPeerConnections connected directly over loopback, no server,
// offer and answer carried by the bench process. Timed from createOffer to the
// receiver's first decoded frame, found the way the client finds it (stats
// polled at the same period), so the two figures are measured alike.

interface FloorWindow {
  airFloorPc?: RTCPeerConnection;
  airFloorStream?: MediaStream;
  airFloorDecoded?: Promise<number>;
}

/** Waits (bounded) until the description carries the host candidates: no trickle, one message each way. */
async function gathered(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const pc = (window as FloorWindow).airFloorPc;
    if (!pc) throw new Error('no floor peer connection');
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    }
    return pc.localDescription?.sdp ?? '';
  });
}

/**
 * One direct call from `sender` to `receiver` (pages on an origin that may
 * use the camera); resolves with createOffer → first decoded frame, ms.
 */
export async function directCallMs(sender: Page, receiver: Page, pollMs: number): Promise<number> {
  // Not timed: the join's timeline starts with the camera open too, but its
  // floor is the connection, so the camera is opened before the clock starts.
  // The receiver opens it as well: with camera permission in use Chromium
  // exposes host addresses instead of mDNS names.
  for (const page of [sender, receiver]) {
    await page.evaluate(async () => {
      const floor = window as FloorWindow;
      floor.airFloorStream = await navigator.mediaDevices.getUserMedia({ video: true });
      floor.airFloorPc = new RTCPeerConnection();
    });
  }
  // Times are epoch ms (timeOrigin + now): comparable between the two browser processes.
  const startedAt = await sender.evaluate(async () => {
    const floor = window as FloorWindow;
    const pc = floor.airFloorPc;
    const stream = floor.airFloorStream;
    if (!pc || !stream) throw new Error('floor not set up');
    const started = performance.timeOrigin + performance.now();
    for (const track of stream.getVideoTracks()) pc.addTrack(track, stream);
    await pc.setLocalDescription(await pc.createOffer());
    return started;
  });
  const offer = await gathered(sender);
  await receiver.evaluate(
    async ({ sdp, pollMs }) => {
      const floor = window as FloorWindow;
      const pc = floor.airFloorPc;
      if (!pc) throw new Error('floor not set up');
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      floor.airFloorDecoded = (async () => {
        for (;;) {
          const report = await pc.getStats();
          let decoded = false;
          report.forEach((entry: { type?: string; kind?: string; framesDecoded?: number }) => {
            if (entry.type === 'inbound-rtp' && entry.kind === 'video' && (entry.framesDecoded ?? 0) > 0)
              decoded = true;
          });
          if (decoded) return performance.timeOrigin + performance.now();
          await new Promise((resolve) => setTimeout(resolve, pollMs));
        }
      })();
    },
    { sdp: offer, pollMs },
  );
  const answer = await gathered(receiver);
  await sender.evaluate(async (sdp) => {
    await (window as FloorWindow).airFloorPc?.setRemoteDescription({ type: 'answer', sdp });
  }, answer);
  const decodedAt = await receiver.evaluate(async () => {
    const decoded = (window as FloorWindow).airFloorDecoded;
    if (!decoded) throw new Error('floor not set up');
    return Promise.race([
      decoded,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no frame in 30 s')), 30_000)),
    ]);
  });
  for (const page of [sender, receiver]) {
    await page.evaluate(() => {
      const floor = window as FloorWindow;
      floor.airFloorPc?.close();
      for (const track of floor.airFloorStream?.getTracks() ?? []) track.stop();
    });
  }
  return decodedAt - startedAt;
}
