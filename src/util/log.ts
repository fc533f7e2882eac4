/**
 * util/log.ts — logging through pino. Redis's loglevel names map onto pino levels
 * (debug→debug, verbose→info, notice→info, warning→warn, nothing→silent); `logfile` selects a
 * file, and an empty logfile means stdout.
 */
import pino from 'pino';
import type { Config } from '../config';

export type Logger = pino.Logger;

const LEVELS: Record<string, pino.LevelWithSilent> = {
  debug: 'debug',
  verbose: 'debug',
  notice: 'info',
  warning: 'warn',
  nothing: 'silent',
};

export function pinoLevel(loglevel: string): pino.LevelWithSilent {
  return LEVELS[loglevel] ?? 'info';
}

/** A logger for the given config. Under NODE_ENV=test the default is silent unless LOGLEVEL is set. */
export function createLogger(config: Config): Logger {
  const file = config.str('logfile');
  let level = pinoLevel(config.str('loglevel'));
  if (process.env.NODE_ENV === 'test' && !process.env.RESPITE_LOGLEVEL) level = 'silent';
  const dest = file ? pino.destination({ dest: file, sync: true, mkdir: true }) : pino.destination({ dest: 1, sync: false });
  const logger = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, dest);
  config.onChange('loglevel', (v) => {
    if (!(process.env.NODE_ENV === 'test' && !process.env.RESPITE_LOGLEVEL)) logger.level = pinoLevel(String(v));
  });
  return logger;
}
