import type { Page } from 'playwright-core';

export interface PulseSchedule {
  /** First flash and beep, ms after the page's media start. */
  readonly firstMs: number;
  readonly periodMs: number;
  readonly pulseMs: number;
}

/**
 * A camera and a microphone driven by one clock, for measuring lip sync
 * through a browser without the fake capture devices: before the page
 * loads, getUserMedia is wrapped so that the video track comes from a canvas
 * painted white while the page's AudioContext clock is inside a pulse (dark
 * with a moving square otherwise), and the audio track from a 1 kHz
 * oscillator whose gain is scheduled on that same clock. Picture and sound
 * therefore change at the same instants whatever the CPU load; only the
 * browser's capture, encoding and sending — and the server's recording —
 * stand between them. (Chromium's fake devices read a file's frames and
 * samples on two independent clocks: a starved capture thread shifts the
 * picture's content against the sound.)
 */
export async function useClockDrivenMedia(page: Page, schedule: PulseSchedule): Promise<void> {
  await page.addInitScript((pulses: PulseSchedule) => {
    const devices = navigator.mediaDevices;
    let sources: { video: MediaStreamTrack; audio: MediaStreamTrack } | undefined;
    const start = (): { video: MediaStreamTrack; audio: MediaStreamTrack } => {
      if (sources) return sources;
      const audioContext = new AudioContext();
      void audioContext.resume();
      const origin = audioContext.currentTime + 0.2;
      const inPulse = (seconds: number): boolean => {
        const ms = (seconds - origin) * 1000 - pulses.firstMs;
        return ms >= 0 && ms % pulses.periodMs < pulses.pulseMs;
      };
      // Sound: the oscillator runs throughout; its gain opens for each pulse, scheduled ahead on the audio clock.
      const oscillator = new OscillatorNode(audioContext, { frequency: 1000 });
      const gain = new GainNode(audioContext, { gain: 0 });
      const output = new MediaStreamAudioDestinationNode(audioContext);
      oscillator.connect(gain).connect(output);
      oscillator.start();
      for (let pulse = 0; pulse < 600; pulse += 1) {
        const at = origin + (pulses.firstMs + pulse * pulses.periodMs) / 1000;
        gain.gain.setValueAtTime(0.8, at);
        gain.gain.setValueAtTime(0, at + pulses.pulseMs / 1000);
      }
      // Picture: repainted every 5 ms from the same clock, so a flash starts within a few ms of its beep.
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context for the clock-driven camera');
      let frame = 0;
      setInterval(() => {
        const now = audioContext.currentTime;
        if (inPulse(now)) {
          context.fillStyle = '#ffffff';
          context.fillRect(0, 0, canvas.width, canvas.height);
        } else {
          context.fillStyle = '#282828';
          context.fillRect(0, 0, canvas.width, canvas.height);
          // Movement, so the encoder sends frames between the pulses too.
          context.fillStyle = '#707070';
          context.fillRect((frame * 7) % (canvas.width - 40), 220, 40, 40);
        }
        frame += 1;
      }, 5);
      const video = canvas.captureStream(30).getVideoTracks()[0];
      const audio = output.stream.getAudioTracks()[0];
      if (!video || !audio) throw new Error('the clock-driven media give no tracks');
      sources = { video, audio };
      return sources;
    };
    devices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
      const { video, audio } = start();
      const stream = new MediaStream();
      if (constraints?.video) stream.addTrack(video.clone());
      if (constraints?.audio) stream.addTrack(audio.clone());
      return stream;
    };
  }, schedule);
}
