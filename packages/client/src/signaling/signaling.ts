import type { MethodName, RequestData, ResponseData } from '@aircounter/protocol';

/** What media code needs from signaling: typed requests over whichever socket is current. */
export interface Signaling {
  request<M extends MethodName>(method: M, data: RequestData<M>): Promise<ResponseData<M>>;
}
