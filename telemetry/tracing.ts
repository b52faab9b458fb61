// Traces from the API's request through the workflow to each activity, with Temporal's OpenTelemetry interceptors:
// the client interceptor puts the span context in the workflow's headers, the workflow interceptors (bundled with the
// workflow code) and the activity interceptors continue it. The interceptors are always installed, so the workflow
// code is the same with tracing on or off; only where spans go changes (nowhere when off).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { TracingSettings } from '../domain/tracing-settings';

/** The workflow interceptors module, for `bundleWorkflowCode({ workflowInterceptorModules })`. */
export const WORKFLOW_TRACING_MODULE =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export interface Tracing {
  clientInterceptors: { workflow: OpenTelemetryWorkflowClientInterceptor[] };
  activityInterceptors: ActivityInterceptorsFactory[];
  /** The sink the bundled workflow interceptors export spans through (a no-op when tracing is off). */
  sinks: InjectedSinks<OpenTelemetrySinks>;
  shutdown(): Promise<void>;
}

export function startTracing(settings: TracingSettings | undefined): Tracing {
  const activityInterceptors: ActivityInterceptorsFactory[] = [
    (ctx) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
      outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
    }),
  ];
  const clientInterceptors = { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
  if (!settings) {
    const noop = { exporter: { export: { fn: () => undefined } } };
    return { clientInterceptors, activityInterceptors, sinks: noop, shutdown: async () => undefined };
  }
  const resource = new Resource({ 'service.name': settings.serviceName });
  const processor: SpanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return {
    clientInterceptors,
    activityInterceptors,
    sinks: { exporter: makeWorkflowExporter(processor, resource) },
    shutdown: () => provider.shutdown(),
  };
}
