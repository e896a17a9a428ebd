import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: 'cn-northwest-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.AWS_ENDPOINT_URL_S3;
});
afterAll(() => {
  process.env = saved;
});

describe('presigned dataset upload URL', () => {
  it('carries no checksum of an empty body, which S3 would hold every real upload against', async () => {
    const { s3ForPresigning } = await import('@govshare/functions/platform/s3-clients.ts');
    const url = new URL(
      await getSignedUrl(
        s3ForPresigning(),
        new PutObjectCommand({ Bucket: 'datasets', Key: 'uploads/x.csv' }),
        {
          expiresIn: 900,
        },
      ),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect([...url.searchParams.keys()].filter((name) => name.toLowerCase().includes('checksum'))).toEqual(
      [],
    );
  });
});
