// The join benchmark's page: the headless client on a page that has already
// loaded and opened its camera and microphone (as a bank's page does after a
// device check), so a timed join measures the connection, not page start-up or
// the capture device. Bundled by bench/support/join-page/serve.ts.
import { createClient, type Session } from '@aircounter/client';

interface JoinBench {
  /** Opens camera and microphone (not timed). */
  openDevices(): Promise<void>;
  /** Joins with the opened devices; the client times the phases (User Timing, read by the bench). */
  join(serverUrl: string, sessionId: string, token: string): Promise<void>;
  leave(): Promise<void>;
}

declare global {
  interface Window {
    airJoinBench: JoinBench;
  }
}

let opened: MediaStream | undefined;
let session: Session | undefined;

window.airJoinBench = {
  async openDevices() {
    opened = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } },
      audio: true,
    });
  },
  async join(serverUrl, sessionId, token) {
    const stream = opened;
    if (!stream) throw new Error('devices not opened');
    const client = createClient({
      serverUrl,
      getToken: () => token,
      // The devices the page already holds: the join takes them as they are.
      mediaDevices: {
        getUserMedia: () => Promise.resolve(stream),
        enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
      },
    });
    session = await client.join({ sessionId });
  },
  async leave() {
    await session?.leave();
  },
};
