/**
 * persistence/stream-codec.ts — streams in RDB (RDB_TYPE_STREAM_LISTPACKS*). Not implemented
 * yet: writing a stream throws UnsupportedValue (SAVE/BGSAVE fail, DUMP errors), reading one
 * fails as corrupt data.
 */
import type { TypedValue } from '../db/database';
import type { RdbWriter } from './rdb-writer';

export class UnsupportedValue extends Error {}

export function writeStream(_w: RdbWriter, _v: TypedValue): void {
  throw new UnsupportedValue('streams cannot be persisted yet');
}
