import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  dynamoUploadStore,
  type Upload,
  type UploadedContent,
  type UploadLayout,
  type UploadStatus,
  type UploadStore,
} from '../platform/uploads.ts';

/**
 * Attachments (附件) on the `exchange` table and in the `documents` bucket, as presigned uploads
 * (platform/uploads.ts):
 *   upload:  pk ATTACHMENT#<upload id>  sk ATTACHMENT   what the drafter declared (name, SHA-256,
 *            size), where the file is PUT (attachments/uploads/<upload id>), and how its check ended
 *   content: pk ATTACHMENT#<unit>#<sha256>  sk CONTENT   a completed upload of the unit whose bytes
 *            hashed to the declared SHA-256 and size, copied to attachments/<unit>/<sha256> (an object
 *            no presigned URL writes to): what drafts name and what getAttachment hands out
 * A draft names attachments by SHA-256 and size; they must be contents of the drafter's unit.
 */
export type AttachmentStatus = UploadStatus;
export type AttachmentUpload = Upload;
export type AttachmentContent = UploadedContent;
export type AttachmentStore = UploadStore;

export const uploadObjectKey = (id: string) => `attachments/uploads/${id}`;
export const contentObjectKey = (unit: string, sha256: string) => `attachments/${unit}/${sha256}`;

export const exchangeUploadLayout: UploadLayout = {
  uploadKey: (id) => ({ pk: `ATTACHMENT#${id}`, sk: 'ATTACHMENT' }),
  contentKey: (unit, sha256) => ({ pk: `ATTACHMENT#${unit}#${sha256}`, sk: 'CONTENT' }),
  uploadObjectKey,
  contentObjectKey,
};

export const dynamoAttachmentStore = (client: DynamoDBDocumentClient, table: string): AttachmentStore =>
  dynamoUploadStore(client, table, exchangeUploadLayout);
