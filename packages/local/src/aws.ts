/** Settings of the AWS SDK clients the local runtime points at its emulators. */

/** The emulators accept any region; one fixed region keeps queue URLs and ARNs stable across restarts. */
export const LOCAL_REGION = 'us-east-1';

/** The emulators check no signatures, but the SDK insists on signing with something. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface Endpoints {
  dynamoEndpoint: string;
  /** fauxqs: S3 and SQS on one port. */
  awsEndpoint: string;
}
