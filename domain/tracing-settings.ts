// OpenTelemetry tracing settings under OpenTelemetry's own variable names: off unless an OTLP endpoint is set.
import { optional, text } from './config-env';

export const tracingEnvFields = {
  /** OTLP/HTTP collector base URL (spans go to `<url>/v1/traces`); tracing is off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(text().url('must be a URL')),
  OTEL_SERVICE_NAME: optional(text().min(1)),
};

export interface TracingSettings {
  /** Where spans are posted. */
  tracesUrl: string;
  serviceName: string;
}

/** The settings, or undefined when tracing is off. */
export function tracingSettings(
  e: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_SERVICE_NAME?: string },
  defaultServiceName: string,
): TracingSettings | undefined {
  if (!e.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return {
    tracesUrl: `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`,
    serviceName: e.OTEL_SERVICE_NAME ?? defaultServiceName,
  };
}
