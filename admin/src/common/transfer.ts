/**
 * Long transfers with progress, for the pages that upload a department file or download a ledger:
 * an upload through XMLHttpRequest (fetch reports no upload progress), a download read chunk by
 * chunk from fetch's body stream (the API streams it; its length is unknown up front), then saved
 * under the name the API gives in Content-Disposition.
 */
import { API_URL } from '../providers/http.ts';
import { getToken } from '../providers/session.ts';

export interface TransferAnswer {
  status: number;
  body: unknown;
}

/** POSTs `file` as `contentType` to `path` (under /api); `onProgress` gets the fraction sent. */
export function uploadFile(path: string, file: Blob, contentType: string, onProgress: (fraction: number) => void): Promise<TransferAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_URL}${path}`);
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('ra.notification.http_error'));
    xhr.send(file);
  });
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

export class DownloadError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`download failed with ${status}`);
  }
}

/**
 * GETs `path` (under /api) and saves it; `onProgress` gets the bytes received so far. `signal`
 * cancels it (the API stops reading the database when the connection closes).
 */
export async function downloadFile(path: string, fallbackName: string, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<{ bytes: number; fileName: string }> {
  const token = getToken();
  const res = await fetch(`${API_URL}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  if (!res.ok || !res.body) {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    throw new DownloadError(res.status, body);
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.byteLength;
    onProgress(bytes);
  }
  const fileName = fileNameOf(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { bytes, fileName };
}

/** 1234567 → "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
