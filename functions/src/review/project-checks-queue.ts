import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { encodeQueueBody } from '../platform/queue-body.ts';

/**
 * What the `project-checks` consumer is asked to do: run the machine checks of one submitted
 * version. The version is part of the message so that a late or repeated one changes nothing (the
 * checks are written once per version, project-store.ts recordChecks).
 */
export const projectChecksMessageSchema = z.strictObject({
  projectId: z.string().min(1).max(100),
  projectVersion: z.number().int().min(1),
});
export type ProjectChecksMessage = z.infer<typeof projectChecksMessageSchema>;

export interface ProjectChecksQueue {
  send(message: ProjectChecksMessage): Promise<void>;
}

export function sqsProjectChecksQueue(client: SQSClient, queueUrl: string): ProjectChecksQueue {
  return {
    async send(message) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: encodeQueueBody(projectChecksMessageSchema.parse(message)),
        }),
      );
    },
  };
}
