/**
 * A lean ListObjectsV2: the request signed and sent by us, the answer read by a small scanner that
 * takes only what a listing needs (Key, Size, LastModified, CommonPrefixes, IsTruncated,
 * NextContinuationToken). The SDK's deserializer builds a full object tree of every page and costs
 * about 10 µs of client CPU per key, which made listing a large bucket CPU-bound; this costs well
 * under 1 µs per key. Retries, deadlines and error texts stay S3Bucket's (it calls in here once per
 * attempt); the endpoint, signing region and credentials are the SDK client's own, so the reader
 * goes wherever the client would.
 */
import type http from 'node:http';
import {
  malformedAnswer,
  sendLean,
  xmlElement,
  xmlText as xmlTextOf,
  type LeanAgents,
  type LeanTarget
} from './s3-lean.js';

/** An object as a listing names it. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ListPageRequest {
  prefix: string;
  delimiter?: string;
  continuationToken?: string;
  /** Only keys after this one (ignored by S3 when a continuation token is given). */
  startAfter?: string;
  /** 1 to 1000; the server's default (1000) when absent. */
  maxKeys?: number;
}

/** One page of a ListObjectsV2 answer. */
export interface ListPage {
  objects: ObjectInfo[];
  prefixes: string[];
  isTruncated: boolean;
  nextContinuationToken: string | undefined;
}

/** A ListObjectsV2 answer we cannot read; retryable, since a cut-off body looks like this. */
function malformed(what: string): Error {
  return malformedAnswer('ListObjectsV2', what);
}

const xmlText = (raw: string): string => xmlTextOf(raw, 'ListObjectsV2');
const element = (xml: string, open: string, close: string, from: number, to: number): string | undefined =>
  xmlElement(xml, open, close, from, to, 'ListObjectsV2');

/** Decodes `encoding-type=url` values (S3 writes a space as `+`). */
function urlDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/**
 * Reads a ListBucketResult document. Only the elements a listing needs are looked at; element
 * names are unique enough in this document (`<Key>` and `<Size>` occur only in Contents, `<Prefix>`
 * is read only inside CommonPrefixes) that a scan for them is exact.
 */
export function parseListPage(xml: string): ListPage {
  if (!xml.trimEnd().endsWith('</ListBucketResult>')) {
    throw malformed(`expected a ListBucketResult document, got ${JSON.stringify(xml.slice(0, 80))}`);
  }
  const whole = xml.length;
  const encoding = element(xml, '<EncodingType>', '</EncodingType>', 0, whole);
  const decode = encoding?.trim() === 'url' ? (s: string) => urlDecode(xmlText(s)) : xmlText;
  const objects: ObjectInfo[] = [];
  // Neighbouring objects often share a LastModified (S3's has whole seconds): parse each text once.
  let lastTime: string | undefined;
  let lastMs = 0;
  for (let pos = xml.indexOf('<Contents>'); pos >= 0; pos = xml.indexOf('<Contents>', pos)) {
    const end = xml.indexOf('</Contents>', pos);
    if (end < 0) throw malformed('<Contents> without </Contents>');
    const key = element(xml, '<Key>', '</Key>', pos, end);
    if (key !== undefined) {
      const size = element(xml, '<Size>', '</Size>', pos, end);
      const time = element(xml, '<LastModified>', '</LastModified>', pos, end);
      if (time !== lastTime) {
        lastTime = time;
        lastMs = time === undefined ? 0 : Date.parse(time.trim());
        if (Number.isNaN(lastMs)) throw malformed(`LastModified ${JSON.stringify(time)}`);
      }
      const info: ObjectInfo = {
        key: decode(key),
        size: size === undefined ? 0 : Number(size),
        lastModified: new Date(lastMs)
      };
      if (!Number.isSafeInteger(info.size) || info.size < 0) throw malformed(`Size ${JSON.stringify(size)}`);
      objects.push(info);
    }
    pos = end + 11;
  }
  const prefixes: string[] = [];
  for (let pos = xml.indexOf('<CommonPrefixes>'); pos >= 0; pos = xml.indexOf('<CommonPrefixes>', pos)) {
    const end = xml.indexOf('</CommonPrefixes>', pos);
    if (end < 0) throw malformed('<CommonPrefixes> without </CommonPrefixes>');
    const prefix = element(xml, '<Prefix>', '</Prefix>', pos, end);
    if (prefix !== undefined) prefixes.push(decode(prefix));
    pos = end + 17;
  }
  const truncated = element(xml, '<IsTruncated>', '</IsTruncated>', 0, whole);
  const token = element(xml, '<NextContinuationToken>', '</NextContinuationToken>', 0, whole);
  return {
    objects,
    prefixes,
    isTruncated: truncated?.trim() === 'true',
    // Tokens are opaque: entity-decoded only, never URL-decoded.
    nextContinuationToken: token === undefined || token === '' ? undefined : xmlText(token)
  };
}

/** Signs and sends one ListObjectsV2 GET through the given keep-alive agents; the caller reads the body. */
export async function sendListRequest(
  target: LeanTarget,
  request: ListPageRequest,
  agents: LeanAgents,
  signal: AbortSignal
): Promise<http.IncomingMessage> {
  const query: Record<string, string> = { 'list-type': '2' };
  if (request.prefix) query.prefix = request.prefix;
  if (request.delimiter) query.delimiter = request.delimiter;
  if (request.continuationToken !== undefined) query['continuation-token'] = request.continuationToken;
  else if (request.startAfter !== undefined) query['start-after'] = request.startAfter;
  if (request.maxKeys !== undefined) query['max-keys'] = String(request.maxKeys);
  return sendLean(target, { method: 'GET', query }, agents, signal);
}
