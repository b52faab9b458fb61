// Traces of the API's Temporal calls (start, updates, queries) and of every activity (Azure calls, metric reads),
// with Temporal's OpenTelemetry interceptors on the client and the activities. Not on the workflow: in SDK 1.24 its
// workflow interceptors change when update commands are emitted, so a workflow replayed from its own history fails
// with a nondeterminism error (the CLI test's approve-while-watching rollout: 60 failed replays with them, none
// without), and histories recorded without them do not replay with them. Off unless an OTLP endpoint is set.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { TracingSettings } from '../domain/tracing-settings';

export interface Tracing {
  clientInterceptors: { workflow: OpenTelemetryWorkflowClientInterceptor[] };
  activityInterceptors: ActivityInterceptorsFactory[];
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
  if (!settings) return { clientInterceptors, activityInterceptors, shutdown: async () => undefined };
  const resource = new Resource({ 'service.name': settings.serviceName });
  const processor: SpanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return {
    clientInterceptors,
    activityInterceptors,
    shutdown: () => provider.shutdown(),
  };
}
