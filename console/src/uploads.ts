import { zh } from './strings.ts';

/**
 * A file to the presigned URL the API handed out, with the bytes sent as they go: fetch cannot
 * report an upload's progress, XMLHttpRequest can. The URL is the object store's (locally the
 * gateway passes it on: packages/local/src/object-pass-through.ts).
 */
export function putFile(url: string, file: File, contentType: string, onProgress: (sent: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(zh.upload.putFailed(xhr.status)));
    xhr.onerror = () => reject(new Error(zh.upload.networkFailed));
    xhr.send(file);
  });
}

/** The SHA-256 of a file in lower-case hex, as the API wants it declared before the upload. */
export async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
