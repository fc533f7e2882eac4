/**
 * util/log.ts — logging through pino. Redis's loglevel names map onto pino levels, keeping
 * Redis's order (debug < verbose < notice < warning):
 *   debug → trace, verbose → debug, notice → info, warning → warn, nothing → silent.
 * So `log.debug()` is what Redis logs at LL_VERBOSE, `log.info()` LL_NOTICE, `log.warn()`
 * LL_WARNING, and `log.trace()` LL_DEBUG.
 * `logfile` names a file (appended to, created if missing); empty means stdout.
 * Under NODE_ENV=test the logger is silent unless RESPITE_LOGLEVEL is set.
 */
import pino from 'pino';
import type { Config } from '../config';

export type Logger = pino.Logger;

const LEVELS: Record<string, pino.LevelWithSilent> = {
  debug: 'trace',
  verbose: 'debug',
  notice: 'info',
  warning: 'warn',
  nothing: 'silent',
};

/** The pino level for a Redis loglevel name (unknown names → info). */
export function pinoLevel(loglevel: string): pino.LevelWithSilent {
  return LEVELS[loglevel.toLowerCase()] ?? 'info';
}

function silencedForTests(): boolean {
  return process.env.NODE_ENV === 'test' && !process.env.RESPITE_LOGLEVEL;
}

/** A logger for the given config; follows later CONFIG SET loglevel. */
export function createLogger(config: Config): Logger {
  const file = config.str('logfile');
  const envLevel = process.env.RESPITE_LOGLEVEL;
  let level = pinoLevel(envLevel ?? config.str('loglevel'));
  if (silencedForTests()) level = 'silent';
  const dest = file ? pino.destination({ dest: file, sync: true, append: true, mkdir: false }) : pino.destination({ dest: 1, sync: true });
  const logger = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, dest);
  config.onChange('loglevel', (v) => {
    if (!silencedForTests() && !envLevel) logger.level = pinoLevel(String(v));
  });
  return logger;
}
