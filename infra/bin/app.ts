import { ensureConsoleBuilt } from '@govshare/local/console-site';
import { App } from 'aws-cdk-lib';
import { addGovshareStacks } from '../govshare-app.ts';
import { addComplianceChecks } from '../nag.ts';

// The console's build is the one npm start serves: made again only when its sources changed.
// Said on stderr: the CLI may read the app's stdout.
const consoleBuild = await ensureConsoleBuilt({ info: console.error, error: console.error });
const app = new App();
addGovshareStacks(app, { consoleAssets: consoleBuild.dir });
addComplianceChecks(app);
// Synthesize explicitly so that a failed compliance check throws and the CLI exits non-zero.
app.synth();
