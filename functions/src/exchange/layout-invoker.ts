import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { RenderedLayout } from '@govshare/domain/exchange';
import { type LayoutRenderer, LayoutRenderingError } from './official-layout.ts';

/**
 * The `layoutrenderer` function, invoked and waited for (RequestResponse). Its own error (thrown by
 * its handler, or its timeout) comes back as FunctionError and is thrown here.
 */
export function invokedLayoutRenderer(client: LambdaClient, functionName: string): LayoutRenderer {
  return async (request) => {
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
    if (answer.FunctionError) {
      const { errorType, errorMessage } = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      throw new LayoutRenderingError(
        `${functionName} could not render document ${request.document.id}: ${String(errorType ?? answer.FunctionError)}: ${String(errorMessage ?? '')}`,
      );
    }
    return JSON.parse(text) as RenderedLayout;
  };
}
