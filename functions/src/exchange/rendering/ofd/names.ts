/** Names our writer, signer and reader agree on inside the package. */
export const DOC_ROOT = 'Doc_0/Document.xml';
export const SIGNATURES_PATH = 'Doc_0/Signs/Signatures.xml';
/** DocInfo CustomData: the platform's id of the document. */
export const DOCUMENT_ID_DATA = 'govshare:documentId';
/** DocInfo CustomData, one per seal: "<page index> <x y w h mm> <unit name>", where the StampAnnot goes. */
export const SEAL_PLACE_DATA = 'govshare:seal';
