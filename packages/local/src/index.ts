export type { Endpoints } from './aws.ts';
export { LOCAL_CREDENTIALS, LOCAL_REGION } from './aws.ts';
export { CONSOLE_DIST, consoleSourceHash, ensureConsoleBuilt } from './console-site.ts';
export { DEV_ISSUER_KEY_FILE, devIssuerKey } from './dev-issuer.ts';
export { type Emulators, JAVA_INSTALL_COMMAND, PortInUseError, startEmulators } from './emulators.ts';
export { createGateway, MAX_BODY_BYTES } from './gateway.ts';
export { type LocalFunction, localFunctions } from './invoke.ts';
export { AlreadyRunningError, acquireLock, LOCK_FILE, type LockInfo } from './lock.ts';
export { consoleLog, type LocalLog, silentLog } from './log.ts';
export {
  LOCAL_AUDIENCE,
  type LocalPlatform,
  type LocalPlatformOptions,
  startLocalPlatform,
} from './platform.ts';
export { startPollers } from './pollers.ts';
export { dlqName, ensureResources, physicalName, type QueueResource, type Resources } from './resources.ts';
export { nextRun, scheduledEvent, startScheduler } from './scheduler.ts';
