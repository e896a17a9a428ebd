/** The OFD (GB/T 33190-2016) writer, its GB/T 38540 seal signature, and the reader that verifies it. */
export { type ReadOfd, readOfd } from './read.ts';
export { type OfdMeta, renderOfd } from './render.ts';
export {
  type OfdSignatureCheck,
  type OfdSigner,
  type OfdVerification,
  type PublicKeyOf,
  publicKeyDer,
  sealKeySigner,
  signOfd,
  verifyOfd,
} from './sign.ts';
