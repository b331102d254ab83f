// The thin glue between a joined session's journey and the journey elements
// on a demo page: it loads `session.journey`, keeps the views the pure
// mapping (journey-views.ts) builds, and performs the call each
// `air-journey-action` stands for. The elements stay free of network code.
import type { JourneyActionDetail, JourneyStepView, JourneyView, PrompterView } from '@aircounter/elements';
import type { Session } from '@aircounter/client';
import { codeOf } from './error-code.ts';
import type { JourneyText } from './journey-text.ts';
import {
  agentPrompterView,
  callForAction,
  customerJourneyView,
  gestureAnswer,
  identityCall,
  isFullyRecorded,
  journeyNotice,
  type JourneyCall,
  type JourneySnapshot,
} from './journey-views.ts';

/** What the binding uses of a joined session. */
export type JourneySession = Pick<Session, 'journey' | 'recording' | 'on'>;

export class JourneyBinding {
  readonly #session: JourneySession;
  readonly #onChange: () => void;
  readonly #unsubscribe: (() => void)[] = [];
  #hasJourney: boolean | undefined;
  #errorCode: string | undefined;
  #speechPlaying = false;
  #speechTimer: ReturnType<typeof setTimeout> | undefined;
  #submitting = false;
  /** Grows with each refused call, so the element gets a fresh view and offers its buttons again. */
  #refusals = 0;
  // One view object per input: the elements wait (buttons disabled) after a press until a *new* view arrives,
  // so a redraw for another reason must hand them the same object.
  #customerView: { key: string; view: JourneyView } | undefined;
  #prompterView: { key: string; view: PrompterView | undefined } | undefined;
  /** The customer's nod or shake check, open on its step until answered or the step changes. */
  #gesture: (NonNullable<JourneyStepView['gestureCheck']> & { readonly stepId: string }) | undefined;
  /** The customer view with that check, one object per (view, check) like the plain one. */
  #gestureView: { base: JourneyView; gesture: object; view: JourneyView } | undefined;

  constructor(session: JourneySession, onChange: () => void) {
    this.#session = session;
    this.#onChange = onChange;
    this.#unsubscribe.push(
      session.journey.on('changed', () => {
        this.#errorCode = undefined;
        onChange();
      }),
      // After a reconnect the state may have moved on without us.
      session.on('state', ({ state, previous }) => {
        if (state === 'connected' && previous === 'reconnecting') void this.load();
      }),
    );
  }

  /** Reads the journey; a session without one stays as it is (`hasJourney` false). */
  async load(): Promise<void> {
    this.#errorCode = undefined;
    try {
      await this.#session.journey.load();
      this.#hasJourney = true;
    } catch (error) {
      const code = codeOf(error);
      if (code === 'JOURNEY_NOT_FOUND') this.#hasJourney = false;
      else this.#errorCode = code;
    }
    this.#onChange();
  }

  /** Undefined until loaded; false in a session without a journey. */
  get hasJourney(): boolean | undefined {
    return this.#hasJourney;
  }

  get snapshot(): JourneySnapshot | undefined {
    const { definition, state } = this.#session.journey;
    return definition && state ? { definition, state } : undefined;
  }

  /** The typed error code of the last refused action (shown as the elements' `error.<CODE>` text). */
  get errorCode(): string | undefined {
    return this.#errorCode;
  }

  customerView(pageLanguage: string): JourneyView | undefined {
    const view = this.#plainCustomerView(pageLanguage);
    const gesture = this.#gesture;
    if (!view?.step || gesture === undefined) return view;
    // The check belongs to its step: once another step is open it is gone.
    if (view.step.stepId !== gesture.stepId) {
      this.#gesture = undefined;
      return view;
    }
    if (this.#gestureView?.base !== view || this.#gestureView.gesture !== gesture) {
      const { stepId: _stepId, ...gestureCheck } = gesture;
      this.#gestureView = { base: view, gesture, view: { ...view, step: { ...view.step, gestureCheck } } };
    }
    return this.#gestureView.view;
  }

  #plainCustomerView(pageLanguage: string): JourneyView | undefined {
    const snapshot = this.snapshot;
    if (!snapshot) return undefined;
    const key = [snapshot.state.revision, pageLanguage, this.#speechPlaying, this.#submitting, this.#refusals].join();
    if (this.#customerView?.key !== key) {
      const view = customerJourneyView(snapshot, {
        pageLanguage,
        speechPlaying: this.#speechPlaying,
        submitting: this.#submitting,
      });
      this.#customerView = { key, view };
    }
    return this.#customerView.view;
  }

  prompterView(pageLanguage: string, text: JourneyText): PrompterView | undefined {
    const snapshot = this.snapshot;
    if (!snapshot) return undefined;
    const recorded = this.recorded;
    const key = [snapshot.state.revision, pageLanguage, recorded, this.#refusals].join();
    if (this.#prompterView?.key !== key) {
      const view = agentPrompterView(snapshot, { pageLanguage, now: Date.now(), recorded, text });
      this.#prompterView = { key, view };
    }
    return this.#prompterView.view;
  }

  /** What the agent console says beside the prompter, as a `JourneyText` key. */
  notice(): ReturnType<typeof journeyNotice> {
    const snapshot = this.snapshot;
    return snapshot ? journeyNotice(snapshot, this.recorded) : undefined;
  }

  get recorded(): boolean {
    return isFullyRecorded(this.#session.recording.status);
  }

  /** An `air-journey-action` of `<air-journey>` or `<air-script-prompter>`. */
  async act(detail: JourneyActionDetail): Promise<void> {
    const snapshot = this.snapshot;
    await this.#run(snapshot ? callForAction(detail, snapshot) : undefined);
  }

  /** The customer's liveness check passed: completes the identity step if it is the open one. */
  async identityPassed(): Promise<void> {
    const snapshot = this.snapshot;
    await this.#run(snapshot ? identityCall(snapshot) : undefined);
  }

  async #run(call: JourneyCall | undefined): Promise<void> {
    if (!call) return;
    this.#errorCode = undefined;
    this.#submitting = call.method === 'submitQuestionnaire';
    this.#onChange();
    try {
      await this.#perform(call);
    } catch (error) {
      this.#errorCode = codeOf(error);
      this.#refusals += 1;
    } finally {
      this.#submitting = false;
      this.#onChange();
    }
  }

  async #perform(call: JourneyCall): Promise<void> {
    const journey = this.#session.journey;
    switch (call.method) {
      case 'start':
        await journey.start(call.stepId);
        return;
      case 'complete':
        await journey.complete(call.stepId, call.confirmation);
        return;
      case 'answer':
        await journey.answer(call.stepId, call.answerId, call.confirmation, call.verification);
        this.#gesture = undefined;
        return;
      case 'openGesture': {
        const snapshot = this.snapshot;
        const answerId = snapshot ? gestureAnswer(snapshot, call.stepId, call.gesture) : undefined;
        if (answerId === undefined) return;
        this.#gesture = {
          stepId: call.stepId,
          gesture: call.gesture,
          answerId,
          port: journey.gesturePort(call.stepId, call.gesture, answerId),
        };
        return;
      }
      case 'submitQuestionnaire':
        await journey.submitQuestionnaire(call.stepId, call.answers);
        return;
      case 'override':
        await journey.override(call.stepId, call.reason);
        return;
      case 'attest':
        await journey.attest(call.stepId, call.reason);
        return;
      case 'skip':
        await journey.skip(call.stepId, call.reason);
        return;
      case 'playAgain': {
        const { durationMs } = await journey.playAgain(call.stepId);
        this.#speaking(durationMs);
        return;
      }
      case 'declineConsent':
        await this.#session.recording.declineConsent({
          consentTextVersion: call.consentTextVersion,
          action: 'button:decline',
          locale: call.locale,
        });
        return;
    }
  }

  /** "Play again" is off while the speech plays (it resolves once playing starts). */
  #speaking(durationMs: number): void {
    clearTimeout(this.#speechTimer);
    this.#speechPlaying = true;
    this.#speechTimer = setTimeout(() => {
      this.#speechPlaying = false;
      this.#onChange();
    }, durationMs);
  }

  dispose(): void {
    clearTimeout(this.#speechTimer);
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
