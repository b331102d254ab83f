import { joined, type Handler } from '../context.ts';

/** Agent: attests that an attempt was signed in view (亲见签名); the server then signs the PDF. */
export const attestSignature: Handler<'attestSignature'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.signing.attest(room, peer, data);
};
