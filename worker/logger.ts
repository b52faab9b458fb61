// The Temporal runtime's logger backed by pino, so worker, workflow and activity logs come out as one JSON stream.
import pino from 'pino';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

export function createPinoLogger(level: string): pino.Logger {
  return pino({ level, base: { service: 'rollout-worker' }, redact: ['*.token', '*.staticToken', '*.caCert'] });
}

export function temporalLogger(log: pino.Logger): Logger {
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) => {
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    log[method]({ ...meta }, message);
  };
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}
