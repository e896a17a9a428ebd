import { App } from 'aws-cdk-lib';
import { addGovshareStacks } from '../govshare-app.ts';
import { addComplianceChecks } from '../nag.ts';

const app = new App();
addGovshareStacks(app);
addComplianceChecks(app);
// Synthesize explicitly so that a failed compliance check throws and the CLI exits non-zero.
app.synth();
